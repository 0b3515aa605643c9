// The loading screen of an app that runs in the browser: a bar at the top of the page
// with the runtime's boot progress. The UI under it is usable at once (inputs, examples);
// the first Submit waits for the runtime. A failed boot stays on screen, as an alert.

import { h } from "../dom.js";

const STYLE = "position:sticky;top:0;z-index:20;display:flex;gap:.75em;align-items:center;" +
  "padding:.5em 1em;background:var(--surface,#f6f7fb);border-bottom:1px solid var(--border,#dde);" +
  "font:14px/1.4 system-ui,sans-serif;color:var(--text,#222)";
const FAILED_STYLE = "background:#fff4e5;color:#7a3e00;border-bottom:2px solid #f0a040";

export function showLoading(backend) {
  const text = h("span", { class: "wasm-loading-text" });
  const bar = h("progress", { class: "wasm-loading-bar", max: 1, value: 0, "aria-label": "Loading the Python runtime" });
  const el = h("div", { class: "wasm-loading", role: "status", "aria-live": "polite", style: STYLE }, bar, text);
  let fadeTimer = null;
  backend.onStatus((status) => {
    clearTimeout(fadeTimer);
    el.dataset.stage = status.stage;
    if (status.stage === "failed") {
      el.setAttribute("role", "alert");
      el.style.cssText = `${STYLE};${FAILED_STYLE}`;
      bar.hidden = true;
      text.textContent = status.error;
      el.hidden = false;
      return;
    }
    el.setAttribute("role", "status");
    el.style.cssText = STYLE;
    bar.hidden = false;
    bar.value = status.fraction || 0;
    if (status.stage === "ready") {
      text.textContent = `Python is ready (started in ${(status.seconds || 0).toFixed(1)} s); everything runs in this browser.`;
      fadeTimer = setTimeout(() => (el.hidden = true), 2500);
    } else {
      el.hidden = false;
      text.textContent = `${status.text || "Loading"}… ${Math.round((status.fraction || 0) * 100)}% · the form can be filled in meanwhile`;
    }
  });
  const mount = () => document.body.prepend(el);
  document.body ? mount() : addEventListener("DOMContentLoaded", mount, { once: true });
  return el;
}
