// file and files: any file(s), uploaded with progress; outputs are download links.

import { h } from "../dom.js";
import { dropZone } from "./dropzone.js";
import { downloadLink, formatBytes } from "./upload.js";

function fileList(items) {
  return h("ul", { class: "file-list" },
    items.map((i) => h("li", {}, h("span", { class: "file-name", text: i.name }), i.size ? h("span", { class: "muted", text: ` ${formatBytes(i.size)}` }) : null)),
  );
}

function acceptOf(props = {}) {
  const types = props.file_types || props.accept;
  return Array.isArray(types) ? types.join(",") : types || null;
}

function fileInput(multiple) {
  return (ctx) => {
    const zone = dropZone(ctx, {
      accept: acceptOf(ctx.spec.props),
      multiple,
      hint: multiple ? "Drop files here, paste them, or" : "Drop a file here, paste it, or",
      preview: fileList,
    });
    return { el: zone.el, get: zone.upload.get, set: zone.upload.set, labelFor: ctx.id };
  };
}

function fileOutput(ctx) {
  const el = h("div", { class: "file-out" });
  return {
    el,
    set(value) {
      const values = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
      el.replaceChildren(h("ul", { class: "file-list" }, values.map((v) => h("li", {}, downloadLink(ctx, v, v.name || "Download")))));
    },
  };
}

const DATA_TEXT = "data:text/plain;base64,aGVsbG8gYXV0b3VpCg==";

export const file = {
  input: fileInput(false),
  output: fileOutput,
  example: () => DATA_TEXT,
};

export const files = {
  input: fileInput(true),
  output: fileOutput,
  example: () => [DATA_TEXT],
};
