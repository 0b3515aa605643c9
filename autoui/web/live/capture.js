// Capture for live inputs: the microphone as int16 PCM chunks, the camera as JPEG frames.
//
// Audio: getUserMedia → AudioContext at the spec's rate (the browser resamples) → an
// AudioWorklet that cuts the samples into chunks of chunk_ms and hands each over as
// little-endian int16 PCM, the wire form of a live audio input. Frames: the camera into
// a <video>, drawn to a canvas at the spec's fps and sent as JPEG, but only while the
// connection is not backed up (a slow link skips frames instead of building a lag).
// Loaded only by pages with a live input.

import { openDevice } from "../devices.js";

const WORKLET = `
class AutouiChunker extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = options.processorOptions.size;
    this.channels = options.processorOptions.channels;
    this.buffer = new Int16Array(this.size * this.channels);
    this.filled = 0;
  }
  process(inputs) {
    const input = inputs[0];
    if (!input || !input[0]) return true;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < this.channels; c++) {
        const s = Math.max(-1, Math.min(1, (input[c] || input[0])[i]));
        this.buffer[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      }
      if (this.filled === this.buffer.length) {
        this.port.postMessage(this.buffer.buffer, [this.buffer.buffer]);
        this.buffer = new Int16Array(this.size * this.channels);
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor("autoui-chunker", AutouiChunker);
`;

/** The RMS level (0–1) of an int16 chunk, for a level meter. */
export function level(chunk) {
  const samples = new Int16Array(chunk);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return samples.length ? Math.sqrt(sum / samples.length) / 32768 : 0;
}

/**
 * Start the microphone; `onChunk(arrayBuffer)` gets each chunk (int16 PCM).
 * @param live  the spec's streaming_input {rate, chunk_ms, channels}
 * @returns {stop()} — stops capture and releases the device
 */
export async function captureMicrophone(live, onChunk, stream = null) {
  const rate = live.rate || 16000;
  const channels = live.channels || 1;
  const media = stream || (await openDevice(
    { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: channels } },
    "microphone",
  ));
  const context = new AudioContext({ sampleRate: rate });
  const url = URL.createObjectURL(new Blob([WORKLET], { type: "text/javascript" }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const size = Math.max(1, Math.round((rate * (live.chunk_ms || 100)) / 1000));
  const node = new AudioWorkletNode(context, "autoui-chunker", { processorOptions: { size, channels } });
  node.port.onmessage = (e) => onChunk(e.data);
  const mute = context.createGain();
  mute.gain.value = 0;
  context.createMediaStreamSource(media).connect(node).connect(mute).connect(context.destination);
  await context.resume();
  return {
    async stop() {
      node.port.onmessage = null;
      if (!stream) media.getTracks().forEach((t) => t.stop());
      await context.close().catch(() => {});
    },
  };
}

/**
 * Start the camera into `video`; `onFrame(blob)` gets a JPEG at `live.fps` while
 * `ready()` says the connection can take one.
 * @returns {stop()}
 */
export async function captureCamera(live, video, onFrame, ready, stream = null) {
  const [width, height] = live.size || [640, 480];
  const media = stream || (await openDevice({ video: { width: { ideal: width }, height: { ideal: height } } }, "camera"));
  video.srcObject = media;
  video.muted = true;
  await video.play().catch(() => {});
  const canvas = document.createElement("canvas");
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !ready() || !video.videoWidth) return;
    busy = true;
    const scale = Math.min(1, width / video.videoWidth, height / video.videoHeight);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      busy = false;
      if (blob) onFrame(blob);
    }, "image/jpeg", 0.8);
  }, 1000 / (live.fps || 10));
  return {
    async stop() {
      clearInterval(timer);
      if (!stream) media.getTracks().forEach((t) => t.stop());
      video.srcObject = null;
    },
  };
}
