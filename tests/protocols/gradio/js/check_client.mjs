// Drives the official @gradio/client (pinned in package.json) against autoui servers and
// prints what it saw as one JSON object; tests/protocols/gradio/test_js_client.py judges it.
// Usage: node check_client.mjs '{"hello": "http://127.0.0.1:P", ...}'
import { Client, handle_file } from "@gradio/client";

const urls = JSON.parse(process.argv[2]);
const seen = {};

async function collect(job, kinds) {
  const messages = [];
  for await (const message of job) {
    if (kinds.includes(message.type)) messages.push(message);
  }
  return messages;
}

const hello = await Client.connect(urls.hello + "/");
const api = await hello.view_api();
seen.endpoints = Object.keys(api.named_endpoints);
seen.greet_parameters = api.named_endpoints["/greet"].parameters.map((p) => p.parameter_name);
seen.greet = (await hello.predict("/greet", { name: "Ada", excited: true })).data;

const calculator = await Client.connect(urls.calculator + "/");
seen.calculate = (await calculator.predict("/calculate", [6, "×", 7])).data;
try {
  await calculator.predict("/calculate", { a: 1, op: "÷", b: 0 });
  seen.divide_error = null;
} catch (error) {
  seen.divide_error = error.message;
}

const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);
const sepia = await Client.connect(urls.sepia + "/");
const [toned] = (await sepia.predict("/sepia", { image: handle_file(new Blob([png])), strength: 1 })).data;
seen.toned_url = toned.url;
const download = await fetch(toned.url);
seen.toned_magic = Buffer.from(await download.arrayBuffer()).subarray(1, 4).toString();

const fns = await Client.connect(urls.fns + "/");
seen.file_size = (await fns.predict("/file_size", { document: handle_file(new Blob(["twelve bytes"])) })).data;

const counter = await Client.connect(urls.counter + "/");
const streamed = await collect(counter.submit("/count", { up_to: 3, delay: 0.05 }), ["data"]);
seen.stream = streamed.map((message) => message.data[0]);

const demo = await Client.connect(urls.progress_demo + "/");
const statuses = await collect(
  demo.submit("/bake", { loaves: 3 }, undefined, undefined, true),
  ["status", "data"],
);
seen.stages = [...new Set(statuses.filter((m) => m.type === "status").map((m) => m.stage))];
seen.progress = statuses
  .filter((m) => m.type === "status" && m.progress_data)
  .map((m) => m.progress_data[0]);
seen.bake = statuses.filter((m) => m.type === "data").map((m) => m.data[0]);

const guarded = fns.submit("/guarded", { tag: "js-cancel", steps: 400 });
const first = [];
for await (const message of guarded) {
  if (message.type === "data") {
    first.push(message.data[0]);
    await guarded.cancel();
    break;
  }
}
seen.before_cancel = first;
seen.after_cancel = (await fns.predict("/echo", { text: "still here" })).data;

try {
  await Client.connect(urls.auth + "/", { auth: ["ada", "wrong"] });
  seen.wrong_password = null;
} catch (error) {
  seen.wrong_password = error.message;
}
const signedIn = await Client.connect(urls.auth + "/", { auth: ["ada", "lovelace"] });
seen.signed_in = (await signedIn.predict("/greet", { name: "Ada" })).data;

console.log(JSON.stringify(seen));
process.exit(0);
