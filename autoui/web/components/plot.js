// plot: a figure rendered to PNG by the server, shown as an image with a download link.

import { image } from "./image.js";

export const plot = { input: image.input, output: image.output, example: image.example };
