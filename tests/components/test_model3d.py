"""3D models: the formats a model file may have, found by name or by content."""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autoui.components import Model3D
from autoui.components.model3d import model_format
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

Upload = Callable[..., dict[str, Any]]
OBJ = b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"


def glb(document: dict[str, Any] | None = None) -> bytes:
    text = json.dumps(document or {"asset": {"version": "2.0"}}).encode()
    text += b" " * (-len(text) % 4)
    chunk = struct.pack("<II", len(text), 0x4E4F534A) + text
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunk)) + chunk


def stl_binary(triangles: int = 1) -> bytes:
    return b"\0" * 80 + struct.pack("<I", triangles) + b"\0" * 50 * triangles


@pytest.mark.parametrize(
    ("data", "expected"),
    [(OBJ, ".obj"), (glb(), ".glb"), (stl_binary(2), ".stl"), (b"solid x\nendsolid", ".stl"),
     (b'{"asset": {"version": "2.0"}}', ".gltf"), (b"\x89PNG\r\n\x1a\n", None)],
)  # fmt: skip
def test_format_from_content(data: bytes, expected: str | None, tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(data)
    assert model_format(path) == expected


def test_input_is_a_path(upload: Upload, files: LocalFiles) -> None:
    path = Model3D().preprocess(upload(OBJ, "tri.obj"), files)
    assert isinstance(path, Path) and path.read_bytes() == OBJ
    assert isinstance(Model3D(type="filepath").preprocess(upload(OBJ, "t.obj"), files), str)


def test_a_data_url_of_an_unknown_type_is_read_by_content(files: LocalFiles) -> None:
    url = "data:application/octet-stream;base64," + base64.b64encode(glb()).decode()
    assert Model3D().preprocess(url, files).read_bytes()[:4] == b"glTF"


def test_not_a_model_is_refused(upload: Upload, files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match=r"expected a 3D model \(.glb, .gltf, .obj, .stl\)"):
        Model3D().preprocess(upload(b"\x89PNG\r\n\x1a\n0000", "photo.png"), files)


def test_a_gltf_with_separate_files_is_refused(upload: Upload, files: LocalFiles) -> None:
    document = {"asset": {"version": "2.0"}, "buffers": [{"uri": "mesh.bin", "byteLength": 4}]}
    payload = upload(json.dumps(document).encode(), "scene.gltf")
    with pytest.raises(ValidationError, match="refers to other files \\(mesh.bin\\); send"):
        Model3D().preprocess(payload, files)
    embedded = "data:application/octet-stream;base64,AAAAAA=="
    document["buffers"] = [{"uri": embedded, "byteLength": 4}]
    Model3D().preprocess(upload(json.dumps(document).encode(), "scene.gltf"), files)


def test_outputs_from_paths_and_bytes(files: LocalFiles, tmp_path: Path) -> None:
    path = tmp_path / "tri.obj"
    path.write_bytes(OBJ)
    out = Model3D().postprocess(path, files)
    assert (out["name"], out["mime_type"]) == ("tri.obj", "model/obj")
    out = Model3D().postprocess(glb(), files)
    assert (out["name"], out["mime_type"]) == ("model.glb", "model/gltf-binary")
    assert Model3D().read_output(out, files) == Path(out["path"])
    unnamed = tmp_path / "export"
    unnamed.write_bytes(stl_binary())
    assert Model3D().postprocess(unnamed, files)["name"] == "export.stl"


def test_bad_outputs(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="no 3D model I know"):
        Model3D().postprocess(b"\x00\x01 random", files)
    with pytest.raises(ValidationError, match="a 3D model file"):
        Model3D().postprocess(42, files)
