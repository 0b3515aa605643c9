// color: the native picker plus the hex value as text; "#rrggbb" on the wire.

import { h } from "../dom.js";

export const color = {
  input(ctx) {
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
