// audio: upload a file or record from the microphone. Recordings are converted to WAV in
// the page (MediaRecorder gives webm/ogg, which the server need not be able to decode).

import { h } from "../dom.js";
import { dropZone } from "./dropzone.js";
import { allows, openDevice } from "./image.js";
import { audioOutput } from "./video.js";

export const TINY_WAV =
  "data:audio/wav;base64,UklGRkQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YSAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

/** 16-bit PCM WAV bytes of an AudioBuffer (all channels interleaved). */
export function encodeWav(buffer) {
  const channels = buffer.numberOfChannels;
  const frames = buffer.length;
  const view = new DataView(new ArrayBuffer(44 + frames * channels * 2));
  const text = (offset, s) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + frames * channels * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, buffer.sampleRate, true);
  view.setUint32(28, buffer.sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, frames * channels * 2, true);
  const data = Array.from({ length: channels }, (_, c) => buffer.getChannelData(c));
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const s = Math.max(-1, Math.min(1, data[c][i]));
      view.setInt16(offset, s < 0 ? s * 0x8000 : s * 0x7fff, true);
      offset += 2;
    }
  }
  return new Blob([view], { type: "audio/wav" });
}

async function toWav(blob) {
  const context = new (globalThis.AudioContext || globalThis.webkitAudioContext)();
  try {
    return encodeWav(await context.decodeAudioData(await blob.arrayBuffer()));
  } finally {
    context.close();
  }
}

function microphone(ctx, zone) {
  let recorder = null;
  let started = 0;
  let ticker = null;
  const button = h("button", { type: "button", class: "ghost small record", text: "Record", "aria-pressed": "false", onclick: toggle });
  const clock = h("span", { class: "muted rec-clock", "aria-live": "off" });

  async function start() {
    ctx.clearError();
    let stream;
    try {
      stream = await openDevice({ audio: true }, "microphone");
    } catch (err) {
      ctx.setError(err.message);
      return;
    }
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    recorder.onstop = async () => {
      stream.getTracks().forEach((t) => t.stop());
      const raw = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      let file;
      try {
        file = new File([await toWav(raw)], "recording.wav", { type: "audio/wav" });
      } catch {
        file = new File([raw], `recording.${raw.type.includes("ogg") ? "ogg" : "webm"}`, { type: raw.type });
      }
      recorder = null;
      zone.upload.add([file]);
    };
    recorder.start();
    started = performance.now();
    ticker = setInterval(() => (clock.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`), 200);
    button.textContent = "Stop recording";
    button.setAttribute("aria-pressed", "true");
    button.classList.add("recording");
  }
  function stop() {
    clearInterval(ticker);
    clock.textContent = "";
    button.textContent = "Record";
    button.setAttribute("aria-pressed", "false");
    button.classList.remove("recording");
    recorder?.stop();
  }
  function toggle() {
    if (recorder) stop();
    else start();
  }
  return [button, clock];
}

export const audio = {
  input(ctx) {
    const preview = (items) => items.map((i) => h("audio", { src: i.preview, controls: true, "aria-label": i.name }));
    const zone = dropZone(ctx, { accept: "audio/*", hint: "Drop an audio file here, paste it, or", preview });
    if (allows(ctx.spec, "microphone")) zone.el.querySelector(".media-tools").prepend(...microphone(ctx, zone));
    return { el: zone.el, get: zone.upload.get, set: zone.upload.set, labelFor: ctx.id };
  },
  output: audioOutput,
  example: () => TINY_WAV,
};
