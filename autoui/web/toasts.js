// Info / Warning messages from a running function, as toasts in one polite live region.

import { h } from "./dom.js";

const LIFETIME = { info: 6000, warning: 10000, error: 12000 };
let region = null;

function container() {
  if (!region || !region.isConnected) {
    region = h("div", { class: "toasts", role: "region", "aria-live": "polite", "aria-label": "Notifications" });
    document.body.append(region);
  }
  return region;
}

/** Show `message` (text, never markup) for a while; level is info, warning or error. */
export function toast(level, message) {
  const kind = LIFETIME[level] ? level : "info";
  const item = h("div", { class: `toast toast-${kind}`, role: kind === "info" ? "status" : "alert" },
    h("span", { class: "toast-icon", "aria-hidden": "true", text: kind === "info" ? "ℹ" : "⚠" }),
    h("span", { class: "toast-text", text: String(message) }),
    h("button", { type: "button", class: "icon-btn", "aria-label": "Dismiss", text: "×", onclick: () => item.remove() }),
  );
  container().append(item);
  setTimeout(() => item.remove(), LIFETIME[kind]);
  return item;
}
