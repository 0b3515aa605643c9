// One tab per function when a module is served: WAI-ARIA tabs (arrow keys, Home/End),
// and the URL hash (#fn-name) selects and remembers the tab.

import { h } from "./dom.js";

/** @param items [{name, label, el}] → an element holding the tab list and the panels. */
export function tabs(items) {
  const buttons = [];
  const select = (index, focus = false) => {
    items.forEach((item, i) => {
      const on = i === index;
      buttons[i].setAttribute("aria-selected", String(on));
      buttons[i].tabIndex = on ? 0 : -1;
      item.el.hidden = !on;
    });
    if (focus) buttons[index].focus();
    if (location.hash.slice(1) !== items[index].name) history.replaceState(null, "", `#${items[index].name}`);
  };
  const list = h("div", { class: "tablist", role: "tablist", "aria-label": "Functions" });
  items.forEach((item, i) => {
    const tabId = `tab-${item.name}`;
    const panelId = `panel-${item.name}`;
    item.el.id = panelId;
    item.el.setAttribute("role", "tabpanel");
    item.el.setAttribute("aria-labelledby", tabId);
    const button = h("button", { type: "button", role: "tab", id: tabId, "aria-controls": panelId, class: "tab", text: item.label, onclick: () => select(i) });
    button.addEventListener("keydown", (e) => {
      const last = items.length - 1;
      const next = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[e.key];
      if (next !== undefined) {
        e.preventDefault();
        select(next, true);
      }
    });
    buttons.push(button);
    list.append(button);
  });
  const fromHash = items.findIndex((item) => item.name === decodeURIComponent(location.hash.slice(1)));
  select(fromHash >= 0 ? fromHash : 0);
  addEventListener("hashchange", () => {
    const i = items.findIndex((item) => item.name === decodeURIComponent(location.hash.slice(1)));
    if (i >= 0) select(i);
  });
  return h("div", { class: "tabs" }, list, items.map((item) => item.el));
}
