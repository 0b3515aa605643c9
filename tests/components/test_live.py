"""Live inputs: which annotations make one, their settings, the whole-function rules, and
a whole file cut into the same items a live stream gives."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pytest
from PIL import Image

import autoui
from autoui.components.live import LIVE
from autoui.components.wav import write_wav
from autoui.errors import SpecError, ValidationError
from autoui.introspect import introspect
from autoui.localfiles import LocalFiles


def live(fn: Any) -> dict[str, Any]:
    spec = introspect(fn)
    assert spec.warnings == ()
    document = spec.to_json()["streaming_input"]
    assert document is not None
    return dict(document)


def test_each_iterator_form_of_audio_and_frames_is_a_live_input() -> None:
    def a(audio: Iterator[autoui.Audio]) -> str: ...
    def b(sound: Generator[tuple[int, np.ndarray], None, None]) -> str: ...
    def c(speech: Iterable[np.ndarray]) -> str: ...
    def d(frames: Iterator[Image.Image]) -> str: ...
    def e(frames: Iterable[np.ndarray]) -> str: ...
    async def f(audio: AsyncIterator[autoui.Audio]) -> str: ...

    assert {k: live(a)[k] for k in ("param", "kind", "type")} == {
        "param": "audio", "kind": "audio", "type": "numpy"
    }
    assert (live(b)["kind"], live(b)["type"]) == ("audio", "numpy")
    assert (live(c)["kind"], live(c)["type"]) == ("audio", "samples")  # by its name
    assert (live(d)["kind"], live(d)["type"], live(d)["policy"]) == ("video", "pil", "latest")
    assert (live(e)["kind"], live(e)["type"]) == ("video", "numpy")
    assert live(f)["policy"] == "coalesce"
    assert introspect(f).live_input.component.protocol == "async"  # type: ignore[union-attr]


def test_settings_come_from_annotated_and_the_rest_is_inferred() -> None:
    def mic(x: Annotated[Iterator[np.ndarray], autoui.Microphone(rate=8000, max_lag=1)]) -> str:
        ...

    def cam(x: Annotated[Iterator[np.ndarray], autoui.Webcam(fps=30, policy="all")]) -> str:
        ...

    assert {k: live(mic)[k] for k in ("kind", "rate", "max_lag", "type", "chunk_ms")} == {
        "kind": "audio", "rate": 8000, "max_lag": 1, "type": "samples", "chunk_ms": 100
    }
    assert {k: live(cam)[k] for k in ("kind", "fps", "policy", "type")} == {
        "kind": "video", "fps": 30, "policy": "all", "type": "numpy"
    }


def test_other_iterables_keep_their_old_meaning() -> None:
    def texts(words: Iterable[str]) -> str: ...
    def pictures(images: list[Image.Image]) -> str: ...

    assert introspect(texts).live_input is None
    assert introspect(pictures).inputs[0].component.kind == "gallery"


def test_a_live_input_is_required_yet_may_be_left_out_of_a_job() -> None:
    def tuner(audio: Iterator[autoui.Audio], label: str = "x") -> str: ...

    param = introspect(tuner).input("audio")
    assert param.required  # a caller that cannot stream must send a file
    assert param.default is LIVE  # absent from a job's data: the chunks come live
    assert param.to_json()["default"] is None and param.to_json()["component"] == "microphone"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "def f(a: Iterator[autoui.Audio], b: Iterator[Image.Image]) -> str: ...",
            "a and b are both live inputs",
        ),
        (
            "async def f(a: Iterator[autoui.Audio]) -> str: ...",
            "annotate it AsyncIterator",
        ),
        ("def f(a: AsyncIterator[autoui.Audio]) -> str: ...", "needs an async def function"),
        (
            "@autoui.batch\ndef f(a: list[Iterator[autoui.Audio]]) -> list[str]: ...",
            "a batch function cannot take a live input",
        ),
    ],
)
def test_whole_function_rules_are_clear_errors(source: str, message: str) -> None:
    scope: dict[str, Any] = {
        "Iterator": Iterator, "AsyncIterator": AsyncIterator, "autoui": autoui, "Image": Image
    }
    exec(source, scope)  # noqa: S102 - a function defined from the parametrized source
    with pytest.raises(SpecError, match=message):
        introspect(scope["f"])


def test_bad_settings_name_the_setting() -> None:
    with pytest.raises(ValueError, match="policy='latest'"):
        autoui.Microphone(policy="latest")
    with pytest.raises(ValueError, match="rate=5"):
        autoui.Microphone(rate=5)
    with pytest.raises(ValueError, match="fps=0"):
        autoui.Webcam(fps=0)


def test_a_whole_wav_is_cut_into_chunks_at_the_inputs_rate(tmp_path: Path) -> None:
    t = np.arange(44100) / 44100
    stereo = np.stack([np.sin(2 * np.pi * 440 * t)] * 2, axis=1) * 0.5
    path = tmp_path / "tone.wav"
    path.write_bytes(write_wav(44100, stereo))
    mic = autoui.Microphone(rate=16000, chunk_ms=100)
    chunks = list(mic.preprocess({"path": str(path)}, LocalFiles(tmp_path)))
    assert len(chunks) == 10 and all(rate == 16000 for rate, _ in chunks)
    pcm = np.concatenate([c for _, c in chunks])
    assert pcm.dtype == np.int16 and pcm.ndim == 1 and abs(pcm.size - 16000) <= 1
    spectrum = np.abs(np.fft.rfft(pcm.astype(float)))
    assert abs(np.argmax(spectrum) * 16000 / pcm.size - 440) < 2  # the same tone, resampled


def frames_file(tmp_path: Path, name: str, colours: list[tuple[int, int, int]]) -> Path:
    images = [Image.new("RGB", (16, 12), c) for c in colours]
    path = tmp_path / name
    if name.endswith(".mjpeg"):
        parts = []
        for image in images:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=95)
            parts.append(buffer.getvalue())
        path.write_bytes(b"".join(parts))
    else:
        images[0].save(path, save_all=True, append_images=images[1:], duration=100)
    return path


@pytest.mark.parametrize("name", ["clip.gif", "clip.mjpeg", "still.png"])
def test_an_image_animation_or_mjpeg_is_cut_into_frames(tmp_path: Path, name: str) -> None:
    colours = [(250, 0, 0), (0, 250, 0), (0, 0, 250)][: 1 if name == "still.png" else 3]
    path = frames_file(tmp_path, name, colours)
    frames = list(autoui.Webcam().preprocess({"path": str(path)}, LocalFiles(tmp_path)))
    assert len(frames) == len(colours)
    for frame, colour in zip(frames, colours, strict=True):
        assert frame.mode == "RGB"
        assert np.abs(np.array(frame.getpixel((8, 6))) - colour).max() < 20


def test_a_file_that_is_no_image_is_refused_when_decoded(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(ValidationError, match="MJPEG"):
        autoui.Webcam().preprocess({"path": str(path)}, LocalFiles(tmp_path))
