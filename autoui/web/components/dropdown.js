// dropdown: a <select>; an optional parameter gets an empty first entry, a required one
// without a default a "Choose…" entry (nothing is pre-selected for the user).

import { h } from "../dom.js";
import { choiceOutput, choicesOf, findChoice } from "./choices.js";

/** allow_custom: a text box suggesting the choices; what is typed is sent as typed. */
function customInput(ctx, choices) {
  const list = h("datalist", { id: `${ctx.id}-choices` }, choices.map((c) => h("option", { value: c.label })));
  const box = h("input", {
    id: ctx.id,
    name: ctx.spec.name,
    type: "text",
    list: list.id,
    autocomplete: "off",
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
  });
  return {
    el: h("div", {}, box, list),
    get: () => {
      if (box.value === "") return null;
      const known = choices.find((c) => c.label === box.value);
      return known ? known.value : box.value;
    },
    set: (value) => (box.value = value === null || value === undefined ? "" : findChoice(choices, value)?.label ?? String(value)),
  };
}

/** A required choice with no default starts empty: the user picks one. */
export function mustChoose(spec) {
  return Boolean(spec.required) && (spec.default === null || spec.default === undefined);
}

export const dropdown = {
  input(ctx) {
    const choices = choicesOf(ctx.spec.props);
    if (ctx.spec.props?.allow_custom) return customInput(ctx, choices);
    const multiple = Boolean(ctx.spec.props?.multiselect || ctx.spec.props?.multiple);
    const select = h("select", {
      id: ctx.id,
      name: ctx.spec.name,
      multiple,
      "aria-describedby": ctx.describedBy,
      onchange: () => ctx.changed(),
    },
      // Optional: an empty entry. Required with no default: nothing is chosen for the user.
      ctx.spec.optional && !multiple ? h("option", { value: "", text: "—" }) : null,
      mustChoose(ctx.spec) && !multiple ? h("option", { value: "", text: "Choose…" }) : null,
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
