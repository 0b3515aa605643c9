// Shared by every file-like input (file, files, image, audio, video, gallery): a hidden
// file input bound to the field's label, a drop zone (drag and drop, paste), uploads to
// POST /api/files with a progress bar, and the payloads ({id}) the server issued.

import { ClientError } from "../client.js";
import { h } from "../dom.js";

/** Human-readable byte count: 1536 → "1.5 KB". */
export function formatBytes(n) {
  if (typeof n !== "number" || !Number.isFinite(n)) return "";
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${n >= 10 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}

/** The wire payload to send back for a file the page holds (only the id the server issued). */
export function inputPayload(value) {
  if (value && typeof value === "object" && value.id) return { id: value.id };
  return value ?? null;
}

/**
 * Where to show a file payload: its URL resolved against the API server, or a data: URL.
 * Anything but http(s), blob: and data: (a javascript: URL, say) gives "" — a file link
 * must never be able to run code.
 */
export function fileUrl(ctx, payload) {
  if (!payload) return "";
  const raw = typeof payload === "string" ? payload : payload.url;
  if (!raw) return "";
  const url = ctx.client.url(raw);
  return /^(https?:|blob:|data:)/i.test(url) ? url : "";
}

/**
 * The upload machinery of one input.
 * @param ctx      the field context (client, id, spec, path, changed, setError, maxFileSize)
 * @param options  {accept, multiple, onChange(items)} — items are
 *                 {name, size, mime, preview (a local object URL or a server URL), payload}
 */
export function createUpload(ctx, { accept = null, multiple = false, onChange = () => {} } = {}) {
  let items = [];
  const bar = h("progress", { class: "upload-progress", max: 1, value: 0, hidden: true });
  const status = h("p", { class: "upload-status", "aria-live": "polite" });
  const input = h("input", {
    type: "file",
    id: ctx.id,
    class: "visually-hidden",
    accept,
    multiple,
    "aria-describedby": ctx.describedBy,
    onchange: () => {
      add([...input.files]);
      input.value = "";
    },
  });

  function showProgress() {
    const pending = items.filter((i) => i.promise && !i.payload && !i.error);
    bar.hidden = pending.length === 0;
    if (!pending.length) return;
    const total = pending.reduce((s, i) => s + (i.size || 1), 0);
    const loaded = pending.reduce((s, i) => s + (i.fraction || 0) * (i.size || 1), 0);
    bar.value = total ? loaded / total : 0;
    status.textContent = `Uploading ${pending.map((i) => i.name).join(", ")}: ${Math.round(bar.value * 100)}%`;
  }

  function uploadOne(item, file) {
    item.promise = ctx.client
      .upload(file, {
        name: item.name,
        onProgress: (fraction) => {
          item.fraction = fraction ?? 0;
          showProgress();
        },
      })
      .then((res) => {
        item.payload = { id: res.id };
        item.url = res.url;
        showProgress();
        if (items.every((i) => i.payload)) {
          status.textContent = items.map((i) => `${i.name} (${formatBytes(i.size)})`).join(", ");
        }
      })
      .catch((err) => {
        item.error = err;
        showProgress();
        status.textContent = "";
        ctx.setError(`${item.name}: ${err.message}`);
      });
  }

  function add(files) {
    if (!files.length || ctx.readOnly) return;
    ctx.clearError();
    const limit = ctx.maxFileSize;
    const tooBig = files.find((f) => limit && f.size > limit);
    if (tooBig) {
      ctx.setError(`${tooBig.name} is ${formatBytes(tooBig.size)}; files may be at most ${formatBytes(limit)}.`);
      return;
    }
    if (!multiple) clearItems();
    for (const file of multiple ? files : files.slice(0, 1)) {
      const item = { name: file.name || "upload", size: file.size, mime: file.type, preview: URL.createObjectURL(file) };
      items.push(item);
      uploadOne(item, file);
    }
    showProgress();
    onChange(items);
    ctx.changed();
  }

  function clearItems() {
    for (const item of items) if (item.preview?.startsWith("blob:")) URL.revokeObjectURL(item.preview);
    items = [];
    status.textContent = "";
    bar.hidden = true;
  }

  return {
    input,
    bar,
    status,
    add,
    items: () => items,
    /** Wait for uploads; the payload (or list of payloads for `multiple`). */
    async get() {
      await Promise.all(items.map((i) => i.promise));
      const failed = items.find((i) => i.error);
      if (failed) throw new ClientError(`${failed.name}: ${failed.error.message}`, { param: ctx.path });
      const payloads = items.map((i) => i.payload);
      return multiple ? payloads : payloads[0] ?? null;
    },
    /** Show a payload from a default or an example ({id, url, name} or a data: URL). */
    set(value) {
      clearItems();
      const values = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
      for (const v of values) {
        const name = typeof v === "string" ? (v.startsWith("data:") ? "example" : v.split("/").pop()) : v.name || "file";
        items.push({ name, size: v?.size, mime: v?.mime_type, preview: fileUrl(ctx, v), payload: inputPayload(v) });
      }
      onChange(items);
    },
    clear() {
      clearItems();
      onChange(items);
    },
    /** Drop the file at `index` (an attachment removed by the user). */
    remove(index) {
      const [gone] = items.splice(index, 1);
      if (gone?.preview?.startsWith("blob:")) URL.revokeObjectURL(gone.preview);
      onChange(items);
      ctx.changed();
    },
  };
}

/** Make `zone` accept dropped and pasted files (it must be focusable to receive paste). */
export function acceptDrops(zone, upload, accept = "") {
  const fits = (file) => !accept || accept.split(",").some((a) => {
    a = a.trim();
    return a.endsWith("/*") ? file.type.startsWith(a.slice(0, -1)) : a.startsWith(".") ? file.name.toLowerCase().endsWith(a) : file.type === a;
  });
  const take = (files) => {
    const ok = [...files].filter(fits);
    if (ok.length) upload.add(ok);
  };
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    take(e.dataTransfer?.files || []);
  });
  zone.addEventListener("paste", (e) => {
    const files = [...(e.clipboardData?.files || [])];
    if (files.length) {
      e.preventDefault();
      take(files);
    }
  });
}

/** A download link for an output file payload. */
export function downloadLink(ctx, payload, text = "Download") {
  return h("a", {
    class: "download",
    href: fileUrl(ctx, payload),
    download: payload?.name || "",
    text: payload?.size ? `${text} (${formatBytes(payload.size)})` : text,
  });
}
