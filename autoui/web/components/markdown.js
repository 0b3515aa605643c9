// markdown: rendered with the page's own safe renderer; inputs are plain text areas.

import { h } from "../dom.js";
import { renderMarkdown } from "../markdown.js";

/** A multi-line text input, shared by markdown, html and code inputs. */
export function textArea(ctx, { mono = false, rows = 6 } = {}) {
  const el = h("textarea", {
    id: ctx.id,
    name: ctx.spec.name,
    class: mono ? "mono" : null,
    rows,
    spellcheck: !mono,
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
  });
  return { el, get: () => el.value, set: (v) => (el.value = v === null || v === undefined ? "" : String(v)) };
}

export const markdown = {
  input: (ctx) => textArea(ctx),
  output() {
    const el = h("div", { class: "prose markdown-out" });
    return { el, set: (v) => renderMarkdown(el, v ?? "") };
  },
  example: () => "# Title\n\nSome *text*.",
};
