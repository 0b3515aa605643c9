// download: one button per file the function returned, with its name and size.

import { h } from "../dom.js";
import { useStyle } from "../kindstyle.js";
import { files } from "./file.js";
import { fileUrl, formatBytes } from "./upload.js";

const CSS = `
.download-out { display: flex; flex-wrap: wrap; gap: .5rem; }
.download-button { display: inline-flex; align-items: center; gap: .45rem; padding: .55rem .9rem; border-radius: var(--radius-sm); background: var(--accent); color: var(--accent-contrast); font-weight: 600; text-decoration: none; }
.download-button:hover { background: var(--accent-hover); }
.download-button .size { font-weight: 400; opacity: .8; font-size: .85em; }
`;

function output(ctx) {
  useStyle("download", CSS);
  const el = h("div", { class: "download-out" });
  return {
    el,
    set(value) {
      const items = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
      el.replaceChildren(...items.map((item) => h("a", {
        class: "download-button",
        href: fileUrl(ctx, item),
        download: item?.name || "",
      }, h("span", { "aria-hidden": "true", text: "⬇" }),
        ctx.spec.props?.button || `Download ${item?.name || "file"}`,
        item?.size ? h("span", { class: "size", text: formatBytes(item.size) }) : null)));
    },
  };
}

export const renderer = { input: files.input, output, example: files.example };
