// checkbox_group: several choices at once; the payload is the list of chosen values.

import { h } from "../dom.js";
import { choiceOutput, choicesOf, findChoice } from "./choices.js";

export const checkbox_group = {
  input(ctx) {
    const choices = choicesOf(ctx.spec.props);
    const boxes = choices.map((c, i) =>
      h("input", { type: "checkbox", value: String(i), id: i === 0 ? ctx.id : null, onchange: () => ctx.changed() }),
    );
    return {
      el: h("div", { class: "choice-list" },
        choices.map((c, i) => h("label", { class: "choice" }, boxes[i], h("span", { text: c.label }))),
      ),
      group: true,
      get: () => boxes.filter((b) => b.checked).map((b) => choices[Number(b.value)].value),
      set: (values) => {
        const wanted = (Array.isArray(values) ? values : []).map((v) => findChoice(choices, v));
        boxes.forEach((b, i) => (b.checked = wanted.includes(choices[i])));
      },
    };
  },
  output: choiceOutput,
  example: (spec) => choicesOf(spec.props).slice(0, 1).map((c) => c.value),
};
