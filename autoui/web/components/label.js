// label: the top class in large type and a confidence bar per class, highest first.

import { h } from "../dom.js";
import { tableCell } from "./dataframe.js";

/** Normalise {label, confidences}, a {class: score} dict, or a bare string. */
export function labelData(payload) {
  if (payload === null || payload === undefined) return { label: "", confidences: [] };
  if (typeof payload !== "object") return { label: String(payload), confidences: [] };
  if ("confidences" in payload || "label" in payload) {
    return { label: payload.label === undefined ? "" : payload.label, confidences: payload.confidences || [] };
  }
  const confidences = Object.entries(payload)
    .map(([label, confidence]) => ({ label, confidence: Number(confidence) }))
    .sort((a, b) => b.confidence - a.confidence);
  return { label: confidences[0]?.label ?? "", confidences };
}

function valuesTable(entries) {
  return h("div", { class: "table-wrap label-table" },
    h("table", { class: "dataframe" },
      h("tbody", {}, entries.map((e) => h("tr", {}, h("th", { scope: "row", text: e.label }), tableCell(e.confidence))))));
}

function output(ctx) {
  const top = h("p", { class: "label-top" });
  const bars = h("ol", { class: "label-bars", "aria-label": `${ctx.spec.label || ctx.spec.name}: confidences` });
  const values = h("div", { class: "label-values" });
  return {
    el: h("div", { class: "label-out" }, top, bars, values),
    set(payload) {
      const data = labelData(payload);
      const isTable = data.label === null && data.confidences.length > 0;
      values.replaceChildren(...(isTable ? [valuesTable(data.confidences)] : []));
      if (isTable) {
        // Not probabilities (the server says so with no top label): a key/value table.
        top.textContent = "";
        bars.replaceChildren();
        return;
      }
      top.textContent = data.label === null ? "" : String(data.label);
      const limit = ctx.spec.props?.num_top_classes || data.confidences.length;
      bars.replaceChildren(
        ...data.confidences.slice(0, limit).map((c) => {
          const pct = Math.max(0, Math.min(100, Number(c.confidence) * 100));
          const text = `${pct.toFixed(pct >= 10 || pct === 0 ? 0 : 1)}%`;
          return h("li", { class: "label-row" },
            h("span", { class: "label-name", text: c.label }),
            h("span", { class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": pct.toFixed(1), "aria-valuetext": `${c.label} ${text}`, "aria-label": c.label },
              h("span", { class: "bar-fill", style: `width:${pct}%` })),
            h("span", { class: "label-pct", text }),
          );
        }),
      );
    },
  };
}

export const label = {
  input: (ctx) => {
    const el = h("input", { id: ctx.id, type: "text", "aria-describedby": ctx.describedBy, oninput: () => ctx.changed() });
    return { el, get: () => el.value, set: (v) => (el.value = labelData(v).label ?? "") };
  },
  output,
  example: () => "cat",
};
