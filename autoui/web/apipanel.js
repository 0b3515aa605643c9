// "Use via API": ready-to-run curl, Python and JavaScript for one function, with its real
// parameter names and example values (defaults, else what each component suggests; files
// as small data: URLs so the commands run as they are).

import { h } from "./dom.js";
import { exampleFor } from "./registry.js";
import { copyText } from "./components/textbox.js";

/** Whether an input's payload is a file (the spec's traits say so for every kind). */
const isFile = (param) => Boolean(param.traits?.file);

/** An example file as a Python Path: its extension from the example's data: URL. */
function examplePath(example) {
  const type = /^data:([\w.+-]+)\/([\w.+-]+)/.exec(typeof example === "string" ? example : "") || [];
  const ext = { plain: "txt", wav: "wav", "x-wav": "wav", jpeg: "jpg" }[type[2]] ?? type[2] ?? "bin";
  return `Path("example.${ext}")`;
}

/** A file input's example argument: a Path, or a list of as many as the example holds. */
function exampleFile(param, example) {
  if (!param.traits?.multiple) return examplePath(example);
  const items = Array.isArray(example) && example.length ? example : [example];
  return `[${items.map(examplePath).join(", ")}]`;
}

function shellQuote(text) {
  return `'${String(text).replace(/'/g, `'\\''`)}'`;
}

/** A JSON value as a Python literal. */
export function pyRepr(value) {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pyRepr(v)}`).join(", ")}}`;
}

function exampleData(fn) {
  return Object.fromEntries(fn.inputs.map((p) => [p.name, exampleFor(p)]));
}

export function curlJobs(fn, base, data) {
  const body = shellQuote(JSON.stringify({ data }));
  return [
    "# 1. queue a job; the answer is {\"job_id\": ..., \"position\": ...}",
    `JOB=$(curl -s -X POST ${shellQuote(`${base}api/${fn.name}/jobs`)} \\`,
    `  -H 'Content-Type: application/json' -d ${body} \\`,
    `  | sed -E 's/.*"job_id": *"([^"]+)".*/\\1/')`,
    "# 2. follow its events: queued, started, progress, output, complete (or error)",
    `curl -sN "${base}api/jobs/$JOB/events"`,
  ].join("\n");
}

export function curlBlocking(fn, base, data) {
  return [
    "# one request that waits for the result: {\"data\": [...], \"duration\": ...}",
    `curl -s -X POST ${shellQuote(`${base}api/${fn.name}`)} \\`,
    `  -H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify({ data }))}`,
  ].join("\n");
}

function pythonSnippet(fn, base, data) {
  const files = fn.inputs.filter(isFile);
  const args = fn.inputs.map((p) => `${p.name}=${isFile(p) ? exampleFile(p, data[p.name]) : pyRepr(data[p.name])}`);
  return [
    files.length ? "from pathlib import Path\n" : null,
    "from autoui import Client",
    "",
    `client = Client(${JSON.stringify(base)})`,
    `result = client.predict(${[JSON.stringify(fn.name), ...args].join(", ")})`,
    "print(result)",
  ].filter((l) => l !== null).join("\n");
}

/** {a: 1, b: [2]} as one key per line, each value on one line. */
function jsObject(data) {
  const entries = Object.entries(data).map(([k, v]) => `  ${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return entries.length ? `{\n${entries.join("\n")}\n}` : "{}";
}

function jsSnippet(fn, base, data) {
  return [
    `import { connect } from "${base}api/client.js";`,
    "",
    `const client = connect(${JSON.stringify(base)});`,
    `const outputs = await client.predict(${JSON.stringify(fn.name)}, ${jsObject(data)});`,
    "// or follow it: for await (const event of await client.submit(...)) console.log(event.type, event.data);",
    fn.inputs.some(isFile) ? "// files: pass await client.upload(file) instead of a data: URL" : null,
  ].filter((l) => l !== null).join("\n");
}

function snippet(title, code, name) {
  const copy = h("button", { type: "button", class: "icon-btn copy", text: "Copy", onclick: () => copyText(code, copy) });
  return h("div", { class: "snippet" },
    h("div", { class: "snippet-head" }, h("h4", { text: title }), copy),
    h("pre", { tabindex: "0" }, h("code", { dataset: { snippet: name }, text: code })),
  );
}

/** The collapsible "Use via API" section of a function's panel. */
export function apiPanel(fn, app) {
  const base = app.apiBase;
  const data = exampleData(fn);
  return h("details", { class: "api-panel card" },
    h("summary", {}, h("span", { text: "Use via API" }), h("code", { class: "muted", text: ` POST /api/${fn.name}` })),
    snippet("curl: queue a job, then follow its events", curlJobs(fn, base, data), "curl-jobs"),
    snippet("curl: wait for the result", curlBlocking(fn, base, data), "curl"),
    snippet("Python", pythonSnippet(fn, base, data), "python"),
    snippet("JavaScript", jsSnippet(fn, base, data), "js"),
    h("p", {}, "Every route and its typed request body: ", h("a", { href: `${base}docs`, target: "_blank", rel: "noopener", text: "API docs (/docs)" }), "."),
  );
}
