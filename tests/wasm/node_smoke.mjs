// Boots a folder bundle's worker module under Node, without a browser: the boot config
// from its wasm/manifest.json (argv[2] is the folder), then one check and one run per
// call in argv[3] (JSON: [[fn, data], ...]). Prints every message the worker posts, one
// JSON object per line. Node's fetch() cannot read file: URLs, so this script can.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const [folder, callsJson, workerPath] = process.argv.slice(2);
const base = pathToFileURL(folder).href.replace(/\/?$/, "/");
const manifest = JSON.parse(readFileSync(new URL("wasm/manifest.json", base), "utf8"));

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input);
  if (!url.startsWith("file:")) return realFetch(input, init);
  try {
    return new Response(readFileSync(fileURLToPath(url)));
  } catch {
    return new Response("not found", { status: 404 });
  }
};
globalThis.autouiPost = (message) => console.log(JSON.stringify(message));

const { handle } = await import(pathToFileURL(workerPath).href);
const runtimeURL = new URL(manifest.runtime, base).href;
await handle({ type: "boot", config: { ...manifest, base, runtimeURL } });
let id = 0;
for (const [fn, data] of JSON.parse(callsJson)) {
  id += 1;
  await handle({ type: "check", id: `c${id}`, fn, data, files: {} });
  await handle({ type: "run", id: `r${id}`, fn, data, files: {} });
}
process.exit(0);
