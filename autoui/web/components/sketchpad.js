// sketchpad: draw or mask on a blank canvas or an uploaded image — brush, eraser, colours,
// size, undo (also Ctrl+Z), clear. The strokes live on their own transparent layer; the
// job gets {background, layer}, both uploaded as PNG files (the server composes them and
// derives the mask). Loaded only by pages whose spec uses the kind.

import { ClientError } from "../client.js";
import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { downloadLink, fileUrl, formatBytes } from "./upload.js";

const UNDO_STEPS = 20;
const STYLE = `
.sketch { display: flex; flex-direction: column; gap: .5rem; }
.sketch-tools { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .6rem; }
.sketch-tools .swatch { width: 1.6rem; height: 1.6rem; border-radius: 50%; border: 2px solid var(--border); background: var(--swatch); padding: 0; }
.sketch-tools .swatch[aria-pressed="true"] { outline: 2px solid var(--accent); outline-offset: 2px; }
.sketch-tools button[aria-pressed="true"]:not(.swatch) { background: var(--accent-soft); }
.sketch-tools input[type=color] { width: 2rem; height: 1.8rem; padding: 0; border: none; background: none; }
.sketch-stage { display: grid; max-width: 100%; justify-self: start; align-self: flex-start; border-radius: var(--radius-sm); overflow: hidden; box-shadow: 0 0 0 1px var(--border); }
.sketch-stage canvas, .sketch-stage img { grid-area: 1 / 1; max-width: 100%; max-height: 32rem; display: block; }
.sketch-stage canvas.layer { touch-action: none; cursor: crosshair; }
.sketch-out { margin: 0; display: flex; flex-direction: column; gap: .4rem; }
`;

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new ClientError("this file is not an image the browser can read"));
    img.src = src;
  });
}

const toBlob = (canvas) => new Promise((resolve) => canvas.toBlob(resolve, "image/png"));

/** The two canvases (the background, and the strokes on their own transparent layer). */
function createPad(props) {
  const [w, h0] = props.canvas_size || [512, 512];
  const bg = h("canvas", { class: "background", width: w, height: h0 });
  const layer = h("canvas", { class: "layer", width: w, height: h0, "aria-label": "Drawing area" });
  const pen = { color: props.brush_colors?.[0] || "#000000", size: props.brush_size || 12, erase: false };
  const history = [];
  const c2d = () => layer.getContext("2d", { willReadFrequently: true });
  const state = { drawn: false, changed: true, bgChanged: true };
  const pad = { bg, layer, pen, state, history };
  pad.blank = (width, height) => {
    Object.assign(bg, { width, height });
    Object.assign(layer, { width, height });
    const g = bg.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, width, height);
    history.length = 0;
    Object.assign(state, { drawn: false, changed: true, bgChanged: true });
  };
  pad.snapshot = () => {
    history.push(c2d().getImageData(0, 0, layer.width, layer.height));
    if (history.length > UNDO_STEPS) history.shift();
  };
  pad.stroke = (from, to) => {
    const g = c2d();
    g.globalCompositeOperation = pen.erase ? "destination-out" : "source-over";
    Object.assign(g, { strokeStyle: pen.color, lineWidth: pen.size, lineCap: "round", lineJoin: "round" });
    g.beginPath();
    g.moveTo(...from);
    g.lineTo(...to);
    g.stroke();
    Object.assign(state, { drawn: true, changed: true });
  };
  pad.undo = () => {
    const previous = history.pop();
    if (previous) c2d().putImageData(previous, 0, 0);
    state.changed = true;
  };
  pad.clear = () => {
    pad.snapshot();
    c2d().clearRect(0, 0, layer.width, layer.height);
    state.changed = true;
  };
  pad.blank(w, h0);
  return pad;
}

/** Strokes follow the pointer (its position scaled to the canvas' own pixels). */
function drawWithPointer(pad) {
  const { layer } = pad;
  let last = null;
  const point = (event) => {
    const box = layer.getBoundingClientRect();
    return [((event.clientX - box.left) * layer.width) / box.width, ((event.clientY - box.top) * layer.height) / box.height];
  };
  layer.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || layer.closest(".readonly")) return;
    pad.snapshot();
    layer.setPointerCapture(event.pointerId);
    last = point(event);
    pad.stroke(last, last);
  });
  layer.addEventListener("pointermove", (event) => {
    if (!last) return;
    const next = point(event);
    pad.stroke(last, next);
    last = next;
  });
  for (const name of ["pointerup", "pointercancel"]) layer.addEventListener(name, () => (last = null));
}

function toolbar(props, pad, background) {
  const pressed = (group, button) => group.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
  const brush = h("button", { type: "button", class: "ghost small", text: "Brush", "aria-pressed": "true", onclick: () => ((pad.pen.erase = false), pressed(modes, brush)) });
  const eraser = h("button", { type: "button", class: "ghost small", text: "Eraser", "aria-pressed": "false", onclick: () => ((pad.pen.erase = true), pressed(modes, eraser)) });
  const modes = [brush, eraser];
  const pick = (color, button) => {
    pad.pen.color = color;
    pad.pen.erase = false;
    pressed(modes, brush);
    pressed(swatches, button);
  };
  const swatches = (props.brush_colors || ["#000000"]).map((color, i) =>
    h("button", { type: "button", class: "swatch", style: `--swatch:${color}`, "aria-label": `Colour ${color}`, "aria-pressed": String(i === 0), onclick: (e) => pick(color, e.currentTarget) }));
  const custom = h("input", { type: "color", value: pad.pen.color, "aria-label": "Another colour", oninput: () => pick(custom.value, null) });
  const size = h("input", { type: "range", min: 1, max: 100, value: pad.pen.size, "aria-label": "Brush size", oninput: () => (pad.pen.size = Number(size.value)) });
  return h("div", { class: "sketch-tools" }, brush, eraser, swatches, custom,
    h("label", { class: "small" }, "Size ", size),
    h("button", { type: "button", class: "ghost small", text: "Undo", onclick: pad.undo }),
    h("button", { type: "button", class: "ghost small", text: "Clear drawing", onclick: pad.clear }),
    background);
}

/** A background picture from a file or the clipboard: shown at once, uploaded meanwhile. */
function backgroundPicker(ctx, pad, stage) {
  const picked = { upload: null };
  async function use(file) {
    ctx.clearError();
    if (ctx.maxFileSize && file.size > ctx.maxFileSize) {
      ctx.setError(`${file.name} is ${formatBytes(file.size)}; files may be at most ${formatBytes(ctx.maxFileSize)}.`);
      return;
    }
    const url = URL.createObjectURL(file);
    try {
      const img = await loadImage(url);
      pad.blank(img.naturalWidth, img.naturalHeight);
      pad.bg.getContext("2d").drawImage(img, 0, 0);
    } catch (err) {
      ctx.setError(err.message);
      return;
    } finally {
      URL.revokeObjectURL(url);
    }
    picked.upload = ctx.client.upload(file, { name: file.name }).then((res) => ({ id: res.id }));
    picked.upload.catch((err) => ctx.setError(`${file.name}: ${err.message}`));
    pad.state.bgChanged = false;
    ctx.changed();
  }
  const sources = ctx.spec.props?.sources || [];
  const fileInput = h("input", { type: "file", id: ctx.id, class: "visually-hidden", accept: "image/*", onchange: () => fileInput.files[0] && use(fileInput.files[0]) });
  if (sources.includes("clipboard")) {
    stage.addEventListener("paste", (event) => {
      const file = [...(event.clipboardData?.files || [])].find((f) => f.type.startsWith("image/"));
      if (file) {
        event.preventDefault();
        use(file);
      }
    });
  }
  picked.controls = sources.includes("upload") ? [fileInput, h("label", { for: ctx.id, class: "linklike small", text: "Background image…" })] : [];
  return picked;
}

function input(ctx) {
  useStyle("sketchpad", STYLE);
  const props = ctx.spec.props || {};
  const pad = createPad(props);
  drawWithPointer(pad);
  const sent = { background: null, layer: null }; // payloads uploaded for the current drawing
  const stage = h("div", { class: "sketch-stage", tabindex: "0", "aria-label": "Sketch (Ctrl+Z undoes a stroke)" }, pad.bg, pad.layer);
  const picker = backgroundPicker(ctx, pad, stage);
  stage.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
      event.preventDefault();
      pad.undo();
    }
  });
  pad.layer.addEventListener("pointerup", () => ctx.changed());
  const uploadCanvas = async (canvas, name) => ({ id: (await ctx.client.upload(new File([await toBlob(canvas)], name, { type: "image/png" }))).id });
  return {
    el: h("div", { class: "sketch" }, toolbar(props, pad, picker.controls), stage),
    labelFor: picker.controls.length ? ctx.id : undefined,
    async get() {
      if (pad.state.bgChanged || !sent.background) {
        sent.background = picker.upload && !pad.state.bgChanged ? await picker.upload : await uploadCanvas(pad.bg, "background.png");
        pad.state.bgChanged = false;
      }
      if (pad.state.changed) {
        sent.layer = pad.state.drawn ? await uploadCanvas(pad.layer, "layer.png") : null;
        pad.state.changed = false;
      }
      return { background: sent.background, layer: sent.layer };
    },
    set(value) {
      picker.upload = null;
      Object.assign(sent, { background: null, layer: null });
      pad.blank(...(props.canvas_size || [512, 512]));
      const parts = value && typeof value === "object" && !value.id ? value : { background: value ?? null, layer: null };
      if (parts.background) loadInto(ctx, pad, parts, sent);
    },
  };
}

/** Show a default or example ({background, layer} payloads) and keep its ids to send back. */
async function loadInto(ctx, pad, parts, sent) {
  try {
    const img = await loadImage(fileUrl(ctx, parts.background));
    pad.blank(img.naturalWidth, img.naturalHeight);
    pad.bg.getContext("2d").drawImage(img, 0, 0);
    if (parts.background?.id || typeof parts.background === "string") sent.background = parts.background.id ? { id: parts.background.id } : parts.background;
    pad.state.bgChanged = !sent.background;
    if (parts.layer) {
      pad.layer.getContext("2d").drawImage(await loadImage(fileUrl(ctx, parts.layer)), 0, 0);
      pad.state.drawn = true;
    }
  } catch (err) {
    ctx.setError(err.message);
  }
}

function output(ctx) {
  useStyle("sketchpad", STYLE);
  const name = ctx.spec.label || ctx.spec.name;
  const bg = h("img", { alt: name });
  const layer = h("img", { alt: "" });
  const links = h("figcaption", {});
  const el = h("figure", { class: "sketch-out", hidden: true }, h("div", { class: "sketch-stage" }, bg, layer), links);
  return {
    el,
    set(payload) {
      const parts = payload && typeof payload === "object" && !payload.id ? payload : { background: payload ?? null, layer: null };
      el.hidden = !parts.background;
      if (!parts.background) return;
      bg.src = fileUrl(ctx, parts.background);
      layer.hidden = !parts.layer;
      if (parts.layer) layer.src = fileUrl(ctx, parts.layer);
      links.replaceChildren(downloadLink(ctx, parts.background, "Background"), " ", parts.layer ? downloadLink(ctx, parts.layer, "Strokes") : "");
    },
  };
}

export const renderer = { input, output, example: () => null };
