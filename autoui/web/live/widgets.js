// Inputs of the live kinds (microphone, webcam): Start/Stop, a level meter or the camera's
// picture, the time left, and a drop zone for a whole file instead (sent as one call).
// Start runs the panel's job; the panel asks the widget for the capture (`live`).

import { h } from "../dom.js";
import { dropZone } from "../components/dropzone.js";
import { captureCamera, captureMicrophone, level } from "./capture.js";

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function liveInput(ctx, kind) {
  const isAudio = kind === "microphone";
  const preview = (items) => items.map((i) => (isAudio
    ? h("audio", { src: i.preview, controls: true, "aria-label": i.name })
    : h("img", { src: i.preview, alt: i.name })));
  const zone = dropZone(ctx, {
    accept: isAudio ? "audio/*" : "image/*,video/x-motion-jpeg",
    hint: isAudio ? "Drop a recording here to use it instead, or" : "Drop an image or MJPEG clip here to use it instead, or",
    preview,
  });
  const button = h("button", { type: "button", class: "primary small live-toggle", text: isAudio ? "Start microphone" : "Start camera", "aria-pressed": "false" });
  const meter = isAudio ? h("meter", { class: "live-level", min: 0, max: 1, value: 0, "aria-label": "Input level" }) : null;
  const video = isAudio ? null : h("video", { class: "camera live-camera", autoplay: true, muted: true, playsinline: true, hidden: true });
  const left = h("span", { class: "muted live-left", "aria-live": "off" });
  const bar = h("div", { class: "live-bar" }, button, meter, left);
  const el = h("div", { class: "live-in" }, bar, video, zone.el);
  let capture = null;
  let ticker = null;

  const widget = {
    el,
    labelFor: ctx.id,
    get: zone.upload.get,
    set: zone.upload.set,
    /** Begin capturing into `job` (once it has started); returns when capture is on. */
    async begin(job, live) {
      const onChunk = (chunk) => {
        job.send(chunk);
        if (meter) meter.value = Math.min(1, level(chunk) * 4);
      };
      if (isAudio) {
        capture = await captureMicrophone(live, onChunk);
      } else {
        video.hidden = false;
        capture = await captureCamera(live, video, (blob) => job.send(blob), () => job.ready);
      }
      const started = performance.now();
      if (job.timeLimit) {
        const tick = () => (left.textContent = `${clock(job.timeLimit - (performance.now() - started) / 1000)} left`);
        tick();
        ticker = setInterval(tick, 500);
      }
    },
    /** Stop capturing (the job gets the end of its input). */
    async finish() {
      clearInterval(ticker);
      ticker = null;
      left.textContent = "";
      if (meter) meter.value = 0;
      const running = capture;
      capture = null;
      await running?.stop();
      if (video) video.hidden = true;
    },
    setRunning(on) {
      const device = isAudio ? "microphone" : "camera";
      button.textContent = `${on ? "Stop" : "Start"} ${device}`;
      button.setAttribute("aria-pressed", String(on));
      button.classList.toggle("recording", on);
    },
  };
  // The panel's live run listens: Start submits the form, Stop ends the input.
  button.addEventListener("click", () => el.dispatchEvent(new CustomEvent("autoui:live-toggle", { bubbles: true })));
  return widget;
}

export const microphone = { input: (ctx) => liveInput(ctx, "microphone"), output: null, example: () => null };
export const webcam = { input: (ctx) => liveInput(ctx, "webcam"), output: null, example: () => null };
