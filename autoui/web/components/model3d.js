// model3d: a glTF (.glb/.gltf), .obj or .stl model in autoui's own WebGL viewer, with a
// download link; as an input, a drop zone whose preview is the viewer. This module (and
// the viewer it imports) is loaded only by pages whose spec uses the kind.

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { parseGltf } from "../model3d/gltf.js";
import { parseObj, parseStl } from "../model3d/obj.js";
import { createViewer } from "../model3d/viewer.js";
import { dropZone } from "./dropzone.js";
import { downloadLink, fileUrl } from "./upload.js";

const ACCEPT = ".glb,.gltf,.obj,.stl";
const STYLE = `
.model3d-out { margin: 0; display: flex; flex-direction: column; gap: .4rem; }
.model3d-canvas { width: 100%; height: 22rem; display: block; border-radius: var(--radius-sm); background: var(--bar-track, transparent); touch-action: none; cursor: grab; }
.model3d-canvas:active { cursor: grabbing; }
.model3d-canvas:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.model3d-note { color: var(--muted); font-size: .8rem; margin: 0; }
.model3d-error { color: var(--danger); margin: 0; }
`;

/** The meshes of a model file, by its name's extension (else its first bytes). */
export async function parseModel(buffer, name = "") {
  const ext = (/\.[a-z0-9]+$/i.exec(name)?.[0] || "").toLowerCase();
  if (ext === ".glb" || ext === ".gltf") return parseGltf(buffer);
  if (ext === ".stl") return parseStl(buffer);
  if (ext === ".obj") return parseObj(new TextDecoder().decode(buffer));
  const head = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  if (String.fromCharCode(...head) === "glTF") return parseGltf(buffer);
  return parseObj(new TextDecoder().decode(buffer));
}

/** A canvas with a viewer, and how to show a file in it. */
function stage(ctx) {
  const props = ctx.spec.props || {};
  const name = ctx.spec.label || ctx.spec.name;
  const canvas = h("canvas", { class: "model3d-canvas", tabindex: "0", role: "img", "aria-label": `${name}: 3D model (drag to turn, shift-drag to pan, wheel or +/- to zoom, 0 to reset)` });
  const error = h("p", { class: "model3d-error", role: "alert", hidden: true });
  let viewer = null;
  let shown = 0;
  async function show(url, fileName) {
    const mine = (shown += 1);
    error.hidden = true;
    canvas.dataset.state = "loading";
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: ctx.client.headers?.() || {} });
      if (!response.ok) throw new Error(`could not fetch the model (${response.status})`);
      const meshes = await parseModel(await response.arrayBuffer(), fileName);
      if (mine !== shown) return;
      viewer ??= createViewer(canvas, { color: props.color, clearColor: props.clear_color });
      viewer.show(meshes);
      canvas.dataset.state = "shown";
      canvas.dataset.meshes = String(meshes.length);
    } catch (err) {
      if (mine !== shown) return;
      canvas.dataset.state = "error";
      error.textContent = `Cannot show ${fileName || "this model"}: ${err.message}`;
      error.hidden = false;
    }
  }
  return { canvas, error, show };
}

function output(ctx) {
  useStyle("model3d", STYLE);
  const view = stage(ctx);
  const caption = h("figcaption", {});
  const el = h("figure", { class: "model3d-out", hidden: true }, view.canvas, view.error, caption);
  return {
    el,
    set(payload) {
      el.hidden = !payload;
      if (!payload) return;
      caption.replaceChildren(downloadLink(ctx, payload));
      view.show(fileUrl(ctx, payload), payload.name || "");
    },
  };
}

function input(ctx) {
  useStyle("model3d", STYLE);
  const view = stage(ctx);
  const preview = (items) => {
    const item = items[items.length - 1];
    if (item?.preview) view.show(item.preview, item.name);
    return [view.canvas, view.error];
  };
  const zone = dropZone(ctx, { accept: ACCEPT, hint: "Drop a 3D model (.glb, .gltf, .obj, .stl) here, or", preview });
  return { el: zone.el, get: zone.upload.get, set: zone.upload.set, labelFor: ctx.id };
}

const EXAMPLE = "data:model/obj;base64,diAwIDAgMAp2IDEgMCAwCnYgMCAxIDAKZiAxIDIgMwo=";

export const renderer = { input, output, example: () => EXAMPLE };
