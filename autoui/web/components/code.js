// code: highlighted, with a copy button; inputs are monospace text areas.

import { h } from "../dom.js";
import { highlight } from "../highlight.js";
import { textArea } from "./markdown.js";
import { copyText } from "./textbox.js";

export const code = {
  input: (ctx) => textArea(ctx, { mono: true, rows: Number(ctx.spec.props?.lines) || 8 }),
  output(ctx) {
    const codeEl = h("code", { class: ctx.spec.props?.language ? `lang-${ctx.spec.props.language}` : null });
    const copy = h("button", { type: "button", class: "icon-btn copy", text: "Copy", onclick: () => copyText(codeEl.textContent, copy) });
    return {
      el: h("div", { class: "code-out" }, h("pre", { tabindex: "0" }, codeEl), copy),
      set: (v) => highlight(codeEl, v ?? "", ctx.spec.props?.language || ""),
    };
  },
  example: () => "print('hello')",
};
