// One function's panel: its inputs, the Submit / Clear / Stop buttons, its outputs with
// the job status above them, the examples and the "Use via API" section.

import { apiPanel } from "./apipanel.js";
import { linkChat } from "./chatlink.js";
import { h, uid } from "./dom.js";
import { examplesTable } from "./examples.js";
import { allFields, buildInputs, collect, errorTarget, fillInputs, flagProblems, resetInputs } from "./inputs.js";
import { JobRunner } from "./jobrun.js";
import { createStatus } from "./jobstatus.js";
import { renderMarkdown } from "./markdown.js";
import { describe, showError } from "./modal.js";
import { rendererFor } from "./registry.js";
import { toast } from "./toasts.js";

const LIVE_DELAY = 300;

function buildOutputs(fn, app) {
  return fn.outputs.map((spec) => {
    const widget = rendererFor(spec.component).output({ client: app.client, spec });
    const id = uid(`out-${spec.name}`);
    const el = h("div", { class: `output output-${spec.component}`, dataset: { output: spec.name } },
      h("span", { class: "output-label", id, text: spec.label || spec.name }),
      widget.el,
    );
    widget.el.setAttribute?.("aria-labelledby", id);
    return { spec, widget, el };
  });
}

function buttons(live) {
  return {
    submit: h("button", { type: "submit", class: "primary", text: live ? "Run" : "Submit", "aria-keyshortcuts": "Control+Enter" }),
    stop: h("button", { type: "button", class: "danger", text: "Stop", hidden: true }),
    clear: h("button", { type: "button", class: "ghost", text: "Clear" }),
  };
}

/** Where a failure goes: next to its input, a toast for a full queue, else the modal. */
function failureHandler(fields, status, live) {
  return (error) => {
    const target = errorTarget(fields, error.param);
    if (target) {
      target.setError(error.message);
      if (!live) target.focus(); // never pull the caret out of the field being typed in
      status.finished("invalid", `Check ${target.spec.label || target.spec.name}`);
    } else if (error.status === 503) {
      toast("warning", error.message || "The queue is full; try again in a moment.");
      status.finished("error", "Queue full");
    } else {
      status.finished("error", describe(error).title);
      showError(error);
    }
  };
}

/** What the page does with each event of a job (see JobRunner). */
function jobView({ btn, status, outputs, outputBox, chat, showFailure, live }) {
  const setOutputs = (data) => (data || []).forEach((value, i) => outputs[i]?.widget.set(value));
  return {
    begin: () => {
      btn.submit.disabled = !live;
      btn.stop.hidden = false;
      status.submitting();
      outputBox.setAttribute("aria-busy", "true");
    },
    queued: (d) => status.queued(d),
    started: () => status.started(),
    progress: (d) => status.progress(d),
    alert: (d) => toast(d.level === "warning" ? "warning" : "info", d.message),
    output: (d) => setOutputs(chat.output(d.data)),
    restart: (d) => {
      // The worker running the job stopped; it runs again elsewhere: drop partial output.
      outputs.forEach((o) => o.widget.set(null));
      chat.output([]);
      status.restarted(d);
    },
    complete: (d) => {
      setOutputs(chat.complete(d.data));
      status.done(d.duration);
    },
    failed: (d) => {
      chat.drop();
      showFailure(d);
    },
    cancelled: () => {
      chat.drop();
      status.finished("cancelled", "Stopped");
    },
    rejected: (err) => {
      chat.drop();
      showFailure(err);
    },
    end: () => {
      btn.submit.disabled = false;
      btn.stop.hidden = true;
      outputBox.removeAttribute("aria-busy");
    },
  };
}

/**
 * @param fn   the function's spec
 * @param app  {client, spec, live, maxFileSize, apiBase, multiple, LiveRun}
 */
export function buildPanel(fn, app) {
  const hooks = { changed: () => {}, submit: () => {} };
  const fields = buildInputs(fn, app, hooks);
  const outputs = buildOutputs(fn, app);
  const status = createStatus();
  const btn = buttons(app.live);
  const actions = h("div", { class: "actions" }, btn.clear, btn.stop, btn.submit);
  const form = h("form", { class: "inputs card", novalidate: true, "aria-label": "Inputs" }, fields.map((f) => f.el), actions);
  const outputBox = h("div", { class: "outputs card", "aria-label": "Outputs", role: "region" }, status.el, outputs.map((o) => o.el));
  const chat = linkChat(fields, outputs);
  const onlyChat = chat.linked && outputs.every((o) => o.el.hidden);
  if (onlyChat) {
    form.insertBefore(status.el, actions);
    outputBox.hidden = true;
  }
  const clearErrors = () => allFields(fields).forEach((f) => f.clearError());
  const showFailure = failureHandler(fields, status, app.live);
  const view = jobView({ btn, status, outputs, outputBox, chat, showFailure, live: app.live });
  const live = fn.streaming_input && app.LiveRun ? new app.LiveRun(app.client, fn, fields, form) : null;
  const runner = new JobRunner(app.client, fn.name, view, live?.start);

  async function submit() {
    if (runner.running && !app.live) return;
    clearErrors();
    const flagged = await flagProblems(fields);
    if (flagged.length) {
      if (!app.live) flagged[0].focus();
      const first = flagged[0].spec;
      status.finished("invalid", flagged.length === 1 ? `Check ${first.label || first.name}` : `Check ${flagged.length} fields`);
      return;
    }
    let data;
    try {
      data = await collect(fields);
    } catch (err) {
      showFailure(err);
      return;
    }
    chat.begin(data);
    await runner.run(data);
  }

  let liveTimer = null;
  hooks.submit = submit;
  hooks.changed = () => {
    if (!app.live) return;
    clearTimeout(liveTimer);
    liveTimer = setTimeout(submit, LIVE_DELAY);
  };
  wire({ form, btn, runner, status, submit });
  btn.clear.addEventListener("click", () => {
    runner.abandon();
    view.end();
    resetInputs(fields);
    clearErrors();
    outputs.forEach((o) => o.widget.set(null));
    status.reset();
    chat.drop();
  });
  resetInputs(fields);
  const fill = (row) => {
    fillInputs(fields, row);
    clearErrors();
    hooks.changed();
  };
  const el = h("section", { class: onlyChat ? "fn-panel chat-app" : "fn-panel", dataset: { fn: fn.name } },
    fn.description && app.multiple ? renderMarkdown(h("div", { class: "prose fn-description" }), fn.description) : null,
    h("div", { class: "io" }, form, outputBox),
    examplesTable(fn, fill),
    app.api === false ? null : apiPanel(fn, app),
  );
  return { el, fn, fields, outputs, submit, runner };
}

/** Submit on the form's submit (Enter) and on Ctrl/Cmd+Enter anywhere in it; Stop. */
function wire({ form, btn, runner, status, submit }) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });
  form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  });
  btn.stop.addEventListener("click", () => {
    status.stopping();
    runner.stop();
  });
}
