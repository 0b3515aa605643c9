// The page's side of the in-browser backend: the same client interface the web UI uses
// over HTTP (submit → Job, predict, upload, url), with the calls run by a module Web
// Worker (worker.js) instead of a server. One client interface, two transports: the UI's
// code (app.js, panel.js, jobrun.js) does not know which one it has.
//
// Like the server, a submit is checked first (the worker preprocesses the inputs: a bad
// value is a ClientError naming the parameter, status 422) and then queued; jobs run one
// at a time. Stop ends a running job the hard way: the worker is terminated (whatever
// the function was doing) and a fresh one boots; queued jobs wait for it. A call past its
// @autoui.time_limit is stopped the same way, with the server's TimeLimit error.

import { Client, ClientError, Job } from "../client.js";

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * The worker, its boot and its queue of jobs. `configure()` gives {workerURL, boot}, the
 * worker's URL and boot config; it is called once, at the first start (a single-file
 * page parses its inline files then, after the UI is drawn).
 */
export class WorkerBackend {
  constructor(configure) {
    this.configure = configure;
    this.setup = null;
    this.worker = null;
    this.status = { stage: "runtime", fraction: 0, text: "Loading the Python runtime", error: null };
    this.listeners = new Set();
    this.checks = new Map(); // id → {message, settle}
    this.queue = [];
    this.running = null;
    this.nextId = 0;
    this.boots = 0;
    this.gate = null;
    this.newGate();
  }

  /** `ready`: settles when the current worker's runtime is up (or could not start). */
  newGate() {
    this.gate = deferred();
    this.gate.promise.catch(() => {}); // a failed boot is reported through the status too
    this.ready = this.gate.promise;
  }

  /** Call `listener(status)` now and on every change ({stage, fraction, text, error}). */
  onStatus(listener) {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  setStatus(change) {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) listener(this.status);
  }

  /** Start a worker and boot the runtime in it; `ready` settles when it is up (or failed). */
  start() {
    if (this.boots > 0) this.newGate();
    this.boots += 1;
    const gate = this.gate;
    this.setStatus({ stage: "runtime", fraction: 0, text: "Loading the Python runtime", error: null });
    let worker;
    try {
      this.setup ??= this.configure();
      worker = new Worker(this.setup.workerURL, { type: "module", name: "autoui" });
    } catch (err) {
      this.failed(gate, `The browser cannot start the app's worker: ${err.message || err}`);
      return this.ready;
    }
    this.worker = worker;
    worker.onmessage = (event) => this.receive(event.data, gate);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.failed(gate, `The app's worker failed to start: ${event.message || "it could not be loaded"}`);
    };
    worker.postMessage({ type: "boot", config: this.setup.boot });
    for (const pending of this.checks.values()) worker.postMessage(pending.message);
    if (this.running) this.post(this.running);
    return this.ready;
  }

  failed(gate, message) {
    this.setStatus({ stage: "failed", error: message, text: message });
    gate.reject(new ClientError(message, { type: "RuntimeUnavailable" }));
  }

  receive(message, gate) {
    if (message.type === "status") this.setStatus({ stage: message.stage, fraction: message.fraction, text: message.text });
    else if (message.type === "ready") {
      this.setStatus({ stage: "ready", fraction: 1, text: "Ready", seconds: message.seconds });
      gate.resolve();
    } else if (message.type === "bootfailed") this.failed(gate, message.message);
    else if (message.type === "checked") this.checked(message);
    else if (message.type === "event") this.event(message);
    else if (message.type === "done") this.finished(message.id);
  }

  event({ id, kind, body }) {
    const job = this.running;
    if (job?.id !== id) return;
    if (kind === "started") this.armTimeLimit(job);
    job.add({ type: kind, data: body, id: null });
  }

  /** @autoui.time_limit: past it, the call is stopped as under --isolation process. */
  armTimeLimit(job) {
    const limit = this.setup.boot.timeLimits?.[job.fn];
    if (!limit) return;
    job.timer = setTimeout(() => {
      if (this.running !== job || job.done) return;
      this.running = null;
      this.restart();
      job.add({ type: "error", data: limit.event, id: null });
      this.pump();
    }, limit.seconds * 1000);
  }

  /** Check a call in the worker; resolves to null or {message, param, status}. */
  check(fn, data, files) {
    const id = `c${++this.nextId}`;
    const message = { type: "check", id, fn, data, files };
    const settle = deferred();
    this.checks.set(id, { message, settle });
    this.worker?.postMessage(message);
    return settle.promise;
  }

  checked({ id, error }) {
    const pending = this.checks.get(id);
    this.checks.delete(id);
    pending?.settle.resolve(error);
  }

  enqueue(job) {
    this.queue.push(job);
    this.pump();
  }

  pump() {
    if (this.running || !this.queue.length) return;
    this.running = this.queue.shift();
    this.queue.forEach((job, index) => job.add({ type: "queued", data: { position: index + 1, eta: null }, id: null }));
    this.post(this.running);
  }

  post(job) {
    this.worker?.postMessage({ type: "run", id: job.id, fn: job.fn, data: job.data, files: job.files });
  }

  finished(id) {
    if (this.running?.id !== id) return;
    const job = this.running;
    clearTimeout(job.timer);
    this.running = null;
    if (!job.done) job.add({ type: "error", data: { message: "the call ended without a result", type: "InternalError" }, id: null });
    this.pump();
  }

  /** Cancel a job: a queued one never runs; a running one ends with its worker. */
  cancel(job) {
    if (job.done) return;
    const index = this.queue.indexOf(job);
    if (index >= 0) {
      this.queue.splice(index, 1);
    } else if (this.running === job) {
      clearTimeout(job.timer);
      this.running = null;
      this.restart();
    } else {
      return;
    }
    job.add({ type: "cancelled", data: {}, id: null });
    this.pump();
  }

  /** A hard stop: end the worker, whatever it runs, and boot a fresh one. */
  restart() {
    this.worker?.terminate();
    this.worker = null;
    this.start();
  }
}

/** A job run by the worker: the same event log, iteration and result() as an HTTP job. */
class LocalJob extends Job {
  constructor(backend, id, fn, data, files) {
    super(null, id, 0);
    this.backend = backend;
    this.fn = fn;
    this.data = data;
    this.files = files;
    this.ended = deferred();
  }

  readStreams() {
    return this.ended.promise;
  }

  finish() {
    super.finish();
    this.ended?.resolve();
  }

  async cancel() {
    this.backend.cancel(this);
  }
}

/** The client of an exported app whose functions run in this browser (see WorkerBackend). */
export class LocalClient extends Client {
  constructor(backend, { spec = null } = {}) {
    super(undefined);
    this.backend = backend;
    this.local = true;
    this.specJson = spec;
    this.uploads = new Map(); // id → File, for the inputs of later calls
  }

  async request() {
    throw new ClientError("This app runs in your browser: it has no server to call.", { type: "NoServer" });
  }

  async spec() {
    if (this.specJson) return this.specJson;
    return this.request();
  }

  /** Check the call in the worker (a ClientError for a bad input), then queue it. */
  async submit(fn, data = {}) {
    await this.backend.ready;
    const files = await this.filesOf(data);
    const error = await this.backend.check(fn, data, files);
    if (error) throw new ClientError(error.message, { status: error.status, param: error.param, type: "ValidationError" });
    const job = new LocalJob(this.backend, `j${++this.backend.nextId}`, fn, data, files);
    job.position = this.backend.queue.length + (this.backend.running ? 1 : 0);
    this.backend.enqueue(job);
    return job;
  }

  async predict(fn, data = {}, { onEvent = null } = {}) {
    const job = await this.submit(fn, data);
    for await (const event of job) onEvent?.(event);
    return job.result();
  }

  /** Keep a file in the page; the payload's id travels with the calls that use it. */
  async upload(file, { onProgress = null, name = null } = {}) {
    const limit = this.specJson?.max_file_size;
    if (limit && file.size > limit) {
      throw new ClientError(`${name || file.name} is larger than ${limit} bytes, the most this app accepts in a browser`, { status: 413 });
    }
    const id = `local-${crypto.randomUUID?.() || Math.random().toString(36).slice(2)}`;
    this.uploads.set(id, file);
    onProgress?.(1);
    const url = URL.createObjectURL(file);
    return { id, url, name: name || file.name || "blob", size: file.size, mime_type: file.type || "application/octet-stream" };
  }

  /** The uploaded files a call's data names by id: {id: {name, bytes}}. */
  async filesOf(data) {
    const ids = new Set();
    const walk = (value) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        if (typeof value.id === "string" && this.uploads.has(value.id)) ids.add(value.id);
        Object.values(value).forEach(walk);
      }
    };
    walk(data);
    const files = {};
    for (const id of ids) {
      const file = this.uploads.get(id);
      files[id] = { name: file.name || "upload", bytes: await file.arrayBuffer() };
    }
    return files;
  }
}
