// Failures as a readable modal: a heading and the message the server sent (the function's
// own words for autoui.Error, the exception's type otherwise). Never a stack trace.

import { h } from "./dom.js";

let dialog = null;

function build() {
  const title = h("h2", { id: "error-title" });
  const message = h("p", { class: "error-message", id: "error-message" });
  const close = h("button", { type: "button", class: "primary", text: "Close", onclick: () => dialog.close() });
  dialog = h("dialog", { class: "error-dialog", role: "alertdialog", "aria-labelledby": "error-title", "aria-describedby": "error-message" },
    h("div", { class: "error-body" }, h("span", { class: "error-icon", "aria-hidden": "true", text: "!" }), h("div", {}, title, message)),
    h("div", { class: "dialog-actions" }, close),
  );
  dialog.addEventListener("click", (e) => e.target === dialog && dialog.close());
  document.body.append(dialog);
  return dialog;
}

/** Explain an error event ({message, type, title}) or a ClientError in plain words. */
export function describe(error) {
  const type = error?.type || null;
  let message = String(error?.message || "The function failed without saying why.");
  if (type && type !== "Error" && message === type) message = `The function raised ${type}.`;
  const title = error?.title || (type === "Error" ? "Error" : type === "NetworkError" ? "Server unreachable" : "Something went wrong");
  return { title, message };
}

/** Show the error modal; the element that had focus gets it back when it closes. */
export function showError(error) {
  if (!dialog || !dialog.isConnected) build();
  const { title, message } = describe(error);
  dialog.querySelector("#error-title").textContent = title;
  dialog.querySelector("#error-message").textContent = message;
  if (!dialog.open) dialog.showModal();
  dialog.querySelector("button").focus();
  return dialog;
}
