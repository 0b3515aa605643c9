// A panel's inputs: one field per parameter (forms nest), their values as the job's
// data, and where a validation message for "param" or "outer.inner" belongs.

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
