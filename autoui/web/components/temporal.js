// date, datetime and time: native pickers; ISO 8601 strings on the wire. A time zone
// suffix the picker cannot show is kept and sent back unchanged.

import { h } from "../dom.js";

const TYPES = {
  date: { type: "date", example: "2024-01-31" },
  datetime: { type: "datetime-local", example: "2024-01-31T12:30:00" },
  time: { type: "time", example: "12:30:00" },
};
const ZONE = /(Z|[+-]\d\d:?\d\d)$/;

function picker(kind) {
  const { type } = TYPES[kind];
  return (ctx) => {
    let zone = "";
    const el = h("input", {
      id: ctx.id,
      name: ctx.spec.name,
      type,
      step: kind === "date" ? null : "1",
      "aria-describedby": ctx.describedBy,
      onchange: () => ctx.changed(),
    });
    return {
      el,
      get: () => (el.value ? el.value + (kind === "date" ? "" : zone) : null),
      set: (value) => {
        const text = value ? String(value) : "";
        zone = kind === "date" ? "" : (text.match(ZONE) || [""])[0];
        el.value = text.replace(ZONE, "").replace(" ", "T").replace(/\.\d+$/, "");
      },
    };
  };
}

function output() {
  const el = h("output", { class: "scalar-out" });
  return { el, set: (v) => (el.textContent = v ? String(v) : "") };
}

const temporal = (kind) => ({ input: picker(kind), output, example: () => TYPES[kind].example });

export const date = temporal("date");
export const datetime = temporal("datetime");
export const time = temporal("time");
