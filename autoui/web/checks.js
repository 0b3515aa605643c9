// What the form can tell before it submits: every field's problem at once (the server
// checks everything again and has the last word; these checks are never stricter).
// Messages read like the server's ("is too short: 2 characters, at least 3 needed").

import { allFields } from "./inputs.js";
import { bounds } from "./components/number.js";

const SYNC_KINDS = new Set(["textbox", "number", "slider", "dropdown", "radio", "checkbox_group", "color", "date", "datetime", "time"]);

/** A compiled `pattern` prop (search semantics, like the server's re.search), or null. */
function patternOf(props) {
  if (typeof props.pattern !== "string") return null;
  try {
    return new RegExp(props.pattern, "u");
  } catch {
    return null; // Python-only syntax: the server checks it
  }
}

function textProblem(props, value) {
  if (typeof value !== "string") return null;
  const length = [...value].length;
  if (props.max_length != null && length > props.max_length) {
    return `is too long: ${length} characters, at most ${props.max_length} allowed`;
  }
  if (props.min_length != null && length < props.min_length) {
    return `is too short: ${length} characters, at least ${props.min_length} needed`;
  }
  const pattern = patternOf(props);
  if (pattern && !pattern.test(value)) return `must match the pattern '${props.pattern}'`;
  return null;
}

function numberProblem(spec, value) {
  if (typeof value === "string") return `expected a number, got '${value}'`;
  if (typeof value !== "number") return null;
  const b = bounds(spec);
  if (b.integer && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
  if (b.min !== undefined && b.max !== undefined && (value < b.min || value > b.max)) {
    return `must be between ${b.min} and ${b.max}, got ${value}`;
  }
  if (b.min !== undefined && value < b.min) return `must be at least ${b.min}, got ${value}`;
  if (b.max !== undefined && value > b.max) return `must be at most ${b.max}, got ${value}`;
  return null;
}

/** The problem with one field's value, or null. */
export function problemWith(spec, value) {
  if (value === null || value === undefined) return spec.required ? "is required" : null;
  if (spec.component === "textbox") return textProblem(spec.props || {}, value);
  if (spec.component === "number" || spec.component === "slider") return numberProblem(spec, value);
  return null;
}

/**
 * Flag every field whose value the form can already tell is wrong.
 * @returns the flagged fields, in page order (empty: submit)
 */
export async function flagProblems(fields) {
  const flagged = [];
  for (const f of allFields(fields)) {
    if (!SYNC_KINDS.has(f.spec.component)) continue; // files, forms ...: the server decides
    const problem = problemWith(f.spec, await f.widget.get());
    if (problem) {
      f.setError(problem);
      flagged.push(f);
    }
  }
  return flagged;
}
