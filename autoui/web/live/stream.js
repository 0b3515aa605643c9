// A live job: started like any job (POST api/{fn}/jobs), its chunks sent on the job's
// WebSocket and its events read back from the same socket — the bodies and ids of the
// SSE log. A file output of an output event comes first as a binary message (header
// length, JSON header, bytes), so media outputs are shown from memory: the event's
// payload gets a `blob` and a blob: `url`. Without WebSockets (or with an Authorization
// header, which a browser cannot put on a socket) it falls back to POST .../input for
// the chunks and the SSE stream for the events.

import { ClientError, Job } from "../client.js";
import { captureCamera, captureMicrophone } from "./capture.js";

const BACKED_UP = 256 * 1024; // bytes waiting in the socket: skip frames beyond this
const TERMINAL = new Set(["complete", "error", "cancelled"]);
const specs = new WeakMap(); // client → its spec, read once for stream()

/** Queue a live job of `fn` with the other inputs `data`; resolves to a LiveJob. */
export async function startLive(client, fn, data) {
  const response = await client.request(`api/${encodeURIComponent(fn)}/jobs`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ data }),
  });
  const body = await response.json();
  if (!body.stream_url) throw new ClientError(`${fn} took no live input for this call`);
  return client.auth || typeof WebSocket === "undefined" ? new HttpLiveJob(client, body) : new LiveJob(client, body);
}

/**
 * client.stream(fn, data): start `fn` with the other inputs of `data` and feed its live
 * input from data[param] — a MediaStream, or an (async) iterable of chunks — until it
 * ends or job.end() is called. Resolves to the live job.
 */
export async function streamLive(client, fn, data) {
  const live = await liveInputOf(client, fn);
  const { [live.param]: source, ...rest } = data;
  if (source === null || source === undefined) {
    throw new ClientError("expected a MediaStream or an (async) iterable of chunks", { param: live.param });
  }
  const job = await startLive(client, fn, rest);
  const feeding = isMediaStream(source) ? capture(job, live, source) : send(job, live, source);
  feeding.catch((err) => {
    job.inputError = err instanceof ClientError ? err : new ClientError(String(err?.message || err), { param: live.param });
    job.cancel();
  });
  return job;
}

async function liveInputOf(client, fn) {
  if (!specs.has(client)) specs.set(client, client.spec());
  const found = (await specs.get(client)).functions.find((f) => f.name === fn);
  if (!found) throw new ClientError(`the server has no function ${fn}`, { status: 404 });
  if (!found.streaming_input) throw new ClientError(`${fn} takes no live input: use predict() or submit()`);
  return found.streaming_input;
}

function isMediaStream(value) {
  return typeof MediaStream !== "undefined" && value instanceof MediaStream;
}

/** A device's stream, captured as the page captures it, from `started` to the end. */
async function capture(job, live, media) {
  for await (const event of job) {
    if (event.type === "started") break;
    if (TERMINAL.has(event.type)) return;
  }
  const device = live.kind === "video"
    ? await captureCamera(live, document.createElement("video"), (frame) => job.send(frame), () => job.ready, media)
    : await captureMicrophone(live, (chunk) => job.send(chunk), media);
  const end = job.end.bind(job);
  job.end = async () => {
    await device.stop();
    return end();
  };
  media.getTracks().forEach((track) => track.addEventListener("ended", () => job.end()));
  for await (const event of job) if (TERMINAL.has(event.type)) break;
  await device.stop();
}

/** Chunks from an iterable, each once the connection can take it (nothing skipped). */
async function send(job, live, chunks) {
  let ended = false;
  const end = job.end.bind(job);
  job.end = () => {
    ended = true;
    return end();
  };
  await job.opened;
  for await (const chunk of chunks) {
    if (ended || job.done) return;
    await job.sendWhenReady(live.kind === "audio" ? pcm16(chunk) : chunk);
  }
  if (!ended) await job.end();
}

/** Float samples (-1…1) → int16 PCM; other chunks (int16, bytes, Blobs) go as they are. */
function pcm16(chunk) {
  if (!(chunk instanceof Float32Array || chunk instanceof Float64Array)) return chunk;
  const out = new Int16Array(chunk.length);
  for (let i = 0; i < chunk.length; i++) {
    const s = Math.max(-1, Math.min(1, chunk[i]));
    out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return out;
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The outputs of a finished live job (payloads), or its error, thrown. */
function outcome(job, end) {
  if (end?.type === "complete") return end.data?.data ?? [];
  if (end?.type === "cancelled" && job.inputError) throw job.inputError;
  if (end?.type === "error") throw new ClientError(end.data?.message || "the function failed", end.data || {});
  if (end?.type === "cancelled") throw new ClientError("the job was cancelled", { type: "Cancelled" });
  throw new ClientError("the live stream closed before the result came");
}

function socketUrl(client, path) {
  const url = new URL(client.url(path));
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

/** Events over the job's WebSocket; send(chunk), end(), cancel(), iterate for events. */
export class LiveJob {
  constructor(client, body) {
    this.client = client;
    this.id = body.job_id;
    this.position = body.position ?? null;
    this.timeLimit = body.time_limit ?? null;
    this.log = [];
    this.done = false;
    this.media = new Map(); // event id → [{output, blob}]
    this.urls = [];
    this.waiting = []; // iterators waiting for the next event (the caller's, the feeder's)
    this.socket = new WebSocket(socketUrl(client, body.stream_url));
    // arraybuffer, not blob: a blob's bytes are read asynchronously, so the JSON event
    // that follows its frame could be handled first and draw the frame as a plain file.
    this.socket.binaryType = "arraybuffer";
    this.opened = new Promise((resolve, reject) => {
      this.socket.onopen = resolve;
      this.socket.onerror = () => reject(new ClientError("the live stream could not be opened"));
    });
    this.socket.onmessage = (e) => this.receive(e.data);
    this.socket.onclose = (e) => {
      if (!this.done) this.push({ type: "error", data: { message: e.reason || "the live stream closed", type: "StreamClosed" } });
    };
  }

  get ready() {
    return this.socket.readyState === WebSocket.OPEN && this.socket.bufferedAmount < BACKED_UP;
  }

  send(chunk) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(chunk);
  }

  /** Send once the socket is not backed up (what an iterable source waits for). */
  async sendWhenReady(chunk) {
    while (!this.ready && this.socket.readyState === WebSocket.OPEN) await pause(5);
    this.send(chunk);
  }

  /** The outputs, once the job ends; throws ClientError on error or cancel. */
  async result() {
    for await (const event of this) if (TERMINAL.has(event.type)) break;
    return outcome(this, this.log[this.log.length - 1]);
  }

  end() {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: "end" }));
  }

  async cancel() {
    await this.client.request(`api/jobs/${encodeURIComponent(this.id)}`, { method: "DELETE" }).catch(() => {});
  }

  close() {
    this.done = true;
    this.socket.close();
    this.urls.forEach((u) => URL.revokeObjectURL(u));
    this.notify();
  }

  receive(data) {
    if (typeof data !== "string") {
      const bytes = data;
      const size = new DataView(bytes).getUint32(0);
      const header = JSON.parse(new TextDecoder().decode(bytes.slice(4, 4 + size)));
      const blob = new Blob([bytes.slice(4 + size)], { type: header.mime_type });
      this.media.set(header.id, [...(this.media.get(header.id) || []), { output: header.output, blob }]);
      return;
    }
    const event = JSON.parse(data);
    for (const { output, blob } of this.media.get(event.id) || []) {
      const url = URL.createObjectURL(blob);
      this.urls.push(url);
      if (this.urls.length > 8) URL.revokeObjectURL(this.urls.shift());
      event.data.data[output] = { ...event.data.data[output], url, blob };
    }
    this.media.delete(event.id);
    this.push(event);
  }

  push(event) {
    this.log.push(event);
    if (TERMINAL.has(event.type)) {
      this.done = true;
      this.socket.close();
    }
    this.notify();
  }

  notify() {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((wake) => wake());
  }

  async *[Symbol.asyncIterator]() {
    for (let index = 0; ; ) {
      while (index < this.log.length) yield this.log[index++];
      if (this.done) return;
      await new Promise((resolve) => this.waiting.push(resolve));
    }
  }
}

/** The same job over plain HTTP: chunks by POST (one at a time), events from SSE. */
class HttpLiveJob extends Job {
  constructor(client, body) {
    super(client, body.job_id, body.position ?? null);
    this.timeLimit = body.time_limit ?? null;
    this.inputUrl = body.input_url;
    this.sending = null;
    this.seq = 0;
    this.opened = Promise.resolve();
  }

  get ready() {
    return this.sending === null;
  }

  async sendWhenReady(chunk) {
    while (this.sending) await this.sending;
    this.send(chunk);
  }

  async result() {
    await this.follow();
    return outcome(this, this.terminal);
  }

  send(chunk) {
    const seq = ++this.seq;
    const post = this.client
      .request(this.inputUrl, { method: "POST", headers: { "X-Chunk-Seq": String(seq) }, body: chunk })
      .catch(() => {});
    this.sending = post.finally(() => {
      if (this.sending === post) this.sending = null;
    });
  }

  async end() {
    await this.sending;
    await this.client.request(this.inputUrl, { method: "POST", body: new Uint8Array(0) }).catch(() => {});
  }
}
