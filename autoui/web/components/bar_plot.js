// bar_plot: a bar per category, grouped by series, drawn as SVG by autoui's own chart module.
// Loaded only by pages whose spec uses the kind.

import { chartRenderer } from "../charts/chart.js";

export const renderer = chartRenderer("bar");
