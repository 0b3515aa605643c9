// image_slider: two images over each other; a slider (a real range input, so keyboards and
// screen readers work) uncovers one or the other. Inputs: two image pickers.

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { image, TINY_PNG } from "./image.js";
import { downloadLink, fileUrl } from "./upload.js";

const CSS = `
.image-slider { position: relative; display: inline-grid; max-width: 100%; border-radius: var(--radius-sm); overflow: hidden; }
.image-slider img { grid-area: 1 / 1; max-width: 100%; display: block; }
.image-slider .after { clip-path: inset(0 0 0 calc(var(--at) * 100%)); }
.image-slider .divider { grid-area: 1 / 1; justify-self: start; width: 2px; height: 100%; background: #fff; box-shadow: 0 0 4px rgb(0 0 0 / .6); margin-left: calc(var(--at) * 100%); pointer-events: none; }
.image-slider .side { position: absolute; top: .4rem; padding: .1rem .45rem; border-radius: 4px; background: rgb(0 0 0 / .55); color: #fff; font-size: .75rem; }
.image-slider .side.left { left: .4rem; } .image-slider .side.right { right: .4rem; }
.image-slider input[type=range] { grid-area: 1 / 1; align-self: end; width: 100%; margin: 0 0 .4rem; }
.image-slider-in { display: grid; grid-template-columns: 1fr 1fr; gap: .6rem; }
`;

function output(ctx) {
  useStyle("image_slider", CSS);
  const props = ctx.spec.props || {};
  const [first, second] = props.labels || ["Before", "After"];
  const name = ctx.spec.label || ctx.spec.name;
  const before = h("img", { class: "before", alt: `${name}: ${first}` });
  const after = h("img", { class: "after", alt: `${name}: ${second}` });
  const frame = h("div", { class: "image-slider", hidden: true });
  const range = h("input", {
    type: "range", min: 0, max: 100, step: 1, "aria-label": `${name}: ${first} ↔ ${second}`,
    oninput: () => frame.style.setProperty("--at", String(range.value / 100)),
  });
  frame.append(before, after, h("span", { class: "divider" }), h("span", { class: "side left", text: first }), h("span", { class: "side right", text: second }), range);
  const links = h("figcaption", {});
  return {
    el: h("figure", { class: "image-slider-out" }, frame, links),
    set(pair) {
      const ok = Array.isArray(pair) && pair.length === 2;
      frame.hidden = !ok;
      if (!ok) {
        links.replaceChildren();
        return;
      }
      before.src = fileUrl(ctx, pair[0]);
      after.src = fileUrl(ctx, pair[1]);
      range.value = String(Math.round((props.position ?? 0.5) * 100));
      range.dispatchEvent(new Event("input"));
      links.replaceChildren(downloadLink(ctx, pair[0], first), " ", downloadLink(ctx, pair[1], second));
    },
  };
}

function input(ctx) {
  useStyle("image_slider", CSS);
  const [first, second] = ctx.spec.props?.labels || ["Before", "After"];
  const sides = [first, second].map((side, i) => image.input({ ...ctx, id: i === 0 ? ctx.id : `${ctx.id}-2`, spec: { ...ctx.spec, label: side } }));
  return {
    el: h("div", { class: "image-slider-in" }, sides.map((s, i) => h("div", {}, h("span", { class: "muted", text: [first, second][i] }), s.el))),
    labelFor: ctx.id,
    async get() {
      const [a, b] = [await sides[0].get(), await sides[1].get()];
      return a === null && b === null ? null : [a, b];
    },
    set(value) {
      const [a, b] = Array.isArray(value) ? value : [null, null];
      sides[0].set(a ?? null);
      sides[1].set(b ?? null);
    },
  };
}

export const renderer = { input, output, example: () => [TINY_PNG, TINY_PNG] };
