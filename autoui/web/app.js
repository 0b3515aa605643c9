// The autoui web UI: reads the spec (GET /api/spec, or one the page was given), draws a
// panel per function (tabs when there are several) and talks to the server through the
// same client other pages can import from /api/client.js.
//
// window.AUTOUI_CONFIG (optional, set before this module runs) may hold:
//   apiUrl  — the API server's base URL (default: this page's own base),
//   spec    — the spec itself, or specUrl — where to fetch it,
//   auth    — credentials for the client (a token, or [user, password]),
//   client  — a client object to use instead (wasm/page.js: functions run in the browser).

import { ClientError, connect } from "./client.js";
import { h, replace } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { buildPanel } from "./panel.js";
import { loadRenderers, register } from "./registry.js";
import { tabs } from "./tabs.js";
import { adoptSpecTheme, initTheme, themeControls } from "./theme.js";

async function loadSpec(config, client) {
  if (config.spec) return config.spec;
  if (globalThis.AUTOUI_SPEC && !config.specUrl && !config.apiUrl) {
    try {
      const early = await globalThis.AUTOUI_SPEC; // started by index.html, see there
      if (early.ok) return await early.json();
    } catch {
      /* fall through: the client's own request gives the readable error */
    }
  }
  if (config.specUrl) {
    let response;
    try {
      response = await fetch(new URL(config.specUrl, location.href));
    } catch {
      throw new ClientError(`Cannot load the app's spec from ${config.specUrl}.`);
    }
    if (!response.ok) throw new ClientError(`Cannot load the app's spec from ${config.specUrl} (${response.status}).`);
    return response.json();
  }
  return client.spec();
}

function header(spec) {
  const title = spec.title || "autoui";
  document.title = title;
  return h("header", { class: "app-header" },
    h("div", { class: "app-title" },
      h("h1", { text: title }),
      spec.description ? renderMarkdown(h("div", { class: "prose app-description" }), spec.description) : null,
    ),
    themeControls(),
  );
}

function footer(client, spec) {
  return h("footer", { class: "app-footer" },
    h("span", { text: "Built with autoui" }),
    client.local ? h("span", { text: "Runs in your browser" }) : h("a", { href: `${client.base}docs`, target: "_blank", rel: "noopener", text: "API docs" }),
    spec.auth ? h("a", { href: `${client.base}logout`, text: "Sign out" }) : null,
  );
}

function body(spec, client, live) {
  const functions = spec.functions || [];
  const app = {
    LiveRun: live?.LiveRun || null,
    client,
    spec,
    live: Boolean(spec.live),
    maxFileSize: spec.max_file_size || null,
    apiBase: client.base,
    api: !client.local, // a page whose functions run in the browser has no HTTP API to show
    multiple: functions.length > 1,
  };
  const panels = functions.map((fn) => buildPanel(fn, app));
  if (panels.length === 0) return [h("p", { class: "muted", text: "This app has no functions." })];
  if (panels.length === 1) {
    const only = panels[0];
    const description = only.fn.description && only.fn.description !== spec.description
      ? renderMarkdown(h("div", { class: "prose fn-description" }), only.fn.description)
      : null;
    return [description, only.el];
  }
  return [tabs(panels.map((p) => ({ name: p.fn.name, label: p.fn.label || p.fn.name, el: p.el })))];
}

function fatal(root, error) {
  replace(root,
    h("div", { class: "fatal card", role: "alert" },
      h("h1", { text: "The app could not start" }),
      h("p", { text: error?.message || String(error) }),
      h("button", { type: "button", class: "primary", text: "Retry", onclick: () => location.reload() })),
  );
}

async function main() {
  const config = globalThis.AUTOUI_CONFIG || {};
  const theme = initTheme();
  const root = document.getElementById("app") || document.body.appendChild(h("main", { id: "app" }));
  const client = config.client || connect(config.apiUrl || undefined, { auth: config.auth || null, credentials: config.credentials });
  let spec;
  try {
    spec = await loadSpec(config, client);
  } catch (err) {
    fatal(root, err);
    return;
  }
  adoptSpecTheme(spec.theme, theme);
  await loadRenderers(spec);
  globalThis.autoui = { client, spec, register };
  // Live inputs (microphone, camera) bring their own modules; other pages never load them.
  const live = (spec.functions || []).some((f) => f.streaming_input) ? await import("./live/index.js") : null;
  replace(root, header(spec), h("main", { class: "app-main" }, body(spec, client, live)), footer(client, spec));
  document.documentElement.dataset.ready = "true";
  performance.mark("autoui-ready");
  dispatchEvent(new CustomEvent("autoui:ready", { detail: globalThis.autoui }));
}

main();
