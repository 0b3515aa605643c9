// Runs one function's jobs for the page: submit, follow the events, and hand each to the
// view. Only the newest run is shown: a run superseded by a newer one (live mode) is
// cancelled on the server and its late events are ignored.

const HANDLERS = {
  queued: "queued",
  started: "started",
  progress: "progress",
  alert: "alert",
  output: "output",
  complete: "complete",
  error: "failed",
  cancelled: "cancelled",
  restart: "restart", // under a broker: the job runs again on another worker
};

export class JobRunner {
  /**
   * @param client  the autoui client
   * @param fn      the function's name
   * @param view    {begin, queued, started, progress, alert, output, complete, failed,
   *                 cancelled, restart, rejected(err), end} — each gets the event's data
   * @param start   (data) → a job; default: client.submit (a live input brings its own)
   */
  constructor(client, fn, view, start = null) {
    this.client = client;
    this.fn = fn;
    this.view = view;
    this.start = start;
    this.job = null;
    this.generation = 0;
  }

  get running() {
    return this.job !== null;
  }

  /** Submit `data` and follow the job to its end (superseding any run in progress). */
  async run(data) {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.abandon();
    this.view.begin();
    let job;
    try {
      job = await (this.start ? this.start(data) : this.client.submit(this.fn, data));
    } catch (err) {
      if (current()) {
        this.view.rejected(err);
        this.view.end();
      }
      return;
    }
    if (!current()) {
      job.cancel().catch(() => {});
      return;
    }
    this.job = job;
    this.view.queued({ position: job.position });
    try {
      for await (const event of job) {
        if (!current()) break;
        this.view[HANDLERS[event.type]]?.(event.data || {});
      }
    } catch (err) {
      if (current()) this.view.rejected(err);
    } finally {
      if (current()) {
        this.job = null;
        this.view.end();
      }
    }
  }

  /** Ask the server to stop the running job; its `cancelled` event ends the run. */
  async stop() {
    const job = this.job;
    if (!job) return;
    try {
      await job.cancel();
    } catch (err) {
      this.view.rejected(err);
    }
  }

  /** Forget the running job (cancel it on the server, ignore what it still sends). */
  abandon() {
    const job = this.job;
    this.job = null;
    if (job) {
      job.cancel().catch(() => {});
      job.close();
    }
  }
}
