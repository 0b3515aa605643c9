// textbox: single-line input (Enter submits) or a textarea (Ctrl+Enter submits).

import { h } from "../dom.js";

function input(ctx) {
  const { props = {} } = ctx.spec;
  const lines = Number(props.lines || 1);
  const attrs = {
    id: ctx.id,
    name: ctx.spec.name,
    placeholder: props.placeholder || null,
    maxlength: props.max_length || null,
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
  };
  const el = lines > 1
    ? h("textarea", { ...attrs, rows: Math.min(lines, 20) })
    : h("input", {
        ...attrs,
        type: props.type === "password" ? "password" : props.type === "email" ? "email" : "text",
        autocomplete: "off",
        onkeydown: (e) => {
          if (e.key === "Enter" && !e.isComposing && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            ctx.submit();
          }
        },
      });
  return {
    el,
    get: () => el.value,
    set: (value) => {
      el.value = value === null || value === undefined ? "" : String(value);
    },
  };
}

function output(ctx) {
  const text = h("div", { class: "text-out", tabindex: "0", role: "textbox", "aria-readonly": "true", "aria-label": ctx.spec.label });
  const copy = h("button", {
    type: "button",
    class: "icon-btn copy",
    text: "Copy",
    hidden: true,
    onclick: () => copyText(text.textContent, copy),
  });
  return {
    el: h("div", { class: "text-wrap" }, text, copy),
    set: (value) => {
      text.textContent = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
      copy.hidden = !text.textContent;
    },
  };
}

/** Copy `value` to the clipboard and say so on `button` for a moment. */
export async function copyText(value, button) {
  try {
    await navigator.clipboard.writeText(value);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => (button.textContent = "Copy"), 1500);
}

export const textbox = {
  input,
  output,
  example: (spec) => spec.props?.placeholder || "Hello",
};
