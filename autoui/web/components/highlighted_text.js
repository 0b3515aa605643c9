// highlighted_text: a text whose labelled spans are marked in their label's colour, with the
// label beside each and a legend. Loaded only by pages whose spec uses the kind.

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { json } from "./json.js";

const CSS = `
.highlighted { line-height: 2; white-space: pre-wrap; }
.highlighted mark { background: color-mix(in srgb, var(--span) 22%, transparent); color: inherit; border-radius: 4px; padding: .1em .25em; box-shadow: inset 0 -2px 0 var(--span); }
.highlighted .span-label { font-size: .7em; font-weight: 700; margin-left: .3em; color: var(--span); text-transform: uppercase; letter-spacing: .03em; }
.highlight-legend { display: flex; flex-wrap: wrap; gap: .4rem .9rem; list-style: none; margin: .5rem 0 0; padding: 0; font-size: .85rem; color: var(--muted); }
.highlight-legend li::before { content: ""; display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .35em; background: var(--span); vertical-align: -.05em; }
`;

/** A label's colour: the app's, else one spread around the hue circle by the label's text. */
export function labelColour(label, colorMap = {}) {
  if (colorMap && colorMap[label]) return colorMap[label];
  let hash = 0;
  for (const char of String(label)) hash = (hash * 31 + char.codePointAt(0)) % 360;
  return `hsl(${hash} 70% 45%)`;
}

function output(ctx) {
  useStyle("highlighted_text", CSS);
  const props = ctx.spec.props || {};
  const text = h("p", { class: "highlighted", tabindex: "0" });
  const legend = h("ul", { class: "highlight-legend", "aria-label": "Labels" });
  return {
    el: h("div", { class: "highlighted-out" }, text, legend),
    set(spans) {
      const items = Array.isArray(spans) ? spans : [];
      const labels = [...new Set(items.filter((s) => s.label !== null && s.label !== undefined).map((s) => String(s.label)))];
      text.replaceChildren(...items.map((span) => {
        if (span.label === null || span.label === undefined) return document.createTextNode(String(span.text ?? ""));
        const label = String(span.label);
        return h("mark", { style: `--span:${labelColour(label, props.color_map)}`, dataset: { label } },
          String(span.text ?? ""), h("span", { class: "span-label", text: label }));
      }));
      legend.replaceChildren(...labels.map((label) => h("li", { style: `--span:${labelColour(label, props.color_map)}`, text: label })));
      legend.hidden = props.show_legend === false || labels.length === 0;
    },
  };
}

export const renderer = {
  input: json.input,
  output,
  example: () => [{ text: "Ada", label: "PER" }, { text: " moved to ", label: null }, { text: "London", label: "LOC" }],
};
