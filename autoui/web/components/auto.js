// auto: the output of a function without a return hint. Each payload says which kind it
// carried, as the spec says of an output: {component, traits, props, value}; that kind's
// own renderer draws the value (made anew only when the kind or its props change).

import { h } from "../dom.js";
import { json } from "./json.js";

let rendererFor = null;
let loadRenderer = async () => false;

/** The registry hands over its lookup and loader (this module cannot import it: a cycle). */
export function useRenderers(lookup, load) {
  rendererFor = lookup;
  loadRenderer = load;
}

function output(ctx) {
  const el = h("div", { class: "auto-out" });
  let shown = null; // {key, widget}
  let latest = null;
  function show(payload) {
    const key = JSON.stringify([payload.component, payload.props || {}]);
    if (shown?.key !== key) {
      const spec = { ...ctx.spec, component: payload.component, traits: payload.traits || {}, props: payload.props || {} };
      const widget = rendererFor(payload.component).output({ ...ctx, spec });
      el.replaceChildren(widget.el);
      el.dataset.kind = payload.component;
      shown = { key, widget };
    }
    shown.widget.set(payload.value);
  }
  async function showKind(payload) {
    latest = payload;
    await loadRenderer(payload.component); // a kind not built in: imported once (else JSON)
    if (latest === payload) show(payload); // still the newest value once its kind is here
  }
  return {
    el,
    set(payload) {
      if (payload && typeof payload === "object" && typeof payload.component === "string") showKind(payload);
      else if (payload === null || payload === undefined) {
        latest = null;
        shown?.widget.set(null);
      } else show({ component: "json", value: payload });
    },
  };
}

export const auto = { input: json.input, output, example: () => null };
