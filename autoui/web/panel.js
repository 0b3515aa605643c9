// One function's panel: its inputs, the Submit / Clear / Stop buttons, its outputs with
// the job status above them, the examples and the "Use via API" section.

import { apiPanel } from "./apipanel.js";
import { h, uid } from "./dom.js";
import { examplesTable } from "./examples.js";
import { field } from "./field.js";
import { JobRunner } from "./jobrun.js";
import { createStatus } from "./jobstatus.js";
import { linkChat } from "./chatlink.js";
import { renderMarkdown } from "./markdown.js";
import { describe, showError } from "./modal.js";
import { rendererFor } from "./registry.js";
import { toast } from "./toasts.js";

const LIVE_DELAY = 300;

/** Every field of the panel, nested form fields included. */
function allFields(fields) {
  return fields.flatMap((f) => [f, ...allFields(f.widget.fields || [])]);
}

function buildInputs(fn, app, hooks) {
  const ctx = {
    client: app.client,
    maxFileSize: app.maxFileSize,
    changed: () => hooks.changed(),
    submit: () => hooks.submit(),
    renderField: (spec, path) => field(spec, path, (c) => rendererFor(spec.component).input(c), ctx),
  };
  return fn.inputs.map((spec) => ctx.renderField(spec, spec.name));
}

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

function errorTarget(fields, param) {
  if (!param) return null;
  const all = allFields(fields);
  let path = String(param);
  for (;;) {
    const hit = all.find((f) => f.path === path);
    if (hit || !path.includes(".")) return hit || null;
    path = path.slice(0, path.lastIndexOf("."));
  }
}

/**
 * @param fn   the function's spec
 * @param app  {client, spec, live, maxFileSize, apiBase}
 */
export function buildPanel(fn, app) {
  const hooks = { changed: () => {}, submit: () => {} };
  const fields = buildInputs(fn, app, hooks);
  const outputs = buildOutputs(fn, app);
  const status = createStatus();
  const submitBtn = h("button", { type: "submit", class: "primary", text: app.live ? "Run" : "Submit", "aria-keyshortcuts": "Control+Enter" });
  const stopBtn = h("button", { type: "button", class: "danger", text: "Stop", hidden: true });
  const clearBtn = h("button", { type: "button", class: "ghost", text: "Clear" });
  const actions = h("div", { class: "actions" }, clearBtn, stopBtn, submitBtn);
  const form = h("form", { class: "inputs card", novalidate: true, "aria-label": "Inputs" },
    fields.map((f) => f.el),
    actions,
  );
  const outputBox = h("div", { class: "outputs card", "aria-label": "Outputs", role: "region" },
    status.el, outputs.map((o) => o.el));

  const setOutputs = (data) => (data || []).forEach((value, i) => outputs[i]?.widget.set(value));
  const clearErrors = () => allFields(fields).forEach((f) => f.clearError());
  const reset = () => {
    for (const f of fields) f.widget.set(f.spec.default ?? null);
    clearErrors();
  };

  const showFailure = (error) => {
    const target = errorTarget(fields, error.param);
    if (target) {
      target.setError(error.message);
      target.focus();
      status.finished("invalid", `Check ${target.spec.label || target.spec.name}`);
      return;
    }
    if (error.status === 503) {
      toast("warning", error.message || "The queue is full; try again in a moment.");
      status.finished("error", "Queue full");
      return;
    }
    status.finished("error", describe(error).title);
    showError(error);
  };

  const chat = linkChat(fields, outputs);
  const onlyChat = chat.linked && outputs.every((o) => o.el.hidden);
  if (onlyChat) {
    form.insertBefore(status.el, actions);
    outputBox.hidden = true;
  }
  const view = {
    begin: () => {
      submitBtn.disabled = !app.live;
      stopBtn.hidden = false;
      status.submitting();
      outputBox.setAttribute("aria-busy", "true");
    },
    queued: (d) => status.queued(d),
    started: () => status.started(),
    progress: (d) => status.progress(d),
    alert: (d) => toast(d.level === "warning" ? "warning" : "info", d.message),
    output: (d) => setOutputs(chat.output(d.data)),
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
      submitBtn.disabled = false;
      stopBtn.hidden = true;
      outputBox.removeAttribute("aria-busy");
    },
  };
  const runner = new JobRunner(app.client, fn.name, view);

  async function collect() {
    const data = {};
    for (const f of fields) {
      const value = await f.widget.get();
      const hasDefault = !f.spec.required && !f.spec.optional;
      if (value === null && hasDefault) continue;
      data[f.spec.name] = value;
    }
    return data;
  }

  async function submit() {
    if (runner.running && !app.live) return;
    clearErrors();
    let data;
    try {
      data = await collect();
    } catch (err) {
      showFailure(err);
      return;
    }
    chat.begin(data);
    await runner.run(data);
  }

  let liveTimer = null;
  hooks.submit = () => submit();
  hooks.changed = () => {
    if (!app.live) return;
    clearTimeout(liveTimer);
    liveTimer = setTimeout(submit, LIVE_DELAY);
  };
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
  stopBtn.addEventListener("click", () => {
    status.stopping();
    runner.stop();
  });
  clearBtn.addEventListener("click", () => {
    runner.abandon();
    view.end();
    reset();
    outputs.forEach((o) => o.widget.set(null));
    status.reset();
    chat.drop();
  });

  reset();
  const fill = (row) => {
    for (const f of fields) f.widget.set(f.spec.name in row ? row[f.spec.name] : f.spec.default ?? null);
    clearErrors();
    hooks.changed();
  };
  const el = h("section", { class: onlyChat ? "fn-panel chat-app" : "fn-panel", dataset: { fn: fn.name } },
    fn.description && app.multiple ? renderMarkdown(h("div", { class: "prose fn-description" }), fn.description) : null,
    h("div", { class: "io" }, form, outputBox),
    examplesTable(fn, fill),
    apiPanel(fn, app),
  );
  return { el, fn, fields, outputs, submit, runner };
}
