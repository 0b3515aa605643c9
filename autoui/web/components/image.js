// image: upload, drag and drop, paste, or a webcam snapshot; outputs with a download link.

import { openDevice } from "../devices.js";
import { h } from "../dom.js";
import { dropZone } from "./dropzone.js";
import { downloadLink, fileUrl } from "./upload.js";

export { openDevice };

export const TINY_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAE0lEQVR42mP8X8GAFTAxMAwlCQAqIAGHl4FHEwAAAABJRU5ErkJggg==";

/** Whether the spec's `sources` prop (absent: all) lets the user take input from `source`. */
export function allows(spec, source) {
  const sources = spec.props?.sources;
  return !Array.isArray(sources) || sources.includes(source);
}

function webcam(ctx, zone, toolbar) {
  let stream = null;
  const video = h("video", { class: "camera", autoplay: true, muted: true, playsinline: true });
  const start = h("button", { type: "button", class: "ghost small", text: "Webcam", onclick: open });
  const capture = h("button", { type: "button", class: "small", text: "Capture", hidden: true, onclick: snap });
  const cancel = h("button", { type: "button", class: "ghost small", text: "Cancel", hidden: true, onclick: close });

  function show(live) {
    start.hidden = live;
    capture.hidden = !live;
    cancel.hidden = !live;
  }
  async function open() {
    ctx.clearError();
    try {
      stream = await openDevice({ video: true }, "camera");
    } catch (err) {
      ctx.setError(err.message);
      return;
    }
    video.srcObject = stream;
    zone.showInPreview(video);
    show(true);
    capture.focus();
  }
  function close() {
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    show(false);
    zone.restorePreview();
  }
  function snap() {
    const canvas = h("canvas", { width: video.videoWidth || 640, height: video.videoHeight || 480 });
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      close();
      if (blob) zone.upload.add([new File([blob], "webcam.png", { type: "image/png" })]);
    }, "image/png");
  }
  toolbar.push(start, capture, cancel);
}

function imageInput(ctx) {
  const tools = [];
  const preview = (items) => items.map((i) => h("img", { src: i.preview, alt: `${ctx.spec.label || ctx.spec.name}: ${i.name}` }));
  const zone = dropZone(ctx, { accept: "image/*", hint: "Drop an image here, paste it, or", preview, tools });
  if (allows(ctx.spec, "webcam")) webcam(ctx, zone, tools);
  zone.el.querySelector(".media-tools").prepend(...tools);
  return { el: zone.el, get: zone.upload.get, set: zone.upload.set, labelFor: ctx.id };
}

function imageOutput(ctx) {
  const el = h("figure", { class: "image-out" });
  let canvas = null;
  let drawing = Promise.resolve();
  // A live job's frames arrive as bytes (payload.blob): drawn in place on one canvas.
  const draw = (blob) => {
    if (!canvas) {
      canvas = h("canvas", { class: "live-out", "aria-label": ctx.spec.label || ctx.spec.name, role: "img" });
      el.replaceChildren(canvas);
    }
    drawing = drawing.then(() => createImageBitmap(blob)).then((bitmap) => {
      if (!canvas) return;
      if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) Object.assign(canvas, { width: bitmap.width, height: bitmap.height });
      canvas.getContext("2d").drawImage(bitmap, 0, 0);
      bitmap.close();
    }).catch(() => {});
  };
  return {
    el,
    set(payload) {
      if (payload?.blob) {
        draw(payload.blob);
        return;
      }
      canvas = null;
      if (!payload) {
        el.replaceChildren();
        return;
      }
      el.replaceChildren(
        h("img", { src: fileUrl(ctx, payload), alt: ctx.spec.label || ctx.spec.name }),
        h("figcaption", {}, downloadLink(ctx, payload)),
      );
    },
  };
}

export const image = { input: imageInput, output: imageOutput, example: () => TINY_PNG };
