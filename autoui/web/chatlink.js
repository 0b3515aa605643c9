// Ties a chat function's parts together: its `chat` history input shows the conversation,
// its message textbox feeds the next user turn, and its `chat` output (the reply) is
// appended to the history rather than shown on its own.

/** What a user's message shows (a multimodal message: its text). */
const shownText = (value) => String(value?.text ?? value ?? "");

const PASS = { linked: false, begin() {}, output: (d) => d, complete: (d) => d, drop() {} };

export function linkChat(fields, outputs) {
  const history = fields.find((f) => f.spec.component === "chat");
  const replyIndex = outputs.findIndex((o) => o.spec.component === "chat" || o.spec.name === "chat");
  if (!history || replyIndex < 0) return PASS;
  const message = fields.find((f) => f !== history && (f.spec.component === "textbox" || f.spec.traits?.attachments)) || fields.find((f) => f !== history);
  outputs[replyIndex].el.hidden = true;
  history.el.classList.add("chat-main");
  let pending = null;

  return {
    linked: true,
    begin(data) {
      pending?.drop();
      pending = history.widget.pending(message ? shownText(data[message.spec.name]) : "");
    },
    output(data) {
      pending?.update(data?.[replyIndex] ?? "");
      return data;
    },
    complete(data) {
      pending?.commit(data?.[replyIndex] ?? "");
      pending = null;
      if (message) {
        message.widget.set("");
        message.focus();
      }
      return data;
    },
    drop() {
      pending?.drop();
      pending = null;
    },
  };
}
