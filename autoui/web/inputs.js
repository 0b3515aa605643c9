// A panel's inputs: one field per parameter (forms nest), their values as the job's
// data, and where a validation message for "param" or "outer.inner" belongs.

import { bounds } from "./components/number.js";
import { field } from "./field.js";
import { rendererFor } from "./registry.js";

/**
 * @param fn     the function's spec
 * @param app    {client, maxFileSize}
 * @param hooks  {changed(), submit()} — called by the widgets
 */
export function buildInputs(fn, app, hooks) {
  const ctx = {
    client: app.client,
    maxFileSize: app.maxFileSize,
    changed: () => hooks.changed(),
    submit: () => hooks.submit(),
    renderField: (spec, path) => field(spec, path, (c) => rendererFor(spec.component).input(c), ctx),
  };
  return fn.inputs.map((spec) => ctx.renderField(spec, spec.name));
}

/** Every field, nested form fields included. */
export function allFields(fields) {
  return fields.flatMap((f) => [f, ...allFields(f.widget.fields || [])]);
}

/** The field a message about `param` belongs to: the exact path, else its nearest parent. */
export function errorTarget(fields, param) {
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
 * The job's data, waiting for uploads. An empty value of a parameter that has a
 * default is left out, so the function's own default applies.
 */
export async function collect(fields) {
  const data = {};
  for (const f of fields) {
    const value = await f.widget.get();
    const hasDefault = !f.spec.required && !f.spec.optional;
    if (value === null && hasDefault) continue;
    data[f.spec.name] = value;
  }
  return data;
}

/** Put every input back to its default. */
export function resetInputs(fields) {
  for (const f of fields) f.widget.set(f.spec.default ?? null);
}

/** Fill the inputs from an example row; inputs it leaves out get their defaults. */
export function fillInputs(fields, row) {
  for (const f of fields) f.widget.set(f.spec.name in row ? row[f.spec.name] : (f.spec.default ?? null));
}

// -- what the form can tell before submitting: every field's problem at once ----------
// (the server checks everything again; these checks are never stricter than its own)

function textProblem(p, value) {
  const n = [...value].length;
  if (p.max_length != null && n > p.max_length) return `is too long: ${n} characters, at most ${p.max_length} allowed`;
  if (p.min_length != null && n < p.min_length) return `is too short: ${n} characters, at least ${p.min_length} needed`;
  let re = null;
  try {
    re = typeof p.pattern === "string" ? new RegExp(p.pattern, "u") : null; // re.search, as the server
  } catch {} // Python-only syntax: the server checks it
  return re && !re.test(value) ? `must match the pattern '${p.pattern}'` : null;
}

function numberProblem(spec, v) {
  if (typeof v === "string") return `expected a number, got '${v}'`;
  const { min, max, integer } = bounds(spec);
  if (integer && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
  const low = min !== undefined && v < min, high = max !== undefined && v > max;
  if (low && max !== undefined || high && min !== undefined) return `must be between ${min} and ${max}, got ${v}`;
  return low ? `must be at least ${min}, got ${v}` : high ? `must be at most ${max}, got ${v}` : null;
}

/** The problem with one field's value, or null. */
export function problemWith(spec, value) {
  if (value === null || value === undefined) return spec.required ? "is required" : null;
  if (spec.component === "textbox" && typeof value === "string") return textProblem(spec.props || {}, value);
  if (spec.component === "number" || spec.component === "slider") return numberProblem(spec, value);
  return null;
}

const CHECKED = new Set(["textbox", "number", "slider", "dropdown", "radio", "checkbox_group", "color", "date", "datetime", "time"]);

/** Flag every field whose value is already known to be wrong; the flagged fields, in order. */
export async function flagProblems(fields) {
  const flagged = [];
  for (const f of allFields(fields)) {
    const problem = CHECKED.has(f.spec.component) && problemWith(f.spec, await f.widget.get());
    if (problem) {
      f.setError(problem);
      flagged.push(f);
    }
  }
  return flagged;
}
