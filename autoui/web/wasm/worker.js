// The in-browser backend: a module Web Worker that boots Pyodide, installs the bundle's
// wheels and app files, and runs each call through autoui's own pipeline and runner
// (autoui/wasm/host.py). The page talks to it with postMessage (see backend.js):
//
//   page → worker  {type: "boot", config}            worker → page  {type: "status", stage, fraction, text}
//                  {type: "check", id, fn, data, files}              {type: "ready", seconds} | {type: "bootfailed", message}
//                  {type: "run", id, fn, data, files}                {type: "checked", id, error}
//                                                                   {type: "event", id, kind, body} … {type: "done", id}
//
// A bundle's files are fetched relative to config.base. A single-file bundle brings them
// inline (config.inline: path → base64, gzipped if listed in config.gzipped, under a
// base that is never fetched); fetch() is patched to answer those from memory,
// which is what lets this worker run from a data: URL on a page opened from file://.
// Under Node (the CI smoke test) the module is imported instead: messages go to its
// exported handle(), and replies to globalThis.autouiPost.

let pyodide = null;
let host = null;
let booting = null;

const IS_NODE = typeof process === "object" && process.versions?.node && typeof self === "undefined";

function post(message) {
  if (IS_NODE) globalThis.autouiPost(message);
  else self.postMessage(message);
}

function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

const MIME = { wasm: "application/wasm", mjs: "text/javascript", js: "text/javascript", json: "application/json" };

/** fetch() that answers a single-file bundle's own paths from memory and counts bytes. */
function installFetch(config, progress) {
  const realFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const bytes = await inlined(config, url);
    if (bytes) {
      const path = url.slice(config.base.length);
      progress.add(bytes.length);
      const type = MIME[path.split(".").pop()] || "application/octet-stream";
      return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
    }
    return counted(await realFetch(input, init), progress);
  };
}

/** The same response, its body counted into `progress` as it streams. */
function counted(response, progress) {
  if (!response.ok || !response.body) return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      progress.add(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Boot progress: bytes downloaded over the bundle's expected total, then the steps after. */
function bootProgress(config) {
  let loaded = 0;
  let stage = "runtime";
  const total = Math.max(1, config.bootBytes || 1);
  const say = (text, fraction) => post({ type: "status", stage, fraction, text });
  return {
    add(n) {
      loaded += n;
      if (stage === "runtime") say("Loading the Python runtime", Math.min(0.85, (0.85 * loaded) / total));
    },
    step(name, text, fraction) {
      stage = name;
      say(text, fraction);
    },
  };
}

/** The bytes of a single-file bundle's own file at `url` (inflated if gzipped), or undefined. */
async function inlined(config, url) {
  const path = url.startsWith(config.base) ? url.slice(config.base.length) : null;
  const text = path === null ? undefined : config.inline?.[path];
  if (text === undefined) return undefined;
  const bytes = fromBase64(text);
  if (!config.gzipped?.includes(path)) return bytes;
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

async function importRuntime(config) {
  const url = (name) => new URL(name, config.runtimeURL).href;
  const source = await inlined(config, url("pyodide.mjs"));
  if (!source) {
    try {
      return (await import(url("pyodide.mjs"))).loadPyodide;
    } catch (err) {
      throw new Error(
        `Cannot load the Python runtime from ${config.runtimeURL} (${err.message || err}). Open the ` +
          "app where that address is reachable, or export it again with --vendor-runtime to " +
          "put the runtime in the bundle.",
      );
    }
  }
  // A data: URL worker cannot import by relative URL: the modules come as data: URLs too.
  const dataURL = (bytes) => `data:text/javascript;charset=utf-8,${encodeURIComponent(new TextDecoder().decode(bytes))}`;
  const { loadPyodide } = await import(dataURL(source));
  const factory = (await import(dataURL(await inlined(config, url("pyodide.asm.mjs"))))).default;
  return (options) => loadPyodide({ ...options, createPyodideModule: factory });
}

async function loadRuntime(config) {
  const load = await importRuntime(config);
  // Under Node, Pyodide takes a file: location as a path of the disk.
  const onDisk = IS_NODE && config.runtimeURL.startsWith("file:");
  const indexURL = onDisk ? decodeURIComponent(new URL(config.runtimeURL).pathname) : config.runtimeURL;
  const options = { indexURL, packageBaseUrl: config.packageBaseURL || indexURL };
  const lock = await inlined(config, new URL("pyodide-lock.json", config.runtimeURL).href);
  // Node reads a lock file *URL* from its disk; the contents work everywhere.
  if (lock) options.lockFileContents = new TextDecoder().decode(lock);
  return load(options);
}

/** The bundle's own wheels (autoui and pure-Python dependencies); loadPackage only logs failures. */
async function installWheels(config) {
  const failures = [];
  await pyodide.loadPackage(config.wheels.map((path) => config.base + path), {
    messageCallback: () => {},
    errorCallback: (message) => failures.push(message),
  });
  const names = config.wheels.map((path) => path.split("/").pop().split("-")[0].toLowerCase().replace(/_/g, "-"));
  const loaded = new Set(Object.keys(pyodide.loadedPackages).map((name) => name.toLowerCase().replace(/_/g, "-")));
  const missing = names.filter((name) => !loaded.has(name));
  if (missing.length) {
    throw new Error(`Cannot install ${missing.join(", ")} from the bundle: ${failures.join(" ") || "unknown error"}`);
  }
}

/** Runtime packages (numpy, Pillow...) come from the Pyodide package index: say so when it fails. */
async function loadRuntimePackages(config) {
  if (!config.packages?.length) return;
  const failures = [];
  await pyodide.loadPackage(config.packages, {
    messageCallback: () => {},
    errorCallback: (message) => failures.push(message),
  });
  const missing = config.packages.filter((name) => !pyodide.loadedPackages[name]);
  if (missing.length || failures.length) {
    const where = config.packageBaseURL || config.runtimeURL || "the Pyodide package index";
    throw new Error(
      `This app needs ${(missing.length ? missing : config.packages).join(", ")} from the Pyodide ` +
        `package index at ${where}, which could not be reached. Open the app where that address ` +
        "is reachable, or export it again with --vendor-runtime pointing at a Pyodide " +
        "distribution that includes those packages.",
    );
  }
}

function appFolder() {
  return "/home/pyodide/autoui-app";
}

async function installApp(config) {
  const folder = appFolder();
  for (const path of config.appFiles) {
    const response = await fetch(config.base + path);
    if (!response.ok) throw new Error(`cannot load the app's file ${path} (${response.status})`);
    const target = `${folder}/${path.slice(config.appDir.length)}`;
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.writeFile(target, new Uint8Array(await response.arrayBuffer()));
  }
}

async function boot(config) {
  const started = performance.now();
  const progress = bootProgress(config);
  installFetch(config, progress);
  progress.step("runtime", "Loading the Python runtime", 0);
  pyodide = await loadRuntime(config);
  progress.step("packages", "Installing packages", 0.87);
  await installWheels(config);
  await loadRuntimePackages(config);
  progress.step("app", "Loading the app", 0.95);
  await installApp(config);
  const start = pyodide.runPython(`
import os, sys
folder = ${JSON.stringify(appFolder())}
sys.path.insert(0, folder)
os.chdir(folder)
from autoui.wasm.host import Host
Host`);
  host = start(config.target);
  start.destroy();
  progress.step("ready", "Ready", 1);
  post({ type: "ready", seconds: (performance.now() - started) / 1000 });
}

/** Write a call's uploaded files into memory, call `use(pathsJson)`, then remove them. */
async function withUploads(files, use) {
  const paths = {};
  for (const [id, file] of Object.entries(files || {})) {
    const folder = `/tmp/autoui-uploads/${id}`;
    pyodide.FS.mkdirTree(folder);
    const name = String(file.name || "upload").replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "") || "upload";
    pyodide.FS.writeFile(`${folder}/${name}`, new Uint8Array(file.bytes));
    paths[id] = `${folder}/${name}`;
  }
  try {
    return await use(JSON.stringify(paths));
  } finally {
    for (const path of Object.values(paths)) pyodide.FS.unlink(path);
  }
}

function request(message) {
  return JSON.stringify({ data: message.data ?? {} });
}

async function check(message) {
  const error = await withUploads(message.files, (uploads) => host.check(message.fn, request(message), uploads));
  post({ type: "checked", id: message.id, error: error ? JSON.parse(error) : null });
}

async function run(message) {
  const emit = (kind, body) => post({ type: "event", id: message.id, kind, body: JSON.parse(body) });
  try {
    await withUploads(message.files, (uploads) => host.run(message.fn, request(message), uploads, emit));
  } catch (err) {
    post({ type: "event", id: message.id, kind: "error", body: { message: String(err?.message || err), type: "InternalError" } });
  }
  post({ type: "done", id: message.id });
}

export async function handle(message) {
  if (message.type === "boot") {
    booting ??= boot(message.config).catch((err) => {
      post({ type: "bootfailed", message: String(err?.message || err) });
    });
    return booting;
  }
  await booting;
  if (!host) return; // the boot failed: the page knows
  if (message.type === "check") return check(message);
  if (message.type === "run") return run(message);
}

if (!IS_NODE) {
  // One message at a time, in order: a check waits for the boot, a run for the one before.
  let chain = Promise.resolve();
  self.onmessage = (event) => {
    chain = chain.then(() => handle(event.data)).catch((err) => console.error(err));
  };
}
