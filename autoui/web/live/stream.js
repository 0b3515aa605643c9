// A live job: started like any job (POST api/{fn}/jobs), its chunks sent on the job's
// WebSocket and its events read back from the same socket — the bodies and ids of the
// SSE log. A file output of an output event comes first as a binary message (header
// length, JSON header, bytes), so media outputs are shown from memory: the event's
// payload gets a `blob` and a blob: `url`. Without WebSockets (or with an Authorization
// header, which a browser cannot put on a socket) it falls back to POST .../input for
// the chunks and the SSE stream for the events.

import { ClientError, Job } from "../client.js";

const BACKED_UP = 256 * 1024; // bytes waiting in the socket: skip frames beyond this
const TERMINAL = new Set(["complete", "error", "cancelled"]);

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
    this.wake = null;
    this.socket = new WebSocket(socketUrl(client, body.stream_url));
    this.socket.binaryType = "blob";
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

  async receive(data) {
    if (typeof data !== "string") {
      const bytes = await data.arrayBuffer();
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
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator]() {
    for (let index = 0; ; ) {
      while (index < this.log.length) yield this.log[index++];
      if (this.done) return;
      await new Promise((resolve) => (this.wake = resolve));
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
  }

  get ready() {
    return this.sending === null;
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
