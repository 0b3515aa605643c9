// multimodal: a message box that takes attachments (browse, drop or paste files); the
// function receives the text and the files. Enter sends, Shift+Enter starts a new line.

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { acceptDrops, createUpload, downloadLink, formatBytes } from "./upload.js";

const CSS = `
.multimodal { display: flex; flex-direction: column; gap: .4rem; border: 1px solid var(--border); border-radius: var(--radius-sm); padding: .4rem; background: var(--surface); }
.multimodal.dragging { border-color: var(--accent); }
.multimodal textarea { border: 0; min-height: 0; resize: none; padding: .3rem; }
.multimodal .attachments { display: flex; flex-wrap: wrap; gap: .35rem; list-style: none; margin: 0; padding: 0; }
.multimodal .attachments li { display: inline-flex; align-items: center; gap: .3rem; background: var(--surface-2); border-radius: 999px; padding: .15rem .6rem; font-size: .85rem; }
.multimodal .attachments img { width: 1.6rem; height: 1.6rem; object-fit: cover; border-radius: 4px; }
.multimodal .tools { display: flex; gap: .5rem; align-items: center; }
`;

function chips(items, remove) {
  return items.map((item, i) => h("li", {},
    item.mime?.startsWith("image/") && item.preview ? h("img", { src: item.preview, alt: "" }) : null,
    h("span", { text: item.name }),
    item.size ? h("span", { class: "muted", text: formatBytes(item.size) }) : null,
    h("button", { type: "button", class: "icon-btn", "aria-label": `Remove ${item.name}`, text: "×", onclick: () => remove(i) })));
}

function input(ctx) {
  useStyle("multimodal", CSS);
  const props = ctx.spec.props || {};
  const list = h("ul", { class: "attachments", "aria-label": "Attached files" });
  const accept = Array.isArray(props.file_types) ? props.file_types.join(",") : null;
  const upload = createUpload({ ...ctx, id: `${ctx.id}-files` }, { accept, multiple: true, onChange: (items) => show(items) });
  const text = h("textarea", {
    id: ctx.id,
    rows: Math.max(1, Number(props.lines) || 1),
    placeholder: props.placeholder || "Type a message, or drop files here",
    "aria-describedby": ctx.describedBy,
    oninput: () => ctx.changed(),
    onkeydown: (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        ctx.submit();
      }
    },
  });
  const box = h("div", { class: "multimodal" }, text, list,
    h("div", { class: "tools" }, upload.input, h("label", { for: `${ctx.id}-files`, class: "linklike", text: "Attach files" }), upload.status),
    upload.bar);
  acceptDrops(box, upload, accept || "");
  function show(items) {
    list.replaceChildren(...chips(items, (i) => upload.remove(i)));
  }
  return {
    el: box,
    async get() {
      const files = (await upload.get()) || [];
      if (!text.value && !files.length) return null;
      return { text: text.value, files };
    },
    set(value) {
      const message = value && typeof value === "object" ? value : { text: value ?? "", files: [] };
      text.value = String(message.text ?? "");
      upload.set(message.files || []);
    },
    focus: () => text.focus(),
  };
}

function output(ctx) {
  const text = h("p", { class: "text-out" });
  const links = h("div", { class: "file-out" });
  return {
    el: h("div", {}, text, links),
    set(value) {
      text.textContent = value?.text ?? "";
      links.replaceChildren(...(value?.files || []).map((f) => downloadLink(ctx, f, f.name || "file")));
    },
  };
}

export const renderer = { input, output, example: () => ({ text: "What is in this picture?", files: [] }) };
