// number: a text box that accepts what people type ("1e3", "-2.5"); whatever does not parse
// is sent as typed so the server can say exactly what it expected.

import { h } from "../dom.js";

/** Whole numbers only? The component says so in its `integer` prop. */
export function isInteger(spec) {
  return spec.props?.integer === true;
}

/** min / max / step of a number or slider spec; a slider without a step gets a sensible one. */
export function bounds(spec) {
  const props = spec.props || {};
  const given = (v) => (v === null || v === undefined ? undefined : v);
  const integer = isInteger(spec);
  const min = given(props.minimum);
  const max = given(props.maximum);
  let step = given(props.step);
  if (step === undefined && spec.component === "slider") {
    step = integer ? 1 : min !== undefined && max !== undefined ? (max - min) / 100 : "any";
  }
  return { min, max, step, integer };
}

/** Parse what was typed: a number, null when empty, else the raw text (the server explains). */
export function parseNumber(text) {
  const trimmed = String(text).trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

function input(ctx) {
  const b = bounds(ctx.spec);
  const el = h("input", {
    id: ctx.id,
    name: ctx.spec.name,
    type: "text",
    inputmode: b.integer ? "numeric" : "decimal",
    autocomplete: "off",
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
    onkeydown: (e) => {
      if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        ctx.submit();
      } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        const current = parseNumber(el.value);
        const step = Number(b.step || 1);
        let next = (typeof current === "number" ? current : 0) + (e.key === "ArrowUp" ? step : -step);
        if (b.min !== undefined) next = Math.max(next, b.min);
        if (b.max !== undefined) next = Math.min(next, b.max);
        el.value = String(Number(next.toFixed(10)));
        e.preventDefault();
        ctx.changed();
      }
    },
  });
  return {
    el,
    get: () => parseNumber(el.value),
    set: (value) => {
      el.value = value === null || value === undefined ? "" : String(value);
    },
  };
}

function output() {
  const el = h("output", { class: "scalar-out" });
  return { el, set: (value) => (el.textContent = value === null || value === undefined ? "" : String(value)) };
}

export const number = {
  input,
  output,
  example: (spec) => {
    const b = bounds(spec);
    return b.min !== undefined ? b.min : b.integer ? 3 : 1.5;
  },
};
