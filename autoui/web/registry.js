// Component kind → renderer. Each renderer is {input(ctx), output(ctx), example(spec)};
// kinds are looked up here, never switched on; pages (custom.js) may add their own with
// register(). Kinds not built in load from components/<kind>.js (export `renderer`).

import { audio } from "./components/audio.js";
import { auto, useRenderers } from "./components/auto.js";
import { chat } from "./components/chat.js";
import { checkbox } from "./components/checkbox.js";
import { checkbox_group } from "./components/checkbox_group.js";
import { code } from "./components/code.js";
import { color } from "./components/color.js";
import { dataframe } from "./components/dataframe.js";
import { dropdown } from "./components/dropdown.js";
import { file, files } from "./components/file.js";
import { form } from "./components/form.js";
import { gallery } from "./components/gallery.js";
import { html } from "./components/html.js";
import { image } from "./components/image.js";
import { json } from "./components/json.js";
import { label } from "./components/label.js";
import { markdown } from "./components/markdown.js";
import { number } from "./components/number.js";
import { plot } from "./components/plot.js";
import { radio } from "./components/radio.js";
import { slider } from "./components/slider.js";
import { date, datetime, time } from "./components/temporal.js";
import { textbox } from "./components/textbox.js";
import { video } from "./components/video.js";

const renderers = new Map(
  Object.entries({
    audio, auto, chat, checkbox, checkbox_group, code, color, dataframe, date, datetime, dropdown,
    file, files, form, gallery, html, image, json, label, markdown, number, plot, radio, slider,
    textbox, time, video,
  }),
);

/** The renderer of `kind`; unknown kinds fall back to JSON so nothing is ever hidden. */
export function rendererFor(kind) {
  return renderers.get(kind) || renderers.get("json");
}

/** Add or replace the renderer of a kind (for custom components in --js files). */
export function register(kind, renderer) {
  renderers.set(kind, renderer);
}

/** An example payload for a param spec: its default, else what its renderer suggests. */
export function exampleFor(spec) {
  if (spec.default !== null && spec.default !== undefined) return spec.default;
  return rendererFor(spec.component).example?.(spec, exampleFor) ?? null;
}

/** Before the page is drawn: the renderer of each kind the spec uses (form fields too)
 * that is not built in; a kind with no module shows as JSON. */
export async function loadRenderers(spec) {
  const kinds = new Set();
  const visit = (param) => kinds.add(param.component) && (param.props?.fields || []).forEach(visit);
  for (const fn of spec.functions || []) [...(fn.inputs || []), ...(fn.outputs || [])].forEach(visit);
  for (const kind of kinds) await loadRenderer(kind);
}

let loading = Promise.resolve();

/** The renderer of a kind that is not built in, imported once (false: none exists).
 * One import at a time: the bundle must not hand out a module still loading. */
export function loadRenderer(kind) {
  loading = loading.then(() => importRenderer(kind));
  return loading;
}

async function importRenderer(kind) {
  if (renderers.has(kind)) return true;
  if (!/^[a-z][a-z0-9_]*$/.test(kind)) return false;
  const module = await import(`./components/${kind}.js`).catch(() => null);
  if (module?.renderer) renderers.set(kind, module.renderer);
  return renderers.has(kind);
}
useRenderers(rendererFor, loadRenderer); // an auto output draws the kind each value carried
