// annotated_image: an image with its labelled boxes and masks drawn over it in SVG, and a
// legend; hovering a label (or a region) picks out its regions. Loaded only by pages
// whose spec uses the kind.

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { json } from "./json.js";
import { downloadLink, fileUrl } from "./upload.js";

const SVG_NS = "http://www.w3.org/2000/svg";

const STYLE = `
.annotated-out { margin: 0; display: flex; flex-direction: column; gap: .4rem; }
.annotated-stage { position: relative; align-self: flex-start; max-width: 100%; line-height: 0; }
.annotated-stage img { max-width: 100%; max-height: 32rem; border-radius: var(--radius-sm); display: block; }
.annotated-stage svg { position: absolute; inset: 0; width: 100%; height: 100%; overflow: visible; }
.annotated-stage .region { transition: opacity .15s; }
.annotated-stage .region rect.box { fill: var(--c); fill-opacity: .12; stroke: var(--c); stroke-width: 2; vector-effect: non-scaling-stroke; }
.annotated-stage .region .fill { fill: var(--c); opacity: .45; }
.annotated-stage .region.dim { opacity: .12; }
.annotated-stage .region.hot rect.box { fill-opacity: .3; stroke-width: 3; }
.annotated-stage .region.hot .fill { opacity: .7; }
.annotated-stage .tag { font: 600 12px var(--font); fill: #fff; paint-order: stroke; stroke: var(--c); stroke-width: 3px; }
.annotated-legend { display: flex; flex-wrap: wrap; gap: .3rem .5rem; list-style: none; margin: 0; padding: 0; font-size: .85rem; }
.annotated-legend li { padding: .1rem .5rem; border-radius: 999px; border: 1px solid var(--c); cursor: default; }
.annotated-legend li::before { content: ""; display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .35em; background: var(--c); }
.annotated-legend li.hot { background: color-mix(in srgb, var(--c) 25%, transparent); }
`;

let masks = 0; // page-unique ids of SVG <mask> elements

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}

/** One annotation as an SVG group in the image's own pixel coordinates. */
function region(ctx, item, color, { scale, width, height }) {
  const text = item.score === undefined || item.score === null ? item.label : `${item.label} ${Math.round(item.score * 100)}%`;
  const g = s("g", { class: "region", style: `--c:${color}`, "data-label": item.label }, s("title", {}, text));
  if (Array.isArray(item.box)) {
    const [x0, y0, x1, y1] = item.box;
    g.append(s("rect", { class: "box", x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
    const size = 12 * scale;
    g.append(s("text", { class: "tag", x: x0 + 3 * scale, y: y0 + size + 2 * scale, style: `font-size:${size}px;stroke-width:${3 * scale}px` }, text));
  } else if (item.mask) {
    const id = `autoui-mask-${(masks += 1)}`;
    const url = fileUrl(ctx, item.mask);
    g.append(
      s("mask", { id, maskUnits: "userSpaceOnUse" }, s("image", { href: url, x: 0, y: 0, width, height, preserveAspectRatio: "none" })),
      s("rect", { class: "fill", x: 0, y: 0, width, height, mask: `url(#${id})` }),
    );
  }
  return g;
}

function highlight(svg, legend, label) {
  for (const g of svg.querySelectorAll(".region")) {
    g.classList.toggle("dim", label !== null && g.dataset.label !== label);
    g.classList.toggle("hot", label !== null && g.dataset.label === label);
  }
  for (const li of legend.children) li.classList.toggle("hot", li.dataset.label === label);
}

function output(ctx) {
  useStyle("annotated_image", STYLE);
  const props = ctx.spec.props || {};
  const name = ctx.spec.label || ctx.spec.name;
  const img = h("img", { alt: name });
  const svg = s("svg", { "aria-hidden": "true" });
  const stage = h("div", { class: "annotated-stage" }, img, svg);
  const legend = h("ul", { class: "annotated-legend", "aria-label": `${name}: labels` });
  const caption = h("figcaption", {});
  const el = h("figure", { class: "annotated-out", hidden: true }, stage, legend, caption);
  const pick = (event) => highlight(svg, legend, event.target.closest?.("[data-label]")?.dataset.label ?? null);
  for (const target of [svg, legend]) {
    target.addEventListener("pointerover", pick);
    target.addEventListener("pointerleave", () => highlight(svg, legend, null));
  }
  svg.style.pointerEvents = "visiblePainted";
  return {
    el,
    set(payload) {
      const ok = payload && typeof payload === "object" && payload.image;
      el.hidden = !ok;
      if (!ok) return;
      const [width, height] = [payload.width || 1, payload.height || 1];
      const scale = Math.max(1, Math.max(width, height) / 640); // labels readable on big images
      const colors = payload.colors || {};
      const items = Array.isArray(payload.annotations) ? payload.annotations : [];
      img.src = fileUrl(ctx, payload.image);
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("preserveAspectRatio", "none");
      svg.replaceChildren(...items.map((item) => region(ctx, item, colors[item.label] || "#4e79a7", { scale, width, height })));
      const labels = [...new Set(items.map((item) => item.label))];
      legend.replaceChildren(...labels.map((label) => h("li", { style: `--c:${colors[label] || "#4e79a7"}`, dataset: { label }, tabindex: "0", text: `${label} (${items.filter((i) => i.label === label).length})`, onfocus: () => highlight(svg, legend, label), onblur: () => highlight(svg, legend, null) })));
      legend.hidden = props.show_legend === false || !labels.length;
      img.alt = `${name}: ${labels.join(", ") || "no labels"}`;
      caption.replaceChildren(downloadLink(ctx, payload.image));
    },
  };
}

export const renderer = { input: json.input, output, example: () => null };
