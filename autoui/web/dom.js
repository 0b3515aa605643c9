// Building DOM nodes without innerHTML: text always goes in as text, never as markup.

let counter = 0;

/** A page-unique id, for binding labels, descriptions and errors to controls. */
export function uid(prefix = "a") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * h("button", {class: "primary", onclick: fn, "aria-label": "Run"}, "Run") → an element.
 * Function values named on* become listeners; `text` sets textContent; properties that
 * exist on the element (value, checked, disabled, ...) are set as properties, the rest as
 * attributes. Children may be nodes, strings, numbers, arrays, null or false.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = String(value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key in el && !key.includes("-") && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append children (nodes, text, nested arrays; null/false skipped). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
