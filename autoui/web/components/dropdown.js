// dropdown: a <select>; an optional parameter gets an empty first entry.

import { h } from "../dom.js";
import { choiceOutput, choicesOf, findChoice } from "./choices.js";

export const dropdown = {
  input(ctx) {
    const choices = choicesOf(ctx.spec.props);
    const multiple = Boolean(ctx.spec.props?.multiselect || ctx.spec.props?.multiple);
    const select = h("select", {
      id: ctx.id,
      name: ctx.spec.name,
      multiple,
      "aria-describedby": ctx.describedBy,
      onchange: () => ctx.changed(),
    },
      ctx.spec.optional && !multiple ? h("option", { value: "", text: "—" }) : null,
      choices.map((c, i) => h("option", { value: String(i), text: c.label })),
    );
    return {
      el: select,
      get: () => {
        if (multiple) return [...select.selectedOptions].map((o) => choices[Number(o.value)].value);
        return select.value === "" ? null : choices[Number(select.value)]?.value ?? null;
      },
      set: (value) => {
        const wanted = Array.isArray(value) ? value : [value];
        for (const option of select.options) {
          const choice = choices[Number(option.value)];
          option.selected = option.value !== "" && wanted.some((w) => choice && findChoice([choice], w));
        }
        if (!multiple && select.selectedIndex < 0) select.selectedIndex = 0;
      },
    };
  },
  output: choiceOutput,
  example: (spec) => choicesOf(spec.props)[0]?.value ?? null,
};
