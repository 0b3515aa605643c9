// html: the server sanitises HTML outputs; the page strips them again (scripts, frames,
// on* handlers, javascript: URLs) in an inert <template> before inserting them.

import { h } from "../dom.js";
import { sanitizeHtml } from "../sanitize.js";
import { textArea } from "./markdown.js";

export const html = {
  input: (ctx) => textArea(ctx, { mono: true }),
  output() {
    const el = h("div", { class: "prose html-out" });
    return { el, set: (v) => el.replaceChildren(sanitizeHtml(v ?? "")) };
  },
  example: () => "<p>Hello</p>",
};
