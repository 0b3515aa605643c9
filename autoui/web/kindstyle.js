// The styles of a kind loaded on demand (components/<kind>.js): they come with its code,
// so app.css carries none of them.

import { h } from "./dom.js";

/** Add a kind's own styles to the page, once. */
export function useStyle(name, css) {
  if (document.querySelector(`style[data-kind="${name}"]`)) return;
  document.head.append(h("style", { dataset: { kind: name }, text: css }));
}
