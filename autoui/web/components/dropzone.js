// The input frame of file-like kinds: a drop zone around the (visually hidden, focusable)
// file input, a preview, extra tools (webcam, microphone) and a Remove button.

import { h, replace } from "../dom.js";
import { acceptDrops, createUpload } from "./upload.js";

/**
 * @param ctx      the field context
 * @param options  {accept, multiple, hint, preview(items) → nodes, tools: [elements]}
 */
export function dropZone(ctx, { accept = null, multiple = false, hint = "Drop a file here, paste it, or", preview, tools = [] }) {
  const previewBox = h("div", { class: "drop-preview" });
  const remove = h("button", {
    type: "button",
    class: "ghost small",
    text: "Remove",
    hidden: true,
    onclick: () => {
      upload.clear();
      ctx.changed();
    },
  });
  const upload = createUpload(ctx, {
    accept,
    multiple,
    onChange: (items) => {
      replace(previewBox, items.length ? preview(items) : []);
      zone.classList.toggle("has-file", items.length > 0);
      remove.hidden = items.length === 0;
    },
  });
  const zone = h("div", { class: "drop" },
    upload.input,
    previewBox,
    h("p", { class: "drop-hint" }, `${hint} `, h("label", { for: ctx.id, class: "linklike", text: "browse" }), "."),
  );
  acceptDrops(zone, upload, accept || "");
  const el = h("div", { class: "media-in" },
    zone,
    h("div", { class: "media-tools" }, tools, remove),
    upload.bar,
    upload.status,
  );
  return {
    el,
    zone,
    previewBox,
    upload,
    /** Show something other than the files in the preview (a live camera, say). */
    showInPreview(node) {
      replace(previewBox, node);
      zone.classList.toggle("has-file", Boolean(node));
    },
    restorePreview() {
      const items = upload.items();
      replace(previewBox, items.length ? preview(items) : []);
      zone.classList.toggle("has-file", items.length > 0);
    },
  };
}
