// One function's live runs: what the panel's JobRunner starts instead of a plain job when
// the live input has no file. Capture starts when the job does (a queued job sends
// nothing), Stop ends the input so the function gives its final result, and the job's
// end (or a failure to open the device) stops capture.

import { startLive } from "./stream.js";

export class LiveRun {
  /**
   * @param client  the autoui client
   * @param fn      the function's spec (with streaming_input)
   * @param fields  the panel's input fields
   * @param form    the panel's form: Start submits it
   */
  constructor(client, fn, fields, form) {
    this.client = client;
    this.fn = fn;
    this.spec = fn.streaming_input;
    this.widget = fields.find((f) => f.spec.name === this.spec.param)?.widget;
    this.job = null;
    this.start = (data) => this.open(data);
    form.addEventListener("autoui:live-toggle", () => (this.job ? this.stop() : form.requestSubmit()));
  }

  /** The job for `data`: live when the live input has no file, else an ordinary one. */
  async open(data) {
    const param = this.spec.param;
    if (data[param] !== null && data[param] !== undefined) return this.client.submit(this.fn.name, data);
    const rest = { ...data };
    delete rest[param];
    const job = await startLive(this.client, this.fn.name, rest);
    this.job = job;
    this.widget.setRunning(true);
    return this.follow(job);
  }

  /** The job's events, starting capture at `started` and stopping it at the end. */
  follow(job) {
    const run = this;
    return {
      id: job.id,
      position: job.position,
      cancel: () => job.cancel(),
      close: () => {
        job.close();
        run.cleanup(job);
      },
      async *[Symbol.asyncIterator]() {
        try {
          for await (const event of job) {
            if (event.type === "started") {
              try {
                await run.widget.begin(job, run.spec);
              } catch (err) {
                job.cancel();
                yield { type: "error", data: { message: err.message || String(err), type: "DeviceError" } };
                return;
              }
            }
            yield event;
          }
        } finally {
          run.cleanup(job);
        }
      },
    };
  }

  /** Stop capturing and end the input: the function finishes with what it has. */
  async stop() {
    const job = this.job;
    await this.widget.finish();
    await job?.end();
  }

  cleanup(job) {
    if (this.job !== job) return;
    this.job = null;
    this.widget.finish();
    this.widget.setRunning(false);
  }
}
