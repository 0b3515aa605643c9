"""What a sender has → the wire chunks of a live input (``autoui.streaming.chunks``).

The terminal and the clients send these chunks to the same server code the browser's
capture feeds, so each form is checked by decoding it as the server does.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from autoui.errors import ValidationError
from autoui.streaming.chunks import chunk_seconds, chunks_of, mjpeg_stream, paced, pcm_stream
from autoui.wire import WireLive

MIC = WireLive(param="audio", kind="audio", policy="coalesce", rate=16000, chunk_ms=100)
CAM = WireLive(param="frames", kind="video", policy="latest", fps=10.0)


def tone(hz: float, seconds: float, rate: int) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (np.sin(2 * np.pi * hz * t) * 9000).astype(np.int16)


def wav_bytes(samples: np.ndarray, rate: int, channels: int = 1) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (32, 24)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def peak_hz(pcm: bytes, rate: int) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.argmax(spectrum)) * rate / samples.size


def test_a_wav_file_becomes_chunk_ms_pieces_at_the_inputs_rate(tmp_path: Path) -> None:
    path = tmp_path / "a4.wav"
    path.write_bytes(wav_bytes(tone(440, 1.0, 44100), 44100))
    chunks = list(chunks_of(path, MIC))
    assert [len(c) for c in chunks] == [3200] * 10  # 100 ms of 16 kHz int16 each
    assert abs(peak_hz(b"".join(chunks), 16000) - 440) < 2  # resampled, same pitch


def test_raw_pcm_bytes_are_cut_and_wav_bytes_are_read() -> None:
    pcm = tone(440, 0.25, 16000)
    assert [len(c) for c in chunks_of(pcm.tobytes(), MIC)] == [3200, 3200, 1600]
    chunks = list(chunks_of(wav_bytes(pcm, 16000), MIC))
    assert b"".join(chunks) == pcm.tobytes()  # the header is not audio


def test_an_iterable_is_converted_item_by_item_as_it_is_taken() -> None:
    taken: list[int] = []

    def source():  # a live source: nothing is read ahead
        for index in range(3):
            taken.append(index)
            yield tone(440, 0.1, 16000) if index != 1 else (8000, tone(440, 0.1, 8000))

    chunks = chunks_of(source(), MIC)
    assert taken == []
    assert len(next(chunks)) == 3200 and taken == [0]
    assert len(next(chunks)) == 3200  # (8000, samples) resampled to the input's 16 kHz
    assert len(list(chunks)) == 1


def test_bad_audio_items_are_refused_when_taken() -> None:
    with pytest.raises(ValidationError, match="multiple of 2"):
        list(chunks_of([b"\x00\x01\x02"], MIC))
    with pytest.raises(ValidationError, match="got str"):
        list(chunks_of(["loud"], MIC))
    with pytest.raises(ValidationError, match="does not exist"):
        chunks_of("no-such.wav", MIC)


def test_frames_from_images_arrays_and_mjpeg() -> None:
    red, blue = jpeg((255, 0, 0)), jpeg((0, 0, 255))
    assert list(chunks_of(red + blue, CAM)) == [red, blue]  # an MJPEG stream, split
    items = [Image.new("RGB", (8, 6), (0, 255, 0)), np.zeros((6, 8, 3), np.uint8), red]
    chunks = list(chunks_of(items, CAM))
    assert chunks[2] == red
    colours = [Image.open(io.BytesIO(c)).convert("RGB").getpixel((4, 3)) for c in chunks]
    assert colours[0][1] > 240 and max(colours[1]) < 10


def test_image_files_give_their_frames_as_jpeg(tmp_path: Path) -> None:
    gif = tmp_path / "two.gif"
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(gif, save_all=True, append_images=frames[1:])
    chunks = list(chunks_of(gif, CAM))
    assert len(chunks) == 2 and all(c[:2] == b"\xff\xd8" for c in chunks)
    clip = tmp_path / "clip.mjpeg"
    clip.write_bytes(jpeg((1, 2, 3)) * 3)
    assert len(list(chunks_of(clip, CAM))) == 3


def test_a_pcm_stream_in_another_format_is_converted() -> None:
    stereo = np.stack([tone(440, 0.5, 48000)] * 2, axis=1)
    stream = io.BytesIO(stereo.astype("<i2").tobytes())
    chunks = list(pcm_stream(stream.read, MIC, rate=48000, channels=2))
    assert sum(len(c) for c in chunks) == 16000  # 0.5 s of 16 kHz mono
    assert abs(peak_hz(b"".join(chunks), 16000) - 440) < 3


def test_a_wav_stream_says_its_own_format() -> None:
    stream = io.BytesIO(wav_bytes(tone(440, 0.2, 8000), 8000))
    chunks = list(pcm_stream(stream.read, MIC, rate=16000, channels=1))
    assert sum(len(c) for c in chunks) == 6400  # 0.2 s, read as 8 kHz, sent at 16 kHz
    eight_bit = wav_bytes(tone(440, 0.1, 8000), 8000).replace(b"\x10\x00data", b"\x08\x00data")
    with pytest.raises(ValidationError, match="16-bit PCM"):
        pcm_stream(io.BytesIO(eight_bit).read, MIC)


def test_an_mjpeg_stream_is_split_as_it_arrives() -> None:
    red = jpeg((255, 0, 0))
    data = io.BytesIO(b"junk" + red + red)
    frames = mjpeg_stream(lambda n: data.read(min(n, 100)))  # trickles in, 100 bytes at a time
    assert list(frames) == [red, red]


def test_paced_plays_chunks_at_one_x_without_drift() -> None:
    now = [0.0]
    sent: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    chunks = [b"\x00" * 3200] * 5  # 5 × 100 ms
    for _ in paced(chunks, MIC, clock=lambda: now[0], sleep=sleep):
        sent.append(now[0])
        now[0] += 0.03  # the sender's own time does not add up
    assert sent == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])
    assert now[0] == pytest.approx(0.5)  # ends once the last chunk has played
    assert chunk_seconds(b"frame", CAM) == pytest.approx(0.1)
