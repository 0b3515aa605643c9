// slider: a range input with its number beside it; either one can be used.

import { h } from "../dom.js";
import { bounds } from "./number.js";

function input(ctx) {
  const b = bounds(ctx.spec);
  const range = { min: b.min ?? 0, max: b.max ?? 100, step: b.step ?? "any" };
  const slider = h("input", {
    id: ctx.id,
    name: ctx.spec.name,
    type: "range",
    ...range,
    "aria-describedby": ctx.describedBy,
    oninput: () => {
      box.value = slider.value;
      ctx.changed();
    },
  });
  const box = h("input", {
    type: "number",
    class: "slider-number",
    ...range,
    "aria-label": `${ctx.spec.label || ctx.spec.name} value`,
    oninput: () => {
      if (box.value !== "") slider.value = box.value;
      ctx.changed();
    },
    onkeydown: (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        ctx.submit();
      }
    },
  });
  const set = (value) => {
    const v = value === null || value === undefined ? range.min : value;
    slider.value = String(v);
    box.value = String(v);
  };
  set(null);
  return {
    el: h("div", { class: "slider" }, slider, box),
    get: () => (box.value === "" ? null : Number(box.value)),
    set,
  };
}

export const slider = {
  input,
  output: () => {
    const el = h("output", { class: "scalar-out" });
    return { el, set: (v) => (el.textContent = v === null || v === undefined ? "" : String(v)) };
  },
  example: (spec) => spec.default ?? bounds(spec).min ?? 0,
};
