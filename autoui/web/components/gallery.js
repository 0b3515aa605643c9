// gallery: a grid of images with captions; a click (or Enter) opens a lightbox that
// arrow keys page through and Escape closes.

import { h } from "../dom.js";
import { dropZone } from "./dropzone.js";
import { TINY_PNG } from "./image.js";
import { downloadLink, fileUrl } from "./upload.js";

function itemsOf(payload) {
  return (Array.isArray(payload) ? payload : []).map((item) =>
    Array.isArray(item) ? { ...item[0], caption: item[1] } : typeof item === "string" ? { url: item } : item,
  );
}

function lightbox(ctx) {
  let items = [];
  let index = 0;
  const img = h("img", { alt: "" });
  const caption = h("figcaption");
  const counter = h("span", { class: "muted" });
  const dialog = h("dialog", { class: "lightbox", "aria-label": `${ctx.spec.label || ctx.spec.name}: image viewer` });
  const go = (step) => show(index + step);
  dialog.append(
    h("figure", {}, img, caption),
    h("div", { class: "lightbox-bar" },
      h("button", { type: "button", class: "ghost", text: "‹ Previous", onclick: () => go(-1) }),
      counter,
      h("button", { type: "button", class: "ghost", text: "Next ›", onclick: () => go(1) }),
      h("span", { class: "lightbox-download" }),
      h("button", { type: "button", class: "ghost close", text: "Close", onclick: () => dialog.close() }),
    ),
  );
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight") go(1);
    else if (e.key === "ArrowLeft") go(-1);
  });
  dialog.addEventListener("click", (e) => e.target === dialog && dialog.close());
  function show(i) {
    index = (i + items.length) % items.length;
    const item = items[index];
    img.src = fileUrl(ctx, item);
    img.alt = item.caption || item.name || `image ${index + 1}`;
    caption.textContent = item.caption || "";
    counter.textContent = `${index + 1} / ${items.length}`;
    dialog.querySelector(".lightbox-download").replaceChildren(downloadLink(ctx, item));
  }
  return {
    dialog,
    open(list, i) {
      items = list;
      show(i);
      if (!dialog.open) dialog.showModal();
    },
  };
}

function output(ctx) {
  const columns = Number(ctx.spec.props?.columns) || null;
  const grid = h("ul", { class: "gallery", style: columns ? `--columns:${columns}` : null });
  const box = lightbox(ctx);
  return {
    el: h("div", { class: "gallery-out" }, grid, box.dialog),
    set(payload) {
      const items = itemsOf(payload);
      grid.replaceChildren(
        ...items.map((item, i) =>
          h("li", {},
            h("figure", {},
              h("button", { type: "button", class: "thumb", "aria-label": `Open ${item.caption || item.name || `image ${i + 1}`}`, onclick: () => box.open(items, i) },
                h("img", { src: fileUrl(ctx, item), alt: item.caption || item.name || "", loading: "lazy" })),
              item.caption ? h("figcaption", { text: item.caption }) : null,
            ),
          ),
        ),
      );
    },
  };
}

export const gallery = {
  input(ctx) {
    const preview = (items) => h("ul", { class: "gallery" }, items.map((i) => h("li", {}, h("img", { src: i.preview, alt: i.name }))));
    const zone = dropZone(ctx, { accept: "image/*", multiple: true, hint: "Drop images here, paste them, or", preview });
    return { el: zone.el, get: zone.upload.get, set: zone.upload.set, labelFor: ctx.id };
  },
  output,
  example: () => [TINY_PNG],
};
