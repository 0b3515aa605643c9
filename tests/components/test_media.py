from __future__ import annotations

import io
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image as PILImage

from autoui.components import Audio, Image, Video
from autoui.components.wav import read_wav, write_wav
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

from .conftest import png_bytes

Upload = Callable[..., dict[str, Any]]


def read_output_image(payload: dict[str, Any]) -> PILImage.Image:
    image = PILImage.open(payload["path"])
    image.load()
    return image


# -- image inputs --------------------------------------------------------------------------
def test_image_numpy_is_hxwx3_uint8(files: LocalFiles, upload: Upload) -> None:
    array = Image().preprocess(upload(png_bytes(4, 3, "RGBA", (1, 2, 3, 128)), "x.png"), files)
    assert array.shape == (3, 4, 3) and array.dtype == np.uint8
    assert array[0, 0].tolist() == [1, 2, 3]


def test_image_pil_and_paths(files: LocalFiles, upload: Upload) -> None:
    payload = upload(png_bytes(), "x.png")
    assert Image(type="pil").preprocess(payload, files).size == (4, 3)
    assert isinstance(Image(type="filepath").preprocess(payload, files), str)
    assert isinstance(Image(type="path").preprocess(payload, files), Path)
    assert Image(type="pil", image_mode="L").preprocess(payload, files).mode == "L"


def test_image_from_a_data_url(files: LocalFiles) -> None:
    array = Image().preprocess(Image().example_payload(), files)
    assert array.shape == (1, 1, 3)


def test_not_an_image_is_a_clear_error(files: LocalFiles, upload: Upload) -> None:
    with pytest.raises(ValidationError, match="expected an image file"):
        Image().preprocess(upload(b"plain text", "x.png"), files)


def test_decompression_bombs_are_refused_before_decoding(
    files: LocalFiles, upload: Upload, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError, match=r"image is too large: 12×12 pixels, at most 100"):
        Image().preprocess(upload(png_bytes(12, 12), "big.png"), files)
    with pytest.raises(ValidationError, match=r"image is too large: at most 100 pixels"):
        Image().preprocess(upload(png_bytes(40, 40), "huge.png"), files)


def test_exif_orientation_is_applied(files: LocalFiles, upload: Upload) -> None:
    image = PILImage.new("RGB", (4, 2))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    assert Image(type="pil").preprocess(upload(buffer.getvalue(), "p.jpg"), files).size == (2, 4)


# -- image outputs ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "mode", "pixel"),
    [
        (np.full((2, 3, 3), 200, np.uint8), "RGB", (200, 200, 200)),
        (np.full((2, 3, 3), 0.5), "RGB", (128, 128, 128)),
        (np.full((2, 3), 10, np.uint8), "L", 10),
        (np.full((2, 3, 1), 10, np.uint8), "L", 10),
        (np.full((2, 3, 4), 255, np.uint8), "RGBA", (255, 255, 255, 255)),
        (np.ones((2, 3), bool), "L", 255),
        (np.full((3, 2, 3), 7, np.uint8).transpose(2, 0, 1), "RGB", (7, 7, 7)),
        (np.full((2, 3, 3), 300, np.int64), "RGB", (255, 255, 255)),
        (np.full((2, 3), 65535, np.uint16), "L", 255),
    ],
)
def test_image_output_from_arrays(
    files: LocalFiles, value: np.ndarray, mode: str, pixel: object
) -> None:
    payload = Image().postprocess(value, files)
    assert payload["mime_type"] == "image/png" and payload["name"].endswith(".png")
    image = read_output_image(payload)
    assert image.mode == mode and image.getpixel((0, 0)) == pixel


def test_image_output_from_pil_path_and_bytes(files: LocalFiles, tmp_path: Path) -> None:
    pil = PILImage.new("RGB", (5, 5), (0, 255, 0))
    assert read_output_image(Image().postprocess(pil, files)).size == (5, 5)
    source = tmp_path / "in.png"
    source.write_bytes(png_bytes())
    assert Image().postprocess(str(source), files)["name"] == "in.png"
    from_bytes = Image().postprocess(png_bytes(), files)
    assert from_bytes["mime_type"] == "image/png"
    assert from_bytes["name"].startswith("image") and from_bytes["name"].endswith(".png")


def test_image_output_jpeg_format(files: LocalFiles) -> None:
    payload = Image(format="jpeg").postprocess(np.zeros((2, 2, 4), np.uint8), files)
    assert payload["mime_type"] == "image/jpeg" and payload["name"].endswith(".jpg")
    assert read_output_image(payload).format == "JPEG"


@pytest.mark.parametrize(
    ("value", "message"),
    [(np.zeros((2, 2, 5)), "shape"), (np.zeros(4), "shape"), (42, "expected an image")],
)
def test_image_output_errors(files: LocalFiles, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Image().postprocess(value, files)


# -- audio -------------------------------------------------------------------------------
def wav_bytes(samples: np.ndarray, rate: int = 8000) -> bytes:
    return write_wav(rate, samples)


def test_audio_numpy_gives_rate_and_samples(files: LocalFiles, upload: Upload) -> None:
    samples = np.array([0, 100, -100, 32767], np.int16)
    rate, got = Audio().preprocess(upload(wav_bytes(samples), "a.wav"), files)
    assert rate == 8000 and got.dtype == np.int16 and got.tolist() == samples.tolist()


def test_audio_samples_type_gives_the_array(files: LocalFiles, upload: Upload) -> None:
    stereo = np.array([[1, 2], [3, 4], [5, 6]], np.int16)
    got = Audio(type="samples").preprocess(upload(wav_bytes(stereo), "a.wav"), files)
    assert got.shape == (3, 2) and got.tolist() == stereo.tolist()


def test_audio_bytes_and_paths(files: LocalFiles, upload: Upload) -> None:
    data = wav_bytes(np.zeros(4, np.int16))
    assert Audio(type="bytes").preprocess(upload(data, "a.wav"), files) == data
    assert Path(Audio(type="filepath").preprocess(upload(data, "a.wav"), files)).is_file()


def test_audio_rejects_non_wav(files: LocalFiles, upload: Upload) -> None:
    with pytest.raises(ValidationError, match="expected a WAV file"):
        Audio().preprocess(upload(b"ID3 not a wav", "a.mp3"), files)


def test_audio_reads_24_bit(files: LocalFiles, upload: Upload) -> None:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(3)
        writer.setframerate(16000)
        writer.writeframes(b"\x01\x00\x00" + b"\xff\xff\xff" + b"\x00\x00\x80")
    rate, samples = Audio().preprocess(upload(buffer.getvalue(), "a.wav"), files)
    assert rate == 16000 and samples.tolist() == [1, -1, -(2**23)]


@pytest.mark.parametrize(
    ("samples", "dtype"),
    [
        (np.array([0.0, 0.5, -1.0, 2.0]), np.int16),
        (np.array([1, -2, 3], np.int16), np.int16),
        (np.array([1, -2, 3], np.int32), np.int32),
        (np.array([[0.1, -0.1], [0.2, -0.2]], np.float32), np.int16),
    ],
)
def test_audio_output_writes_wav(files: LocalFiles, samples: np.ndarray, dtype: type) -> None:
    payload = Audio().postprocess((22050, samples), files)
    assert payload["mime_type"] == "audio/wav"
    rate, read = read_wav(Path(payload["path"]))
    assert rate == 22050 and read.dtype == dtype and read.shape == samples.shape
    if samples.dtype.kind == "f":
        expected = np.rint(np.clip(samples, -1, 1) * 32767).astype(np.int16)
        assert read.tolist() == expected.tolist()


def test_audio_output_accepts_reversed_pair_and_bare_samples_with_rate(files: LocalFiles) -> None:
    samples = np.zeros(10, np.int16)
    assert Audio().postprocess((samples, 8000), files)["mime_type"] == "audio/wav"
    rate, _ = read_wav(Path(Audio(sample_rate=16000).postprocess(samples, files)["path"]))
    assert rate == 16000
    with pytest.raises(ValidationError, match="sample_rate"):
        Audio().postprocess(samples, files)


@pytest.mark.parametrize("rate", [0, -5, 2.5, "44100", True])
def test_audio_output_rejects_bad_rates(files: LocalFiles, rate: object) -> None:
    with pytest.raises(ValidationError, match="sample rate"):
        Audio().postprocess((rate, np.zeros(3)), files)


# -- video --------------------------------------------------------------------------------
def test_video_round_trip(files: LocalFiles, upload: Upload, tmp_path: Path) -> None:
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16
    assert Video().preprocess(upload(mp4, "clip.mp4"), files).endswith("clip.mp4")
    payload = Video().postprocess(mp4, files)
    assert payload["mime_type"] == "video/mp4" and payload["name"] == "video.mp4"
    with pytest.raises(ValidationError, match="expected a video"):
        Video().postprocess(12, files)


def test_animated_images_give_their_first_frame(files: LocalFiles, upload: Upload) -> None:
    frames = [PILImage.new("RGB", (3, 2), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    payload = upload(buffer.getvalue(), "anim.gif")
    array = Image().preprocess(payload, files)
    assert array.shape == (2, 3, 3) and array[0, 0].tolist() == [255, 0, 0]
    pil = Image(type="pil", image_mode=None).preprocess(payload, files)
    assert pil.size == (3, 2) and getattr(pil, "fp", None) is None
