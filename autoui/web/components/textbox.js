// textbox: single-line input (Enter submits) or a textarea (Ctrl+Enter submits) that
// grows with its text up to `max_lines` lines.

import { h } from "../dom.js";

/** Make a textarea as tall as its text, between `lines` and `maxLines` rows. */
function growing(el, lines, maxLines) {
  const fit = () => {
    el.rows = lines;
    const style = getComputedStyle(el);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    const text = el.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const needed = Math.ceil(text / lineHeight - 0.05);
    el.rows = Math.max(lines, Math.min(maxLines, needed));
    el.style.overflowY = needed > maxLines ? "auto" : "hidden";
  };
  el.addEventListener("input", fit);
  return fit;
}

function input(ctx) {
  const { props = {} } = ctx.spec;
  const lines = Number(props.lines || 1);
  const maxLines = Number(props.max_lines || 0);
  const attrs = {
    id: ctx.id,
    name: ctx.spec.name,
    placeholder: props.placeholder || null,
    maxlength: props.max_length || null,
    minlength: props.min_length || null,
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
  };
  const grows = maxLines > lines;
  const el = lines > 1 || grows
    ? h("textarea", { ...attrs, rows: Math.min(lines, 20), class: grows ? "grows" : null, onkeydown: lines === 1 ? submitOnEnter(ctx) : null })
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
  const fit = grows ? growing(el, lines, maxLines) : () => {};
  return {
    el,
    get: () => el.value,
    set: (value) => {
      el.value = value === null || value === undefined ? "" : String(value);
      if (el.isConnected) fit();
      else requestAnimationFrame(() => fit());
    },
  };
}

/** A one-line box that may grow: Enter submits, Shift+Enter starts a new line. */
function submitOnEnter(ctx) {
  return (e) => {
    if (e.key === "Enter" && !e.isComposing && !e.shiftKey) {
      e.preventDefault();
      ctx.submit();
    }
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
