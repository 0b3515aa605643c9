// radio: a group of radio buttons (few choices), keyboard-navigable as one group.

import { h, uid } from "../dom.js";
import { choiceOutput, choicesOf, findChoice } from "./choices.js";

export const radio = {
  input(ctx) {
    const choices = choicesOf(ctx.spec.props);
    const name = uid(`radio-${ctx.spec.name}`);
    const boxes = choices.map((c, i) =>
      h("input", { type: "radio", name, value: String(i), id: i === 0 ? ctx.id : null, onchange: () => ctx.changed() }),
    );
    const el = h("div", { class: "choice-list", role: "radiogroup" },
      choices.map((c, i) => h("label", { class: "choice" }, boxes[i], h("span", { text: c.label }))),
    );
    return {
      el,
      group: true,
      get: () => {
        const checked = boxes.find((b) => b.checked);
        return checked ? choices[Number(checked.value)].value : null;
      },
      set: (value) => {
        const choice = findChoice(choices, value);
        boxes.forEach((b, i) => (b.checked = choices[i] === choice));
      },
      focus: () => (boxes.find((b) => b.checked) || boxes[0])?.focus(),
    };
  },
  output: choiceOutput,
  example: (spec) => choicesOf(spec.props)[0]?.value ?? null,
};
