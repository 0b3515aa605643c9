// The frame around every input: a bound label (or a fieldset legend for groups), the
// help text, and a slot for the validation message the server sends for this input.

import { h, uid } from "./dom.js";

/**
 * Wrap the widget an input renderer builds.
 * @param {object} spec   the param spec (name, label, info, required, ...)
 * @param {string} path   the error path of this input ("order.quantity" when nested)
 * @param {function} build  (ctx) → widget {el, get, set, group?, focus?}
 * @param {object} ctx    shared context; `id` is added here
 */
export function field(spec, path, build, ctx) {
  const id = uid(`in-${spec.name}`);
  const infoId = `${id}-info`;
  const errorId = `${id}-error`;
  let self = null;
  const readOnly = spec.interactive === false;
  const widget = build({
    ...ctx,
    id,
    spec,
    path,
    readOnly,
    describedBy: `${infoId} ${errorId}`,
    setError: (message) => self?.setError(message),
    clearError: () => self?.clearError(),
  });
  const text = spec.label || spec.name;
  const star = spec.required ? h("span", { class: "req", "aria-hidden": "true", text: "*" }) : null;
  const info = spec.info ? h("small", { class: "info", id: infoId, text: spec.info }) : null;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  let el;
  if (widget.group) {
    el = h("fieldset", { class: `field field-${spec.component}`, "aria-describedby": `${infoId} ${errorId}` },
      h("legend", {}, h("span", { text }), star), info, widget.el, error);
  } else {
    el = h("div", { class: `field field-${spec.component}` },
      h("div", { class: "label-line" }, h("label", { for: widget.labelFor || id, text }), star), info, widget.el, error);
  }
  el.dataset.param = path;
  if (readOnly) makeReadOnly(el);
  const control = () => el.querySelector(`#${CSS.escape(widget.labelFor || id)}`) || el.querySelector("input,select,textarea,button");
  if (spec.required) {
    (el.querySelector(`#${CSS.escape(widget.labelFor || id)}`) || el).setAttribute("aria-required", "true");
  }
  self = {
    el,
    spec,
    widget,
    path,
    setError(message) {
      error.textContent = message;
      error.hidden = false;
      el.classList.add("invalid");
      control()?.setAttribute("aria-invalid", "true");
    },
    clearError() {
      error.hidden = true;
      error.textContent = "";
      el.classList.remove("invalid");
      control()?.removeAttribute("aria-invalid");
    },
    focus() {
      (widget.focus ? widget.focus() : control()?.focus());
    },
  };
  return self;
}

/** An input shown but not changeable (`interactive=False`): its default is what is sent. */
function makeReadOnly(el) {
  el.classList.add("readonly");
  for (const control of el.querySelectorAll("input, select, textarea, button")) control.disabled = true;
}
