"""3D shapes: build a model, look at it from every side; or describe one you have.

Returning ``autoui.Model3D`` shows a 3D model (glTF ``.glb``/``.gltf``, ``.obj`` or
``.stl``: a path or the file's bytes) in autoui's own WebGL viewer — drag to turn it,
shift-drag to pan, scroll to zoom — loaded only by pages that show a model. The
terminal prints what the file holds and saves it; a client gets its path. As an input
(``Annotated[Path, autoui.Model3D()]``) the function receives the uploaded file's path.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Annotated, Literal

import autoui

Mesh = tuple[list[float], list[float], list[int]]
"""Positions and normals (x, y, z each) and the triangles' corner indices."""

_JSON, _BIN = 0x4E4F534A, 0x004E4942  # the two chunk types of a .glb


def _chunk(kind: int, data: bytes, pad: bytes) -> bytes:
    data += pad * (-len(data) % 4)
    return struct.pack("<II", len(data), kind) + data


def _glb(mesh: Mesh, rgba: list[float]) -> bytes:
    """A glTF binary of one mesh: float positions and normals, 32-bit indices, a colour."""
    positions, normals, indices = mesh
    vectors, count = len(positions) * 4, len(positions) // 3
    blob = struct.pack(f"<{2 * len(positions)}f{len(indices)}I", *positions, *normals, *indices)
    view = [(0, vectors), (vectors, vectors), (2 * vectors, 4 * len(indices))]
    primitive = {"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2, "material": 0}
    document = {
        "asset": {"version": "2.0", "generator": "autoui sample"},
        "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [primitive]}],
        "materials": [{"pbrMetallicRoughness": {"baseColorFactor": rgba}}],
        "buffers": [{"byteLength": len(blob)}],
        "bufferViews": [{"buffer": 0, "byteOffset": at, "byteLength": n} for at, n in view],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": count, "type": "VEC3",
             "min": [min(positions[i::3]) for i in range(3)],
             "max": [max(positions[i::3]) for i in range(3)]},
            {"bufferView": 1, "componentType": 5126, "count": count, "type": "VEC3"},
            {"bufferView": 2, "componentType": 5125, "count": len(indices), "type": "SCALAR"},
        ],
    }  # fmt: skip
    chunks = _chunk(_JSON, json.dumps(document).encode(), b" ") + _chunk(_BIN, blob, b"\0")
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def _torus(ring: float, tube: float, steps: int = 48) -> Mesh:
    positions: list[float] = []
    normals: list[float] = []
    indices: list[int] = []
    for i in range(steps + 1):
        u = 2 * math.pi * i / steps
        for j in range(steps + 1):
            v = 2 * math.pi * j / steps
            normal = [math.cos(v) * math.cos(u), math.sin(v), math.cos(v) * math.sin(u)]
            centre = [ring * math.cos(u), 0.0, ring * math.sin(u)]
            positions += [c + tube * n for c, n in zip(centre, normal, strict=True)]
            normals += normal
    for i in range(steps):
        for j in range(steps):
            a, b = i * (steps + 1) + j, (i + 1) * (steps + 1) + j
            indices += [a, a + 1, b, b, a + 1, b + 1]  # counter-clockwise seen from outside
    return positions, normals, indices


def _box(width: float, height: float, depth: float) -> Mesh:
    positions: list[float] = []
    normals: list[float] = []
    indices: list[int] = []
    for axis in range(3):
        for sign in (-1.0, 1.0):
            normal = [0.0, 0.0, 0.0]
            normal[axis] = sign
            u, v = (axis + 1) % 3, (axis + 2) % 3
            base = len(positions) // 3
            for du, dv in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
                corner = [0.0, 0.0, 0.0]
                corner[axis], corner[u], corner[v] = sign, du, dv
                positions += [corner[0] * width / 2, corner[1] * height / 2, corner[2] * depth / 2]
                normals += normal
            quad = [base, base + 1, base + 2, base, base + 2, base + 3]
            indices += quad if sign > 0 else [quad[0], quad[2], quad[1], quad[3], quad[5], quad[4]]
    return positions, normals, indices


def make_shape(
    shape: Literal["torus", "box"] = "torus", size: float = 1.0, color: autoui.Color = "#e15759"
) -> autoui.Model3D:
    """Build a 3D shape and show it: drag to turn it, scroll to zoom.

    Args:
        shape: which shape to build.
        size: how big it is, in model units.
        color: its colour.

    Returns:
        Model
    """
    rgb = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    mesh = _torus(size, size / 3) if shape == "torus" else _box(size, size * 0.6, size * 0.4)
    return _glb(mesh, [*rgb, 1.0])


def describe_model(model: Annotated[Path, autoui.Model3D()]) -> str:
    """Say what format a 3D model file is in and how big it is.

    Args:
        model: a .glb, .gltf, .obj or .stl file.

    Returns:
        Description
    """
    size = model.stat().st_size
    return f"{model.name}: a {model.suffix.lstrip('.').upper()} model of {size:,} bytes"
