// dataframe: outputs as a table sortable by any column (click or Enter on a header);
// inputs as an editable grid with rows that can be added and removed.

import { h } from "../dom.js";

const collator = new Intl.Collator(undefined, { numeric: true });

function compare(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a ?? ""), String(b ?? ""));
}

/**
 * A number as people read it: float noise rounded off (200.66000000000003 → "200.66"),
 * never cut; the exact value stays in the cell's title.
 */
export function formatNumber(value) {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** One output cell: numbers right-aligned and formatted, objects as JSON. */
export function tableCell(c) {
  if (typeof c === "number") {
    const text = formatNumber(c);
    return h("td", { class: "num", text, title: text === String(c) ? null : String(c) });
  }
  return h("td", { text: c === null || c === undefined ? "" : typeof c === "object" ? JSON.stringify(c) : String(c) });
}

function normalise(payload) {
  if (!payload) return { headers: [], rows: [] };
  if (Array.isArray(payload)) return { headers: (payload[0] || []).map((_, i) => String(i + 1)), rows: payload };
  return { headers: payload.headers || payload.columns || [], rows: payload.rows || payload.data || [] };
}

function output(ctx) {
  const wrap = h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": ctx.spec.label || ctx.spec.name });
  let data = { headers: [], rows: [] };
  let sort = { col: -1, dir: 1 };

  function draw() {
    const rows = data.rows.slice();
    if (sort.col >= 0) rows.sort((a, b) => sort.dir * compare(a[sort.col], b[sort.col]));
    const head = data.headers.map((name, i) => {
      const state = sort.col === i ? (sort.dir > 0 ? "ascending" : "descending") : "none";
      return h("th", { scope: "col", "aria-sort": state },
        h("button", { type: "button", class: "sort", onclick: () => resort(i) }, String(name), h("span", { class: "sort-mark", "aria-hidden": "true", text: state === "ascending" ? " ▲" : state === "descending" ? " ▼" : "" })),
      );
    });
    wrap.replaceChildren(
      h("table", { class: "dataframe" },
        h("thead", {}, h("tr", {}, head)),
        h("tbody", {}, rows.map((r) => h("tr", {}, r.map(tableCell)))),
      ),
    );
  }
  function resort(col) {
    sort = sort.col === col ? { col, dir: -sort.dir } : { col, dir: 1 };
    draw();
    wrap.querySelectorAll("th button")[col]?.focus();
  }
  return {
    el: wrap,
    set(payload) {
      data = normalise(payload);
      sort = { col: -1, dir: 1 };
      draw();
    },
  };
}

function cellValue(text) {
  const n = Number(text);
  if (text.trim() === "") return null;
  return Number.isFinite(n) ? n : text;
}

/** Rows without blank rows, and without trailing columns left empty in every row. */
function trimmed(headers, rows) {
  const kept = rows.filter((r) => r.some((c) => c !== null));
  let width = headers.length;
  while (width > 1 && kept.every((r) => r[width - 1] === null)) width -= 1;
  return { headers: headers.slice(0, width), rows: kept.map((r) => r.slice(0, width)) };
}

function input(ctx) {
  const props = ctx.spec.props || {};
  const fixed = Array.isArray(props.headers) && props.headers.length > 0;
  let headers = fixed ? props.headers.slice() : ["A", "B", "C"];
  const body = h("tbody");
  const table = h("table", { class: "dataframe editable", id: ctx.id });
  const cell = (name, row, value) =>
    h("td", {}, h("input", { type: "text", value: value ?? "", "aria-label": `${name}, row ${row}`, oninput: () => ctx.changed() }));
  const addRow = (values = []) => {
    const row = body.rows.length + 1;
    const remove = h("button", { type: "button", class: "ghost small", "aria-label": `Remove row ${row}`, text: "×", onclick: () => { tr.remove(); ctx.changed(); } });
    const tr = h("tr", {}, headers.map((name, i) => cell(name, row, values[i])), h("td", {}, remove));
    body.append(tr);
  };
  const read = () => [...body.rows].map((tr) => [...tr.querySelectorAll("input")].map((i) => cellValue(i.value)));
  const draw = (rows) => {
    table.replaceChildren(h("thead", {}, h("tr", {}, headers.map((name) => h("th", { scope: "col", text: String(name) })), h("th", {}))), body);
    body.replaceChildren();
    (rows.length ? rows : [[]]).forEach(addRow);
  };
  const addColumn = () => {
    const rows = read();
    headers = [...headers, String.fromCharCode(65 + (headers.length % 26))];
    draw(rows);
  };
  draw([]);
  return {
    el: h("div", { class: "grid-in" },
      h("div", { class: "table-wrap" }, table),
      h("div", { class: "media-tools" },
        h("button", { type: "button", class: "ghost small", text: "Add row", onclick: () => addRow() }),
        fixed ? null : h("button", { type: "button", class: "ghost small", text: "Add column", onclick: addColumn })),
    ),
    group: true,
    get: () => (fixed ? { headers, rows: read().filter((r) => r.some((c) => c !== null)) } : trimmed(headers, read())),
    set(payload) {
      const data = normalise(payload);
      if (data.headers.length && !fixed) headers = data.headers.map(String);
      draw(data.rows);
    },
  };
}

export const dataframe = { input, output, example: () => ({ headers: ["a", "b"], rows: [[1, 2], [3, 4]] }) };
