// Opening a microphone or a camera, with an error a person can act on. Its own module so
// the live capture (and /api/client.js, which carries it) needs nothing of the UI.

import { ClientError } from "./client.js";

/** getUserMedia with a readable error when the page may not use the device. */
export async function openDevice(constraints, what) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new ClientError(`This page cannot use the ${what}: browsers allow it only over HTTPS or on localhost.`);
  }
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (err) {
    const denied = err?.name === "NotAllowedError";
    throw new ClientError(denied ? `Permission to use the ${what} was refused.` : `No ${what} could be opened (${err?.name || err}).`);
  }
}
