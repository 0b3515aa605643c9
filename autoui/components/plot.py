"""A chart drawn by matplotlib (or any picture): an output, sent as a PNG or SVG file."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.filepayload import FileComponent
from autoui.components.media import read_image_payload, store_image
from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload

__all__ = ["Plot", "render_figure"]


@dataclass(frozen=True)
class Plot(FileComponent):
    """A chart: a matplotlib Figure (rendered with the Agg backend) or any image.

    Args:
        format: ``"png"`` or ``"svg"``.
    """

    kind: ClassVar[str] = "plot"
    output_only: ClassVar[str] = "a plot is an output only; take its data instead"
    example_kind: ClassVar[str] = "image"

    format: str = "png"

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        raise ValidationError(self.output_only)

    def postprocess(self, value: Any, files: FileContext) -> FilePayload | None:
        if value is None:
            return None
        if callable(getattr(value, "savefig", None)):
            data = render_figure(value, self.format)
            mime = "image/svg+xml" if self.format == "svg" else "image/png"
            return files.store_output(data, f"plot.{self.format}", mime)
        return store_image(value, files)

    def read_file(self, payload: Any, files: FileContext, image_type: str) -> Any:
        return read_image_payload(payload, files, image_type)


def render_figure(figure: Any, image_format: str = "png") -> bytes:
    """A matplotlib Figure → PNG/SVG bytes, with no change to pyplot's global state.

    A figure made with pyplot is closed afterwards (if pyplot is already imported), so
    a long-running server does not keep every figure a function ever drew.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if getattr(figure, "canvas", None) is None or not hasattr(figure.canvas, "print_figure"):
        FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format, bbox_inches="tight")
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)
    return buffer.getvalue()
