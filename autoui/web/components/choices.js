// Shared by dropdown, radio and checkbox_group: the spec's choices as {label, value}.
// A choice may be a scalar, a [label, value] pair or an object with label/value (or name).

export function choicesOf(props = {}) {
  return (props.choices || []).map((c) => {
    if (Array.isArray(c)) return { label: String(c[0]), value: c.length > 1 ? c[1] : c[0] };
    if (c && typeof c === "object") {
      const value = "value" in c ? c.value : c.name;
      return { label: String(c.label ?? c.name ?? value), value };
    }
    return { label: String(c), value: c };
  });
}

/** The choice whose value matches `value` (compared as strings: 1 and "1" are the same). */
export function findChoice(choices, value) {
  return choices.find((c) => c.value === value) || choices.find((c) => String(c.value) === String(value));
}

/** The output of any choice kind: the chosen value(s) as text. */
export function choiceOutput() {
  const el = document.createElement("output");
  el.className = "scalar-out";
  return {
    el,
    set: (v) => (el.textContent = v === null || v === undefined ? "" : Array.isArray(v) ? v.join(", ") : String(v)),
  };
}
