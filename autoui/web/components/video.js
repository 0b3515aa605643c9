// video: upload a clip; outputs play in a <video> with a download link.

import { h } from "../dom.js";
import { dropZone } from "./dropzone.js";
import { downloadLink, fileUrl } from "./upload.js";

function player(tag) {
  return (ctx) => {
    const el = h("figure", { class: `${tag}-out` });
    return {
      el,
      set(payload) {
        el.replaceChildren(...(payload
          ? [h(tag, { controls: true, src: fileUrl(ctx, payload), "aria-label": ctx.spec.label || ctx.spec.name }), h("figcaption", {}, downloadLink(ctx, payload))]
          : []));
      },
    };
  };
}

export const videoOutput = player("video");
export const audioOutput = player("audio");

export const video = {
  input(ctx) {
    const preview = (items) => items.map((i) => h("video", { src: i.preview, controls: true, "aria-label": i.name }));
    const zone = dropZone(ctx, { accept: "video/*", hint: "Drop a video here, paste it, or", preview });
    return { el: zone.el, get: zone.upload.get, set: zone.upload.set, labelFor: ctx.id };
  },
  output: videoOutput,
  example: () => "data:video/mp4;base64,AAAA",
};
