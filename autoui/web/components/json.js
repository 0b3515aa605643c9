// json: outputs as a collapsible tree (<details>, so it is keyboard-usable as is);
// inputs as JSON text, checked in the page before sending.

import { ClientError } from "../client.js";
import { h } from "../dom.js";

function leaf(value) {
  const type = value === null ? "null" : typeof value;
  return h("span", { class: `json-${type}`, text: type === "string" ? JSON.stringify(value) : String(value) });
}

/** A tree of <details> for objects and arrays; levels deeper than `open` start closed. */
export function jsonTree(value, open = 2, key = null) {
  const keyNode = key === null ? null : h("span", { class: "json-key", text: `${key}: ` });
  if (value === null || typeof value !== "object") return h("div", { class: "json-line" }, keyNode, leaf(value));
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return h("details", { class: "json-node", open: open > 0 },
    h("summary", {}, keyNode, h("span", { class: "json-count", text: summary })),
    entries.map(([k, v]) => jsonTree(v, open - 1, k)),
  );
}

function input(ctx) {
  const el = h("textarea", {
    id: ctx.id,
    class: "mono",
    rows: 4,
    spellcheck: false,
    placeholder: '{"key": "value"}',
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
  });
  return {
    el,
    get() {
      if (!el.value.trim()) return null;
      try {
        return JSON.parse(el.value);
      } catch (err) {
        if (ctx.spec.props?.accepts_text) return el.value.trim(); // the type takes text too
        throw new ClientError(`expected JSON (${err.message})`, { param: ctx.path });
      }
    },
    set: (v) => (el.value = v === null || v === undefined ? "" : JSON.stringify(v, null, 2)),
  };
}

function output() {
  const el = h("div", { class: "json-out" });
  return { el, set: (v) => el.replaceChildren(v === undefined ? "" : jsonTree(v)) };
}

export const json = { input, output, example: () => ({ key: "value" }) };
