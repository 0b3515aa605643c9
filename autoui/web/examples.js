// The docstring's examples as a table; choosing a row fills the inputs with it.

import { h } from "./dom.js";

function cell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" && value.startsWith("data:image/")) return h("img", { src: value, alt: "image", class: "example-thumb" });
  if (typeof value === "object" && !Array.isArray(value) && (value.url || value.name)) {
    return String(value.mime_type || "").startsWith("image/") && value.url
      ? h("img", { src: value.url, alt: value.name || "image", class: "example-thumb" })
      : value.name || value.url;
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A table of examples, or null when the function has none. */
export function examplesTable(fn, fill) {
  const rows = (fn.examples || [])
    .filter((row) => row && typeof row === "object")
    .map((row) => (Array.isArray(row) ? Object.fromEntries(fn.inputs.map((p, i) => [p.name, row[i]])) : row));
  if (!rows.length) return null;
  const columns = fn.inputs.filter((p) => rows.some((row) => p.name in row));
  const choose = (row) => fill(row);
  return h("section", { class: "examples card", "aria-label": "Examples" },
    h("h3", { text: "Examples" }),
    h("div", { class: "table-wrap" },
      h("table", { class: "examples-table" },
        h("thead", {}, h("tr", {}, columns.map((p) => h("th", { scope: "col", text: p.label || p.name })))),
        h("tbody", {},
          rows.map((row, i) =>
            h("tr", {
              tabindex: "0",
              role: "button",
              "aria-label": `Use example ${i + 1}`,
              onclick: () => choose(row),
              onkeydown: (e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  choose(row);
                }
              },
            }, columns.map((p) => h("td", {}, cell(row[p.name])))),
          ),
        ),
      ),
    ),
  );
}
