// color: the native picker plus the hex value as text; "#rrggbb" on the wire.
// With props.as_text (a `str` parameter named color) the text is the value: any CSS
// colour ("red", "#f80", "rgb(1, 2, 3)") as typed, and the picker fills it in.

import { h } from "../dom.js";

/** "#rrggbb" for a CSS colour the browser knows, else null (the canvas parses it). */
function cssToHex(text) {
  const c = document.createElement("canvas").getContext("2d");
  c.fillStyle = "#010203";
  c.fillStyle = String(text || "").trim();
  const hex = c.fillStyle;
  return /^#[0-9a-f]{6}$/.test(hex) && (hex !== "#010203" || /^#010203$/i.test(String(text).trim())) ? hex : null;
}

function textInput(ctx) {
  const text = h("input", {
    id: ctx.id,
    name: ctx.spec.name,
    type: "text",
    autocomplete: "off",
    "aria-describedby": ctx.describedBy,
    oninput: () => {
      picker.value = cssToHex(text.value) || picker.value;
      ctx.changed();
    },
  });
  const picker = h("input", {
    type: "color",
    "aria-label": `Pick ${ctx.spec.label || ctx.spec.name}`,
    oninput: () => {
      text.value = picker.value;
      ctx.changed();
    },
  });
  return {
    el: h("div", { class: "color" }, picker, text),
    get: () => (text.value.trim() === "" ? null : text.value.trim()),
    set: (v) => {
      text.value = v === null || v === undefined ? "" : String(v);
      picker.value = cssToHex(text.value) || "#000000";
    },
  };
}

export const color = {
  input(ctx) {
    if (ctx.spec.props?.as_text) return textInput(ctx);
    const hex = h("code", { class: "color-hex" });
    const el = h("input", {
      id: ctx.id,
      name: ctx.spec.name,
      type: "color",
      "aria-describedby": ctx.describedBy,
      oninput: () => {
        hex.textContent = el.value;
        ctx.changed();
      },
    });
    return {
      el: h("div", { class: "color" }, el, hex),
      get: () => el.value,
      set: (v) => {
        el.value = /^#[0-9a-f]{6}$/i.test(v || "") ? v : "#000000";
        hex.textContent = el.value;
      },
    };
  },
  output() {
    const swatch = h("span", { class: "swatch" });
    const text = h("code");
    return {
      el: h("div", { class: "color" }, swatch, text),
      set: (v) => {
        swatch.style.background = /^#[0-9a-f]{3,8}$/i.test(v || "") ? v : "transparent";
        text.textContent = v || "";
      },
    };
  },
  example: () => "#3366ff",
};
