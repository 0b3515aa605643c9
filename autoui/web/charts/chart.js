// autoui's own charts: line, bar and scatter plots of a table, drawn as SVG with axes,
// ticks, a legend (hover a series to pick it out) and a tooltip per point. No charting
// library: loaded only by pages that show a chart (through their kind's module).

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { json } from "../components/json.js";
import { axisType, dateValue, formatNumber, linear, niceTicks, timeTicks } from "./scale.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const HEIGHT = 300;
const CHAR = 7; // px per character of a tick label, to leave room for them
const MAX_MARKERS = 400; // a line's points get dots up to this many

const STYLE = `
.chart-out { margin: 0; position: relative; display: flex; flex-direction: column; gap: .35rem; }
.chart-out h4 { margin: 0; font-size: .95rem; }
.chart-out svg { width: 100%; display: block; overflow: visible; font: 11px var(--font); }
.chart-out .grid line { stroke: var(--border); }
.chart-out .axis text { fill: var(--muted); }
.chart-out .axis line, .chart-out .axis path { stroke: var(--muted); }
.chart-out .axis-title { fill: var(--text); font-weight: 600; }
.chart-out .series { transition: opacity .15s; }
.chart-out .series.dim { opacity: .15; }
.chart-out .mark.hot { stroke: var(--text); stroke-width: 2; }
.chart-tip { position: absolute; pointer-events: none; background: var(--surface); border: 1px solid var(--border); box-shadow: var(--shadow); border-radius: var(--radius-sm); padding: .25rem .5rem; font-size: .8rem; white-space: nowrap; transform: translate(-50%, calc(-100% - 10px)); }
.chart-legend { display: flex; flex-wrap: wrap; gap: .3rem .9rem; list-style: none; margin: 0; padding: 0; font-size: .85rem; }
.chart-legend li { cursor: default; }
.chart-legend li::before { content: ""; display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .35em; background: var(--swatch); vertical-align: -.05em; }
.chart-empty { color: var(--muted); }
`;

/** An SVG element: s("line", {x1: 0, ...}, ...children). */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  el.append(...children.flat());
  return el;
}

/** The payload's series, each with its points {x (the cell), y}. */
export function seriesOf(payload) {
  const col = (name) => payload.headers.indexOf(name);
  const xi = col(payload.x);
  const ci = payload.color ? col(payload.color) : -1;
  return (payload.series || []).map((series, index) => {
    const yi = col(series.y);
    const rows = payload.rows.filter((row) => ci < 0 || row[ci] === series.group);
    const points = rows.filter((row) => typeof row[yi] === "number").map((row) => ({ x: row[xi], y: row[yi] }));
    return { ...series, index, points };
  });
}

/** The horizontal scale: {type, at(cell) → px, ticks: [[px, label]], band (bars' width)}. */
function xScale(mark, series, [left, right]) {
  const cells = series.flatMap((s) => s.points.map((p) => p.x));
  const type = mark === "bar" ? "band" : axisType(cells);
  if (type === "band") {
    const names = [...new Set(cells.map(String))];
    const band = (right - left) / Math.max(1, names.length);
    const at = (cell) => left + band * (names.indexOf(String(cell)) + 0.5);
    return { type, at, band, ticks: names.map((n) => [at(n), n]) };
  }
  const value = type === "time" ? dateValue : Number;
  const values = cells.map(value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  if (type === "time") {
    const place = linear(min === max ? [min - 1, max + 1] : [min, max], [left, right]);
    const { ticks, format } = timeTicks(min, max);
    return { type, at: (cell) => place(value(cell)), ticks: ticks.map((t) => [place(t), format(t)]) };
  }
  const nice = niceTicks(min, max, Math.max(2, Math.floor((right - left) / 80)));
  const place = linear(nice.domain, [left, right]);
  return { type, at: (cell) => place(value(cell)), ticks: nice.ticks.map((t) => [place(t), formatNumber(t)]) };
}

function yScale(mark, series, [bottom, top]) {
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const min = mark === "bar" ? Math.min(0, ...ys) : Math.min(...ys);
  const max = mark === "bar" ? Math.max(0, ...ys) : Math.max(...ys);
  const nice = niceTicks(min, max, Math.max(2, Math.floor((bottom - top) / 50)));
  const at = linear(nice.domain, [bottom, top]);
  return { at, zero: at(Math.max(nice.domain[0], Math.min(0, nice.domain[1]))), ticks: nice.ticks.map((t) => [at(t), formatNumber(t)]) };
}

/** Leave every k-th band label so that labels do not overlap. */
function thinned(ticks, width) {
  const longest = Math.max(1, ...ticks.map(([, label]) => label.length));
  const k = Math.max(1, Math.ceil((longest * CHAR + 8) / Math.max(1, width / Math.max(1, ticks.length))));
  return ticks.filter((_, i) => i % k === 0);
}

function axes(frame, x, y, titles) {
  const { left, right, top, bottom, width } = frame;
  const grid = s("g", { class: "grid" }, y.ticks.map(([py]) => s("line", { x1: left, x2: right, y1: py, y2: py })));
  const yAxis = s("g", { class: "axis axis-y" }, y.ticks.map(([py, label]) =>
    s("text", { x: left - 6, y: py, "text-anchor": "end", "dominant-baseline": "middle" }, label)));
  const xTicks = x.type === "band" ? thinned(x.ticks, right - left) : x.ticks;
  const xAxis = s("g", { class: "axis axis-x" },
    s("line", { x1: left, x2: right, y1: bottom, y2: bottom }),
    xTicks.map(([px, label]) => s("g", {},
      s("line", { x1: px, x2: px, y1: bottom, y2: bottom + 4 }),
      s("text", { x: px, y: bottom + 16, "text-anchor": "middle" }, label))));
  const parts = [grid, yAxis, xAxis];
  if (titles.x) parts.push(s("text", { class: "axis-title", x: (left + right) / 2, y: bottom + 34, "text-anchor": "middle" }, titles.x));
  if (titles.y) parts.push(s("text", { class: "axis-title", transform: `translate(12 ${(top + bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, titles.y));
  return { parts, width };
}

function dot(series, point, px, py, r) {
  return s("circle", { class: "mark", cx: px, cy: py, r, fill: series.color, "data-series": series.index, "data-x": String(point.x), "data-y": point.y });
}

/** The marks of every series; returns their groups and the points a tooltip can pick. */
function marks(mark, series, x, y) {
  const hits = [];
  const groups = series.map((ser) => {
    const g = s("g", { class: "series", "data-series": ser.index });
    const placed = ser.points.map((p) => ({ p, px: x.at(p.x), py: y.at(p.y) }));
    if (mark === "line") {
      placed.sort((a, b) => a.px - b.px);
      const d = placed.map(({ px, py }, i) => `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`).join("");
      g.append(s("path", { d, fill: "none", stroke: ser.color, "stroke-width": 2, "stroke-linejoin": "round" }));
    }
    if (mark !== "bar") {
      const r = mark === "scatter" ? 4 : placed.length <= MAX_MARKERS ? 3 : 0;
      if (r) g.append(...placed.map(({ p, px, py }) => dot(ser, p, px, py, r)));
    }
    placed.forEach(({ p, px, py }) => hits.push({ series: ser, point: p, px, py }));
    return g;
  });
  if (mark === "bar") bars(series, x, y, groups);
  return { groups, hits };
}

/** Grouped bars: in each category, the series with a value there share its band. */
function bars(series, x, y, groups) {
  const byCategory = new Map();
  for (const ser of series) for (const p of ser.points) {
    const key = String(p.x);
    if (!byCategory.has(key)) byCategory.set(key, []);
    byCategory.get(key).push([ser, p]);
  }
  for (const [key, entries] of byCategory) {
    const width = (x.band * 0.8) / entries.length;
    entries.forEach(([ser, p], i) => {
      const px = x.at(key) - x.band * 0.4 + i * width;
      const [top, bottom] = [Math.min(y.at(p.y), y.zero), Math.max(y.at(p.y), y.zero)];
      groups[ser.index].append(s("rect", { class: "mark", x: px, y: top, width: Math.max(1, width - 1), height: Math.max(1, bottom - top), fill: ser.color, "data-series": ser.index, "data-x": String(p.x), "data-y": p.y }));
    });
  }
}

function frameFor(width, series, y0, titles) {
  const labels = y0.ticks.map(([, label]) => label.length);
  const left = 8 + (titles.y ? 18 : 0) + CHAR * Math.max(2, ...labels);
  return { left, right: width - 12, top: 10, bottom: HEIGHT - (titles.x ? 44 : 26), width };
}

/** Draw the chart of `payload` into `host` (an <svg>), `width` px wide; returns tooltip targets. */
function draw(svg, mark, payload, props, width) {
  const series = seriesOf(payload);
  const titles = { x: props.x_title ?? payload.x, y: props.y_title ?? (payload.y?.length === 1 ? payload.y[0] : "") };
  const probe = yScale(mark, series, [HEIGHT, 0]);
  const frame = frameFor(width, series, probe, titles);
  const x = xScale(mark, series, [frame.left + (mark === "bar" ? 0 : 6), frame.right - (mark === "bar" ? 0 : 6)]);
  const y = yScale(mark, series, [frame.bottom, frame.top]);
  const { groups, hits } = marks(mark, series, x, y);
  svg.replaceChildren(...axes(frame, x, y, titles).parts, ...groups);
  svg.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
  svg.setAttribute("height", HEIGHT);
  return { series, hits, groups, x: payload.x };
}

function describe(mark, payload, count) {
  const what = { line: "Line plot", bar: "Bar chart", scatter: "Scatter plot" }[mark];
  return `${what} of ${(payload.y || []).join(", ")} by ${payload.x}${count > 1 ? `, ${count} series` : ""}`;
}

function output(mark) {
  return (ctx) => {
    useStyle("chart", STYLE);
    const props = ctx.spec.props || {};
    const svg = s("svg", { role: "img" });
    const tip = h("div", { class: "chart-tip", hidden: true, role: "status" });
    const legend = h("ul", { class: "chart-legend", "aria-label": "Series" });
    const title = h("h4", { hidden: !props.title, text: props.title || "" });
    const empty = h("p", { class: "chart-empty", text: "No data to plot.", hidden: true });
    const el = h("figure", { class: `chart-out chart-${mark}` }, title, svg, empty, legend, tip);
    let payload = null;
    let drawn = null;
    let width = 0;

    const render = () => {
      width = Math.round(el.clientWidth) || 640;
      drawn = draw(svg, mark, payload, props, width);
      svg.setAttribute("aria-label", describe(mark, payload, drawn.series.length));
      legend.replaceChildren(...drawn.series.map((ser) => h("li", { style: `--swatch:${ser.color}`, dataset: { series: ser.index }, text: ser.name })));
      legend.hidden = drawn.series.length < 2 && !payload.color;
    };
    new ResizeObserver(() => payload && Math.round(el.clientWidth) !== width && el.clientWidth > 0 && render()).observe(el);
    wireHover({ el, svg, tip, legend, get: () => drawn, mark });
    return {
      el,
      set(value) {
        payload = value && Array.isArray(value.rows) ? value : null;
        tip.hidden = true;
        const none = !payload || !payload.rows.length;
        svg.style.display = none ? "none" : "";
        empty.hidden = !(payload && none);
        legend.hidden = none;
        if (none) {
          svg.replaceChildren();
          legend.replaceChildren();
          return;
        }
        render();
      },
    };
  };
}

function focusSeries(drawn, index) {
  drawn?.groups.forEach((g, i) => g.classList.toggle("dim", index !== null && i !== index));
}

function nearest(drawn, mx, my) {
  let best = null;
  let bestDistance = 24 ** 2;
  for (const hit of drawn.hits) {
    const d = (hit.px - mx) ** 2 + (hit.py - my) ** 2;
    if (d < bestDistance) [best, bestDistance] = [hit, d];
  }
  return best;
}

function wireHover({ el, svg, tip, legend, get, mark }) {
  let hot = null;
  const show = (hit, target) => {
    const x = get()?.x ?? "x";
    hot?.classList.remove("hot");
    hot = target;
    hot?.classList.add("hot");
    tip.hidden = !hit;
    if (!hit) return;
    const box = svg.getBoundingClientRect();
    const scale = box.width / Number(svg.viewBox.baseVal.width || box.width);
    const frame = el.getBoundingClientRect();
    tip.style.left = `${box.left - frame.left + hit.px * scale}px`;
    tip.style.top = `${box.top - frame.top + hit.py * scale}px`;
    tip.textContent = `${hit.series.name} — ${x}: ${hit.point.x}, ${hit.series.y}: ${formatNumber(hit.point.y)}`;
  };
  svg.addEventListener("pointermove", (event) => {
    const drawn = get();
    if (!drawn) return;
    const box = svg.getBoundingClientRect();
    const scale = Number(svg.viewBox.baseVal.width || box.width) / box.width;
    const [mx, my] = [(event.clientX - box.left) * scale, (event.clientY - box.top) * scale];
    const rect = mark === "bar" ? event.target.closest?.("rect.mark") : null;
    const hit = rect ? drawn.hits.find((h) => h.series.index === Number(rect.dataset.series) && String(h.point.x) === rect.dataset.x) : nearest(drawn, mx, my);
    const target = rect || (hit && svg.querySelector(`.series[data-series="${hit.series.index}"] .mark[data-x="${CSS.escape(String(hit.point.x))}"]`));
    show(hit, target);
  });
  svg.addEventListener("pointerleave", () => show(null, null));
  legend.addEventListener("pointerover", (event) => {
    const item = event.target.closest("li");
    if (item) focusSeries(get(), Number(item.dataset.series));
  });
  legend.addEventListener("pointerleave", () => focusSeries(get(), null));
}

/** The renderer of one chart kind ("line", "bar" or "scatter"): an output only. */
export function chartRenderer(mark) {
  return {
    input: json.input,
    output: output(mark),
    example: () => ({ headers: ["x", "y"], rows: [[1, 2], [2, 3]], x: "x", y: ["y"], color: null, series: [{ name: "y", y: "y", group: null, color: "#4e79a7" }] }),
  };
}
