// line_plot: a line per series through its points, drawn as SVG by autoui's own chart module.
// Loaded only by pages whose spec uses the kind.

import { chartRenderer } from "../charts/chart.js";

export const renderer = chartRenderer("line");
