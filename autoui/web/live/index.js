// Live inputs in the web UI: the renderers of the live kinds and the runs that stream.
// app.js imports this module only when a function of the app has a live input.

import { register } from "../registry.js";
import { microphone, webcam } from "./widgets.js";

export { LiveRun } from "./run.js";

register("microphone", microphone);
register("webcam", webcam);
