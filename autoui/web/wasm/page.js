// Entry of a page whose functions run in the browser (autoui export --wasm): start the
// worker and its loading screen, hand the web UI a LocalClient, then run the UI itself.
//
// window.AUTOUI_CONFIG.wasm holds the worker's boot config (see autoui/wasm/bundle.py);
// a single-file page keeps it in <script type="application/json" id="autoui-wasm">, and
// the runtime, wheels, app files and the worker's own code in <script class="autoui-file">
// elements (base64), handed to the worker as they are.

import { LocalClient, WorkerBackend } from "./backend.js";
import { showLoading } from "./loading.js";

const BUNDLE_BASE = "https://bundle.invalid/"; // never fetched: the worker answers from memory

/** A single file's own files: path → base64 text, read from their script elements. */
function inlineFiles() {
  const files = {};
  const gzipped = [];
  for (const element of document.querySelectorAll("script.autoui-file")) {
    files[element.dataset.path] = element.textContent;
    if (element.dataset.encoding === "gzip") gzipped.push(element.dataset.path);
  }
  return { inline: files, gzipped };
}

function bootConfig(config) {
  const element = document.getElementById("autoui-wasm");
  const wasm = element ? { ...JSON.parse(element.textContent), ...inlineFiles() } : config.wasm;
  const base = wasm.inline ? BUNDLE_BASE : new URL(".", location.href).href;
  const runtimeURL = new URL(wasm.runtime, base).href;
  const packageBaseURL = wasm.packageBase ? new URL(wasm.packageBase, base).href : null;
  const workerURL = wasm.inline
    ? `data:text/javascript;base64,${wasm.inline[wasm.worker]}`
    : new URL(wasm.worker, base).href;
  return { workerURL, boot: { ...wasm, base, runtimeURL, packageBaseURL } };
}

const config = (globalThis.AUTOUI_CONFIG ??= {});
const backend = new WorkerBackend(() => bootConfig(config));
config.client = new LocalClient(backend, { spec: config.spec || null });
globalThis.autouiBackend = backend;
showLoading(backend);
await import("../app.js");
// Let the UI draw first: a single file's runtime (megabytes of base64) is read after.
setTimeout(() => backend.start(), 0);
