// Themes (default, soft, monochrome, glass: CSS custom properties in themes/*.css) and the
// light / dark scheme, which follows the system unless the reader picks one. Choices made
// with the switcher are remembered in localStorage.

import { h } from "./dom.js";

export const THEMES = ["default", "soft", "monochrome", "glass"];
const SCHEMES = ["auto", "light", "dark"];
const SCHEME_ICON = { auto: "◐", light: "☀", dark: "☾" };
const media = matchMedia("(prefers-color-scheme: dark)");

function stored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/**
 * Use theme `name`: swap the theme stylesheet (next to the default one) and tag <html>.
 * A single-file page carries the override themes inline as <style data-autoui-theme="soft">
 * (default.css, the base, as a plain <style>): then only the chosen one is enabled.
 */
export function applyTheme(name) {
  const theme = THEMES.includes(name) ? name : "default";
  document.documentElement.dataset.theme = theme;
  for (const style of document.querySelectorAll("style[data-autoui-theme]")) {
    style.disabled = style.dataset.autouiTheme !== theme;
  }
  const link = document.getElementById("autoui-theme");
  if (link) {
    const next = link.href.replace(/[^/]*\.css(\?.*)?$/, `${theme}.css`);
    if (link.href !== next) link.href = next;
  }
  return theme;
}

/** Use scheme auto / light / dark; auto follows prefers-color-scheme, live. */
export function applyScheme(choice) {
  const scheme = SCHEMES.includes(choice) ? choice : "auto";
  const root = document.documentElement;
  root.dataset.schemeChoice = scheme;
  root.dataset.scheme = scheme === "auto" ? (media.matches ? "dark" : "light") : scheme;
  return scheme;
}

/** Apply remembered choices, else the server's --theme, before anything is drawn. */
export function initTheme() {
  const fromPage = document.documentElement.dataset.theme;
  applyTheme(stored("autoui-theme") || fromPage);
  applyScheme(stored("autoui-scheme") || "auto");
  media.addEventListener("change", () => applyScheme(document.documentElement.dataset.schemeChoice));
  return { pageHadTheme: THEMES.includes(fromPage) };
}

/** The spec's theme, for pages whose HTML did not name one (a static export). */
export function adoptSpecTheme(name, { pageHadTheme }) {
  if (!stored("autoui-theme") && !pageHadTheme && THEMES.includes(name)) applyTheme(name);
}

/** The header controls: a theme <select> and a button cycling auto → light → dark. */
export function themeControls() {
  const root = document.documentElement;
  const select = h("select", { class: "theme-select", "aria-label": "Theme", onchange: () => store("autoui-theme", applyTheme(select.value)) },
    THEMES.map((t) => h("option", { value: t, text: t[0].toUpperCase() + t.slice(1) })));
  select.value = root.dataset.theme;
  const label = () => `Colour scheme: ${root.dataset.schemeChoice}`;
  const button = h("button", { type: "button", class: "icon-btn scheme-toggle", "aria-label": label(), title: label(), text: SCHEME_ICON[root.dataset.schemeChoice] });
  button.addEventListener("click", () => {
    const next = SCHEMES[(SCHEMES.indexOf(root.dataset.schemeChoice) + 1) % SCHEMES.length];
    store("autoui-scheme", applyScheme(next));
    button.textContent = SCHEME_ICON[next];
    button.setAttribute("aria-label", label());
    button.title = label();
  });
  return h("div", { class: "theme-controls" }, select, button);
}
