// checkbox: a boolean.

import { h } from "../dom.js";

export const checkbox = {
  input(ctx) {
    const box = h("input", {
      id: ctx.id,
      name: ctx.spec.name,
      type: "checkbox",
      "aria-describedby": ctx.describedBy,
      onchange: () => ctx.changed(),
    });
    return { el: h("div", { class: "check" }, box), get: () => box.checked, set: (v) => (box.checked = Boolean(v)) };
  },
  output() {
    const el = h("output", { class: "scalar-out bool-out" });
    return {
      el,
      set: (v) => {
        el.textContent = v === null || v === undefined ? "" : v ? "✓ true" : "✗ false";
        el.dataset.value = String(v);
      },
    };
  },
  example: () => true,
};
