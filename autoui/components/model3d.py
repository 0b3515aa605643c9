"""A 3D model file — glTF (``.glb``, ``.gltf``), Wavefront ``.obj`` or ``.stl`` — to look at.

The web UI draws it with its own small WebGL viewer (orbit, zoom, pan), loaded only by
pages that show a model; the terminal prints what the file holds and saves it; a client
gets its path. A ``.gltf`` travels as one file, so its buffers and images must be
embedded (``data:`` URIs); a model whose parts are separate files is refused with a
hint to send a ``.glb``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from autoui.components.base import internal
from autoui.components.checks import expected
from autoui.components.filepayload import FileComponent, resolve_file
from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload

__all__ = ["FORMATS", "Model3D", "model_format"]

FORMATS: dict[str, str] = {
    ".glb": "model/gltf-binary",
    ".gltf": "model/gltf+json",
    ".obj": "model/obj",
    ".stl": "model/stl",
}
"""The formats a model may have: extension → media type (said here: not every system's
tables know them)."""

_OBJ_EXAMPLE = (
    "data:model/obj;base64,"
    "diAwIDAgMAp2IDEgMCAwCnYgMCAxIDAKZiAxIDIgMwo="  # one triangle
)
_SHOWN = ", ".join(FORMATS)


def model_format(path: Path) -> str | None:
    """A model file's extension (``".glb"``, ...): from its name, else from its first bytes."""
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return suffix
    with open(path, "rb") as file:
        head = file.read(512)
    return _sniff(head, path.stat().st_size)


def _sniff(head: bytes, size: int) -> str | None:
    """The format the first bytes (of a file of ``size`` bytes) say, if any."""
    if head.startswith(b"glTF"):
        return ".glb"
    if len(head) >= 84 and size == 84 + 50 * int.from_bytes(head[80:84], "little"):
        return ".stl"  # binary STL: an 80-byte header, a count, 50 bytes per triangle
    text = head.lstrip()
    if text.startswith(b"{"):
        return ".gltf"
    if text.startswith(b"solid"):
        return ".stl"
    words = {line.split(maxsplit=1)[0] for line in text.splitlines() if line.strip()}
    return ".obj" if words & {b"v", b"f", b"o", b"g", b"vn", b"mtllib"} else None


def _check_gltf(path: Path) -> None:
    """A ``.gltf`` must carry its buffers and images: it travels as one file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(f"{path.name} is not a glTF file (JSON)") from None
    parts = [*document.get("buffers", []), *document.get("images", [])]
    outside = [p["uri"] for p in parts if isinstance(p, dict) and "uri" in p
               and not str(p["uri"]).startswith("data:")]  # fmt: skip
    if outside:
        raise ValidationError(
            f"{path.name} refers to other files ({', '.join(map(str, outside[:3]))}); "
            "send the model as one .glb, or embed its buffers and images as data: URIs"
        )


@dataclass(frozen=True)
class Model3D(FileComponent):
    """A 3D model shown in an orbitable viewer; the function receives its Path.

    Args:
        clear_color: the viewer's background (``"#rrggbb"``); None: the page's own.
        color: the colour of surfaces that say none (``.obj``/``.stl`` have none).
    """

    kind: ClassVar[str] = "model3d"
    value_types: ClassVar[frozenset[str]] = frozenset({"path", "filepath"})

    clear_color: str | None = None
    color: str = "#b0b4bb"
    type: Literal["path", "filepath"] = internal("path")

    def preprocess(self, payload: Any, files: FileContext) -> Path | str:
        path = resolve_file(payload, files, "a 3D model")
        found = model_format(path)
        if found is None:
            raise ValidationError(f"expected a 3D model ({_SHOWN}), got {path.name!r}")
        if found == ".gltf":
            _check_gltf(path)
        return path if self.type == "path" else str(path)

    def postprocess(self, value: Any, files: FileContext) -> FilePayload | None:
        if value is None:
            return None
        if isinstance(value, bytes | bytearray):
            found = _sniff(bytes(value[:512]), len(value))
            if found is None:
                raise ValidationError(f"these bytes are no 3D model I know ({_SHOWN})")
            return files.store_output(bytes(value), "model" + found, FORMATS[found])
        if not isinstance(value, str | Path):
            raise expected(f"a 3D model file ({_SHOWN}): its path or bytes", value)
        path = Path(value)
        if not path.is_file():
            raise expected("an existing file", str(value))
        found = model_format(path)
        if found is None:
            raise ValidationError(f"expected a 3D model ({_SHOWN}), got {path.name!r}")
        if found == ".gltf":
            _check_gltf(path)
        name = path.name if path.suffix.lower() == found else path.stem + found
        return files.store_output(path, name, FORMATS[found])

    def example_payload(self) -> Any:
        return _OBJ_EXAMPLE
