"""Arguments → payloads and payloads → values, without a server (no I/O involved)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import io
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from autoui.client._decode import Decoder, local_path
from autoui.client._encode import Upload, collect_uploads, encode_inputs, fill_uploads
from autoui.components import BY_KIND
from autoui.errors import ClientError
from autoui.wire import WireFunction, WireParam


def param(name: str, kind: str) -> WireParam:
    """A parameter as a server's spec describes it (traits from the kind's component)."""
    return WireParam(name, kind, traits=BY_KIND[kind].traits)


def fn_with(*params: tuple[str, str], outputs: tuple[str, ...] = ()) -> WireFunction:
    return WireFunction(
        "f",
        inputs=tuple(param(name, kind) for name, kind in params),
        outputs=tuple(param(f"out{i}", kind) for i, kind in enumerate(outputs)),
    )


class Colour(enum.Enum):
    RED = "r"


@dataclasses.dataclass
class Order:
    when: dt.date
    colour: Colour


def test_plain_values_travel_as_the_wire_forms() -> None:
    fn = fn_with(("c", "dropdown"), ("d", "date"), ("g", "checkbox_group"), ("o", "form"),
                 ("n", "number"), ("t", "textbox"))
    payload = encode_inputs(
        fn,
        {"c": Colour.RED, "d": dt.date(2024, 2, 29), "g": {"b", "a"},
         "o": Order(dt.date(2024, 1, 1), Colour.RED), "n": np.int64(3), "t": "cat.png"},
    )
    assert payload == {
        "c": "RED", "d": "2024-02-29", "g": ["a", "b"],
        "o": {"when": "2024-01-01", "colour": "RED"}, "n": 3, "t": "cat.png",
    }


def test_images_and_arrays_become_png_uploads() -> None:
    fn = fn_with(("a", "image"), ("b", "image"))
    array = np.zeros((4, 5, 3), dtype=np.float32)
    array[..., 0] = 1.0
    payload = encode_inputs(fn, {"a": Image.new("RGB", (2, 3), "blue"), "b": array})
    uploads = collect_uploads(payload)
    assert [u.mime_type for u in uploads] == ["image/png", "image/png"]
    decoded = Image.open(io.BytesIO(uploads[1].content))  # type: ignore[arg-type]
    assert decoded.size == (5, 4) and decoded.getpixel((0, 0)) == (255, 0, 0)
    filled = fill_uploads(payload, {id(uploads[0]): {"id": "x1"}, id(uploads[1]): {"id": "x2"}})
    assert filled == {"a": {"id": "x1"}, "b": {"id": "x2"}}


def test_audio_tuple_becomes_a_wav_with_its_rate() -> None:
    samples = np.sin(np.linspace(0, 100, 800)).astype(np.float32)
    payload = encode_inputs(fn_with(("clip", "audio")), {"clip": (8000, samples)})
    upload = payload["clip"]
    assert isinstance(upload, Upload) and isinstance(upload.content, bytes)
    with wave.open(io.BytesIO(upload.content)) as wav:
        assert (wav.getframerate(), wav.getnframes(), wav.getsampwidth()) == (8000, 800, 2)


def test_a_bare_audio_array_asks_for_the_rate() -> None:
    with pytest.raises(ClientError, match="needs its sample rate") as info:
        encode_inputs(fn_with(("clip", "audio")), {"clip": np.zeros(10)})
    assert info.value.param == "clip"


def test_str_is_a_path_only_for_file_parameters(tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text("hello")
    payload = encode_inputs(fn_with(("doc", "file"), ("many", "files")),
                            {"doc": str(doc), "many": [doc, b"raw"]})
    assert isinstance(payload["doc"], Upload) and payload["doc"].content == doc
    assert payload["doc"].mime_type == "text/plain"
    assert [u.name for u in payload["many"]] == ["notes.txt", "file.bin"]  # as File names bytes
    with pytest.raises(ClientError, match="no such file") as info:
        encode_inputs(fn_with(("doc", "file")), {"doc": str(tmp_path / "missing.txt")})
    assert info.value.param == "doc"


def test_data_urls_and_issued_ids_pass_through() -> None:
    payload = encode_inputs(fn_with(("a", "image"), ("b", "file")),
                            {"a": "data:image/png;base64,AAAA", "b": {"id": "abc", "url": "/x"}})
    assert payload == {"a": "data:image/png;base64,AAAA", "b": {"id": "abc"}}


def test_dataframe_inputs() -> None:
    import pandas as pd

    fn = fn_with(("df", "dataframe"), ("rows", "dataframe"))
    payload = encode_inputs(fn, {"df": pd.DataFrame({"x": [1, 2]}), "rows": [[1, "a"]]})
    assert payload["df"] == {"headers": ["x"], "rows": [[1], [2]]}
    assert payload["rows"] == {"headers": [], "rows": [[1, "a"]]}


def test_outputs_become_natural_values(tmp_path: Path) -> None:
    import pandas as pd

    image_file = tmp_path / "i.png"
    Image.new("RGB", (3, 2), "red").save(image_file)
    fn = fn_with(outputs=("label", "dataframe", "datetime", "image", "file", "json"))
    file_payload = {"id": "f1", "url": "/api/files/f1/i.png", "name": "i.png"}
    data = [
        {"label": "cat", "confidences": [{"label": "cat", "confidence": 0.9},
                                         {"label": "dog", "confidence": 0.1}]},
        {"headers": ["a", "b"], "rows": [[1, 2]]},
        "2024-05-01T10:30:00",
        file_payload,
        file_payload,
        {"k": [1]},
    ]
    paths = {"f1": image_file}
    label, frame, when, image, path, value = Decoder().result(fn, data, paths)
    assert label == {"cat": 0.9, "dog": 0.1}
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["a", "b"]
    assert when == dt.datetime(2024, 5, 1, 10, 30)
    assert image.size == (3, 2) and image.getpixel((0, 0)) == (255, 0, 0)
    assert path == image_file and value == {"k": [1]}
    assert Decoder("numpy").value(param("o", "image"), file_payload, paths).shape == (2, 3, 3)
    assert Decoder("path").value(param("o", "image"), file_payload, paths) == image_file


def test_one_output_is_the_value_and_none_is_none() -> None:
    assert Decoder().result(fn_with(outputs=("textbox",)), ["hi"], {}) == "hi"
    assert Decoder().result(fn_with(), [], {}) is None


@pytest.mark.parametrize(
    ("file_id", "name"),
    [("../../etc", "passwd"), ("ok", "../../escape.txt"), ("ok", "..\\..\\x"), ("", ".."),
     ("a/b", "/abs/path")],
)
def test_downloads_never_leave_the_download_dir(tmp_path: Path, file_id: str, name: str) -> None:
    target = local_path(tmp_path, {"id": file_id, "url": "/u", "name": name})
    assert target.resolve().is_relative_to(tmp_path.resolve())
    assert target.parent.parent == tmp_path


@pytest.mark.parametrize(
    "array",
    [
        np.array([[0, 5000, 20000, 65535]], dtype=np.uint16),  # scaled down, not clipped
        np.zeros((3, 4, 5), dtype=np.uint8) + np.arange(3, dtype=np.uint8)[:, None, None] * 80,
    ],
    ids=["uint16", "channels-first"],
)
def test_arrays_become_the_image_the_server_would_make(array: np.ndarray) -> None:
    from autoui.components.images import array_to_pil

    upload = encode_inputs(fn_with(("a", "image")), {"a": array})["a"]
    assert isinstance(upload, Upload) and isinstance(upload.content, bytes)
    sent = np.asarray(Image.open(io.BytesIO(upload.content)))
    assert np.array_equal(sent, np.asarray(array_to_pil(array)))  # one codec, one answer


def test_audio_keeps_32_bit_samples_as_the_server_writes_them() -> None:
    samples = np.array([0, 1 << 20, -(1 << 20)], dtype=np.int32)
    upload = encode_inputs(fn_with(("clip", "audio")), {"clip": (8000, samples)})["clip"]
    with wave.open(io.BytesIO(upload.content)) as wav:  # type: ignore[arg-type]
        assert wav.getsampwidth() == 4  # not wrapped into 16 bits
        frames = np.frombuffer(wav.readframes(3), dtype="<i4")
    assert frames.tolist() == samples.tolist()
