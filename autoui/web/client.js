// autoui JS client: call any autoui app from a browser or another page.
//
//   import { connect } from "http://127.0.0.1:7860/api/client.js";
//   const client = connect("http://127.0.0.1:7860/");
//   const [label] = await client.predict("classify", { text: "hello" });
//   const job = await client.submit("count", { n: 5 });
//   for await (const event of job) console.log(event.type, event.data);
//   const live = await client.stream("tuner", { audio: await navigator.mediaDevices.getUserMedia({ audio: true }) });
//
// predict() is one request (POST /api/{fn}, which answers when the call is done). A job's
// events are read once, with fetch() streaming (so auth headers work), and kept: iterate
// the job any number of times, from its first event, and call result() before, during or
// after that. Events are named as the server names them (queued, started, progress,
// alert, output, complete, error, cancelled, and restart when a broker's worker died and
// the job runs again: outputs before it are void); a dropped stream is resumed with
// Last-Event-ID. Errors are ClientError objects carrying the HTTP status, the server's
// message and the parameter concerned.

const TERMINAL = new Set(["complete", "error", "cancelled"]);
const MAX_RECONNECTS = 8;
// Functions whose blocking route POST /api/{name} a fixed route answers (the upload).
const NO_BLOCKING_ROUTE = new Set(["files"]);

/** An autoui server answered with an error, or could not be reached. */
export class ClientError extends Error {
  constructor(message, { status = null, param = null, type = null, title = null } = {}) {
    super(param ? `${param}: ${message}` : message);
    this.name = "ClientError";
    this.message = message;
    this.status = status;
    this.param = param;
    this.type = type;
    this.title = title;
  }

  toString() {
    return this.param ? `${this.param}: ${this.message}` : this.message;
  }
}

/** A client for the autoui server at `url` (defaults to this page's base URL). */
export function connect(url, options = {}) {
  return new Client(url, options);
}

function authHeader(auth) {
  if (!auth) return null;
  if (Array.isArray(auth)) return "Basic " + btoa(`${auth[0]}:${auth[1]}`);
  return auth.startsWith("Basic ") || auth.startsWith("Bearer ") ? auth : `Bearer ${auth}`;
}

function baseOf(url) {
  const href = url ? new URL(url, globalThis.location?.href).href : new URL(".", location.href).href;
  return href.endsWith("/") ? href : href + "/";
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: fall through to the status text */
  }
  const param = body?.param ?? null;
  const first = Array.isArray(body?.detail) ? body.detail[0]?.msg : null;
  const message =
    (param && first) ||
    body?.error ||
    (typeof body?.detail === "string" ? body.detail : null) ||
    body?.message ||
    `${response.status} ${response.statusText || "error"}`;
  const type = body?.type ?? null;
  return new ClientError(message, { status: response.status, param, type, title: body?.title ?? null });
}

export class Client {
  constructor(url, { auth = null, credentials = "same-origin" } = {}) {
    this.base = baseOf(url);
    this.auth = authHeader(auth);
    this.credentials = credentials;
  }

  /**
   * An absolute URL: API paths ("api/spec") resolve under the base URL; file URLs the
   * server sent ("/root/api/files/...") against its origin; absolute URLs stay as they are.
   */
  url(path) {
    if (/^(https?:|data:|blob:)/i.test(path)) return path;
    return new URL(String(path), this.base).href;
  }

  headers(extra = {}) {
    return this.auth ? { Authorization: this.auth, ...extra } : extra;
  }

  async request(path, init = {}) {
    let response;
    try {
      response = await fetch(this.url(path), {
        credentials: this.credentials,
        ...init,
        headers: this.headers(init.headers),
      });
    } catch (err) {
      if (err?.name === "AbortError") throw err;
      throw new ClientError(
        `Cannot reach the autoui server at ${this.base}: it is not running, or it does not ` +
          "allow requests from this page's origin (start it with --cors-origin).",
        { type: "NetworkError" },
      );
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  /** The app's spec (GET /api/spec). */
  async spec() {
    return (await this.request("api/spec")).json();
  }

  /** Queue a call; resolves to a Job once the server accepted it (202). */
  async submit(fn, data = {}) {
    const response = await this.request(`api/${encodeURIComponent(fn)}/jobs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ data }),
    });
    const body = await response.json();
    return new Job(this, body.job_id, body.position ?? null);
  }

  /**
   * Call `fn` and wait for its outputs (a list, one payload per output): one request,
   * POST /api/{fn}. With `onEvent`, the call is a job instead (submit, then its events),
   * and `onEvent` gets each event as it comes (progress, streamed outputs, ...).
   */
  async predict(fn, data = {}, { onEvent = null } = {}) {
    if (onEvent || NO_BLOCKING_ROUTE.has(fn)) {
      const job = await this.submit(fn, data);
      for await (const event of job) onEvent?.(event);
      return job.result();
    }
    const response = await this.request(`api/${encodeURIComponent(fn)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ data }),
    });
    return (await response.json()).data ?? [];
  }

  /**
   * Start `fn` and feed its live input (a parameter typed Iterator[Audio] / Iterator[Image])
   * from `data[param]`: a MediaStream (a microphone or camera, captured at the spec's rate
   * or fps once the job starts) or an async iterable of chunks (int16 PCM or Float32Array
   * samples for audio, JPEG Blobs or bytes for frames), sent over the job's WebSocket (or
   * POSTed one by one when none can be opened). Resolves to a live job: iterate its events,
   * await result(), end() the input early, or cancel().
   */
  async stream(fn, data = {}) {
    const { streamLive } = await import("./live/stream.js");
    return streamLive(this, fn, data);
  }

  /**
   * Upload a File or Blob; resolves to {id, url, name, size, mime_type}.
   * Uses XMLHttpRequest because fetch() cannot report upload progress.
   */
  upload(file, { onProgress = null, signal = null, name = null } = {}) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", this.url("api/files"));
      xhr.withCredentials = this.credentials === "include";
      if (this.auth) xhr.setRequestHeader("Authorization", this.auth);
      xhr.responseType = "json";
      if (onProgress) {
        xhr.upload.onprogress = (e) => onProgress(e.lengthComputable ? e.loaded / e.total : null, e);
      }
      xhr.onload = () => {
        const body = xhr.response;
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(Array.isArray(body) ? body[0] : body);
          return;
        }
        const message = body?.error || (typeof body?.detail === "string" ? body.detail : null);
        reject(new ClientError(message || `upload failed (${xhr.status})`, { status: xhr.status }));
      };
      xhr.onerror = () => reject(new ClientError(`Cannot reach the autoui server at ${this.base}`));
      xhr.onabort = () => reject(new ClientError("upload cancelled", { type: "AbortError" }));
      signal?.addEventListener("abort", () => xhr.abort());
      const form = new FormData();
      form.append("file", file, name || file.name || "blob");
      xhr.send(form);
    });
  }
}

/**
 * One queued call: iterate it for its events, await result(), or cancel(). The events
 * are read once (from the first iteration or result() on) and kept, so every iteration
 * starts at the job's first event and result() works before, during or after one.
 */
export class Job {
  constructor(client, id, position = null) {
    this.client = client;
    this.id = id;
    this.position = position;
    this.lastEventId = null;
    this.log = []; // every event read so far, in order
    this.terminal = null; // the complete, error or cancelled event, once read
    this.lost = null; // why the events could not be read to the end (a ClientError)
    this.done = false; // no more events will be read: terminal, lost, or close()
    this.closed = false;
    this.controller = null;
    this.reading = null; // the one reader of the event stream, once started
    this.wake = deferred();
  }

  /** Events as {type, data, id}, from the first, ending after complete, error or cancelled. */
  async *events() {
    this.follow();
    for (let index = 0; ; ) {
      while (index < this.log.length) yield this.log[index++];
      if (this.done) {
        if (this.lost) throw this.lost;
        return;
      }
      await this.wake.promise;
    }
  }

  [Symbol.asyncIterator]() {
    return this.events();
  }

  /** The outputs (one payload per output); throws ClientError on error or cancel. */
  async result() {
    await this.follow();
    const end = this.terminal;
    if (end?.type === "complete") return end.data?.data ?? [];
    if (end?.type === "error") {
      const d = end.data || {};
      throw new ClientError(d.message || "the function failed", d);
    }
    if (end?.type === "cancelled") throw new ClientError("the job was cancelled", { type: "Cancelled" });
    if (this.lost) throw this.lost;
    throw new ClientError(
      this.closed ? "the job's events were closed before its result came" : "the event stream ended without a result",
    );
  }

  /** Ask the server to cancel: a queued job never runs, a generator stops at its next yield. */
  async cancel() {
    try {
      await this.client.request(`api/jobs/${encodeURIComponent(this.id)}`, { method: "DELETE" });
    } catch (err) {
      if (err.status !== 404) throw err;
    }
  }

  /** Stop reading events (the job itself goes on; use cancel() to stop it). */
  close() {
    this.closed = true;
    this.finish();
    this.controller?.abort();
  }

  /** Start reading the events (once); resolves when no more will come. */
  follow() {
    this.reading ??= this.read();
    return this.reading;
  }

  async read() {
    try {
      await this.readStreams();
    } catch (err) {
      if (!this.done) this.lost = err;
    } finally {
      this.finish();
    }
  }

  /** Read the event stream to the job's end, resuming a dropped one after lastEventId. */
  async readStreams() {
    let failures = 0;
    while (!this.done) {
      let response;
      this.controller = new AbortController();
      try {
        const headers = this.lastEventId ? { "Last-Event-ID": this.lastEventId } : {};
        response = await this.client.request(`api/jobs/${encodeURIComponent(this.id)}/events`, {
          headers: { Accept: "text/event-stream", ...headers },
          signal: this.controller.signal,
        });
      } catch (err) {
        if (this.done) return;
        if (err.status || ++failures > MAX_RECONNECTS) throw err;
        await sleep(250 * failures);
        continue;
      }
      try {
        for await (const event of readSSE(response.body)) {
          failures = 0;
          this.add(event);
          if (this.done) return;
        }
      } catch (err) {
        if (err?.name === "AbortError" && this.done) return;
      }
      if (!this.done && ++failures > MAX_RECONNECTS) {
        throw new ClientError("the event stream kept dropping; the job may still be running");
      }
      if (!this.done) await sleep(250 * failures);
    }
  }

  add(event) {
    if (this.done) return;
    if (event.id) this.lastEventId = event.id;
    this.log.push(event);
    if (TERMINAL.has(event.type)) {
      this.terminal = event;
      this.finish();
    } else {
      this.notify();
    }
  }

  finish() {
    this.done = true;
    this.notify();
  }

  notify() {
    const woken = this.wake;
    this.wake = deferred();
    woken.resolve();
  }
}

function deferred() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parse a text/event-stream body into {type, data, id} (comments are heartbeats: skipped). */
export async function* readSSE(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = { type: "message", data: [], id: null };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (event.data.length) yield finish(event);
          event = { type: "message", data: [], id: null };
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event.type = text;
          else if (field === "data") event.data.push(text);
          else if (field === "id") event.id = text;
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function finish(event) {
  const text = event.data.join("\n");
  let data = text;
  try {
    data = JSON.parse(text);
  } catch {
    /* keep the raw text */
  }
  return { type: event.type, data, id: event.id };
}
