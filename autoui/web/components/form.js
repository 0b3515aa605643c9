// form: a group of fields for a dataclass / pydantic input, each rendered by its own
// kind (forms nest). Errors for "order.quantity" land next to the nested field.

import { h } from "../dom.js";
import { jsonTree } from "./json.js";

/** The sub-fields of a form spec, as param-like specs. */
export function formFields(props = {}) {
  const fields = props.fields || props.inputs || [];
  return Array.isArray(fields) ? fields : Object.entries(fields).map(([name, spec]) => ({ name, ...spec }));
}

function input(ctx) {
  const fields = formFields(ctx.spec.props).map((sub) => ctx.renderField(sub, `${ctx.path}.${sub.name}`));
  return {
    el: h("div", { class: "form-group" }, fields.map((f) => f.el)),
    group: true,
    fields,
    async get() {
      const values = await Promise.all(fields.map((f) => f.widget.get()));
      return Object.fromEntries(fields.map((f, i) => [f.path.split(".").pop(), values[i]]));
    },
    set(value) {
      for (const f of fields) {
        const name = f.path.split(".").pop();
        const sub = value && typeof value === "object" && name in value ? value[name] : f.spec.default;
        f.widget.set(sub ?? null);
      }
    },
    focus: () => fields[0]?.focus(),
  };
}

export const form = {
  input,
  output() {
    const el = h("div", { class: "json-out" });
    return { el, set: (v) => el.replaceChildren(v === null || v === undefined ? "" : jsonTree(v)) };
  },
  example: (spec, exampleFor) => Object.fromEntries(formFields(spec.props).map((f) => [f.name, exampleFor(f)])),
};
