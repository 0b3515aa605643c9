// autoui JS client: call any autoui app from a browser or another page.
//
//   import { connect } from "http://127.0.0.1:7860/api/client.js";
//   const client = connect("http://127.0.0.1:7860/");
//   const [label] = await client.predict("classify", { text: "hello" });
//   const job = await client.submit("count", { n: 5 });
//   for await (const event of job) console.log(event.type, event.data);
//
// A job's events are read with fetch() streaming (so auth headers work), named as the
// server names them (queued, started, progress, alert, output, complete, error,
// cancelled); a dropped stream is resumed with Last-Event-ID. Errors are ClientError
// objects carrying the HTTP status, the server's message and the parameter concerned.

const TERMINAL = new Set(["complete", "error", "cancelled"]);
const MAX_RECONNECTS = 8;

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
  return new ClientError(message, { status: response.status, param, type: body?.type ?? null });
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

  /** Call `fn` and wait for its outputs (a list, one payload per output). */
  async predict(fn, data = {}) {
    return (await this.submit(fn, data)).result();
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

/** One queued call: iterate it for events, await result(), or cancel(). */
export class Job {
  constructor(client, id, position = null) {
    this.client = client;
    this.id = id;
    this.position = position;
    this.lastEventId = null;
    this.done = false;
    this.controller = null;
  }

  /** Events as {type, data, id}, ending after complete, error or cancelled. */
  async *events() {
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
        if (err.status || ++failures > MAX_RECONNECTS) throw err;
        await sleep(250 * failures);
        continue;
      }
      try {
        for await (const event of readSSE(response.body)) {
          failures = 0;
          if (event.id) this.lastEventId = event.id;
          if (TERMINAL.has(event.type)) this.done = true;
          yield event;
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

  [Symbol.asyncIterator]() {
    return this.events();
  }

  /** The outputs (one payload per output); throws ClientError on error or cancel. */
  async result() {
    for await (const event of this.events()) {
      if (event.type === "complete") return event.data?.data ?? [];
      if (event.type === "error") {
        const d = event.data || {};
        throw new ClientError(d.message || "the function failed", d);
      }
      if (event.type === "cancelled") throw new ClientError("the job was cancelled", { type: "Cancelled" });
    }
    throw new ClientError("the event stream ended without a result");
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
    this.done = true;
    this.controller?.abort();
  }
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
