// chat: the `history` input shows the conversation; the function's reply (the `chat`
// output) is appended to it with the user's message, and the whole history goes back to
// the function on the next turn. Streaming replies grow in place.

import { h } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { fileUrl } from "./upload.js";

function content(ctx, value) {
  if (value && typeof value === "object" && value.url) {
    const url = fileUrl(ctx, value);
    return String(value.mime_type || "").startsWith("image/") ? h("img", { src: url, alt: value.name || "" }) : h("a", { href: url, text: value.name || "file" });
  }
  return renderMarkdown(h("div", { class: "prose" }), typeof value === "string" ? value : JSON.stringify(value));
}

function bubble(ctx, message) {
  const role = message.role === "user" ? "user" : "assistant";
  return h("div", { class: `msg msg-${role}` },
    h("span", { class: "visually-hidden", text: role === "user" ? "You: " : "Assistant: " }),
    content(ctx, message.content));
}

function input(ctx) {
  let history = [];
  const log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", tabindex: "0", "aria-label": ctx.spec.label || ctx.spec.name });
  const empty = () => h("p", { class: "muted chat-empty", text: "No messages yet." });
  const draw = () => {
    log.replaceChildren(...(history.length ? history.map((m) => bubble(ctx, m)) : [empty()]));
    log.scrollTop = log.scrollHeight;
  };
  draw();
  return {
    el: h("div", { class: "chat" }, log),
    group: true,
    get: () => history.map((m) => ({ role: m.role, content: m.content })),
    set(value) {
      history = Array.isArray(value) ? value.filter((m) => m && m.role).map((m) => ({ ...m })) : [];
      draw();
    },
    /** Show the user's message and a reply that may grow, until commit() or drop(). */
    pending(userText) {
      log.querySelector(".chat-empty")?.remove();
      let reply = h("div", { class: "msg msg-assistant typing", "aria-busy": "true" }, h("span", { class: "dots", text: "…" }));
      log.append(bubble(ctx, { role: "user", content: userText }), reply);
      log.scrollTop = log.scrollHeight;
      return {
        update(text) {
          const next = bubble(ctx, { role: "assistant", content: text });
          reply.replaceWith(next);
          reply = next;
          log.scrollTop = log.scrollHeight;
        },
        commit(text) {
          history.push({ role: "user", content: userText }, { role: "assistant", content: text });
          draw();
        },
        drop: draw,
      };
    },
  };
}

function output(ctx) {
  const el = h("div", { class: "chat-log single" });
  return { el, set: (v) => el.replaceChildren(...(v === null || v === undefined ? [] : [bubble(ctx, { role: "assistant", content: v })])) };
}

export const chat = { input, output, example: () => [] };
