"""A 3D model in the terminal: what the file holds (format, meshes, vertices, triangles,
size), and where it was saved. An input takes the model file's path."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from autoui.terminal.render import OpenFile, saved
from autoui.wire import WireParam

__all__ = ["METAVAR", "model_info", "render"]

METAVAR = "MODEL"
_NAMES = {".glb": "glTF binary", ".gltf": "glTF", ".obj": "Wavefront OBJ", ".stl": "STL"}


def _gltf_counts(document: dict[str, Any]) -> dict[str, int]:
    accessors = document.get("accessors") or []
    vertices = triangles = 0
    for mesh in document.get("meshes") or []:
        for primitive in mesh.get("primitives") or []:
            position = (primitive.get("attributes") or {}).get("POSITION")
            count = accessors[position]["count"] if isinstance(position, int) else 0
            vertices += count
            indices = primitive.get("indices")
            shown = accessors[indices]["count"] if isinstance(indices, int) else count
            triangles += shown // 3 if primitive.get("mode", 4) == 4 else 0
    return {"meshes": len(document.get("meshes") or []), "vertices": vertices,
            "triangles": triangles}  # fmt: skip


def _gltf_document(path: Path, binary: bool) -> dict[str, Any]:
    with open(path, "rb") as file:
        if not binary:
            loaded: dict[str, Any] = json.load(file)
            return loaded
        _, _, _, length, kind = struct.unpack("<4sIIII", file.read(20))
        if kind != 0x4E4F534A:  # the first chunk of a .glb is its JSON
            raise ValueError("the .glb file does not start with its JSON chunk")
        chunk: dict[str, Any] = json.loads(file.read(length))
        return chunk


def _text_counts(path: Path, fmt: str) -> dict[str, int]:
    vertices = triangles = 0
    with open(path, "rb") as file:
        for line in file:
            word = line.split(maxsplit=1)[0] if line.strip() else b""
            if fmt == ".obj" and word == b"v":
                vertices += 1
            elif fmt == ".obj" and word == b"f":
                triangles += max(0, len(line.split()) - 3)  # a polygon of n corners: n-2
            elif fmt == ".stl" and word == b"facet":
                triangles += 1
    return {"vertices": vertices if fmt == ".obj" else 3 * triangles, "triangles": triangles}


def model_info(path: Path) -> dict[str, Any]:
    """What a model file holds: its format and counts (as far as it can be read)."""
    from autoui.components.model3d import model_format

    fmt = model_format(path) or path.suffix.lower()
    info: dict[str, Any] = {"format": _NAMES.get(fmt, fmt or "unknown")}
    if fmt in (".glb", ".gltf"):
        info.update(_gltf_counts(_gltf_document(path, fmt == ".glb")))
    elif fmt == ".stl" and path.stat().st_size == 84 + 50 * _stl_count(path):
        info.update(triangles=_stl_count(path), vertices=3 * _stl_count(path))
    elif fmt in (".obj", ".stl"):
        info.update(_text_counts(path, fmt))
    return info


def _stl_count(path: Path) -> int:
    with open(path, "rb") as file:
        head = file.read(84)
    return int.from_bytes(head[80:84], "little") if len(head) == 84 else -1


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, dict):
        return Text(str(payload))
    line, path = saved(payload, open_file, "3D model")
    if path is None:
        return line
    try:
        info = model_info(path)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        return Group(Text(f"(cannot read the model: {exc})", style="dim"), line)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for key, value in info.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    return Group(table, line)
