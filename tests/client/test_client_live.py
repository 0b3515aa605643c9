"""autoui.Client against a real ``autoui serve`` process over real HTTP."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from client_harness import CuttingProxy
from PIL import Image
from serving import free_port

from autoui import Client, ClientError
from autoui.events import (
    Alert,
    Cancelled,
    Complete,
    Failed,
    Output,
    ProgressUpdate,
    Queued,
    Started,
)


@pytest.fixture(scope="module")
def client(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> Client:
    with Client(demo_url, download_dir=tmp_path_factory.mktemp("downloads")) as client:
        yield client  # type: ignore[misc]


def test_predict_returns_the_value(client: Client) -> None:
    assert client.predict("echo", "hi") == "hi"
    assert client.predict("echo", text="héllo ✓") == "héllo ✓"


def test_streaming_job_events_in_order(client: Client) -> None:
    job = client.submit("count", n=4, delay=0.02)
    events = list(job)
    kinds = [type(e) for e in events]
    assert kinds[0] in (Queued, Started)
    assert Started in kinds and kinds[-1] is Complete
    assert [e.data for e in events if isinstance(e, Output)] == [[1], [2], [3], [4]]
    alerts = [(e.level, e.message) for e in events if isinstance(e, Alert)]
    assert alerts == [("info", "counting"), ("warning", "done counting")]
    progress = [e for e in events if isinstance(e, ProgressUpdate)]
    assert progress and progress[-1].progress == 1.0 and progress[-1].total == 4
    assert job.result(timeout=30) == 4
    assert job.outputs() == [1, 2, 3, 4]
    status = job.status()
    assert status.state == "complete" and status.outputs == 4 and len(status.alerts) == 2


def test_iterating_twice_replays_from_the_start(client: Client) -> None:
    job = client.submit("count", n=2, delay=0.0)
    first = list(job)
    assert list(job) == first


def test_user_error_keeps_its_message(client: Client) -> None:
    with pytest.raises(ClientError) as info:
        client.predict("fail", "no face found")
    assert (info.value.message, info.value.type) == ("no face found", "Error")
    job = client.submit("fail", "again")
    assert isinstance(list(job)[-1], Failed)
    with pytest.raises(ClientError, match="again"):
        job.result(timeout=30)
    assert job.status().state == "error"


def test_unexpected_exception_hides_its_details(client: Client) -> None:
    with pytest.raises(ClientError) as info:
        client.predict("crash", 7)
    assert info.value.type == "RuntimeError"
    assert "secret" not in str(info.value)


def test_invalid_input_names_the_parameter(client: Client) -> None:
    with pytest.raises(ClientError) as info:
        client.predict("next_day", "not a date")
    assert (info.value.param, info.value.status) == ("day", 422)
    assert "date" in info.value.message and str(info.value).startswith("day: ")


def test_argument_mistakes_send_nothing(demo_url: str) -> None:
    proxy = CuttingProxy(int(demo_url.rsplit(":", 1)[1]))
    try:
        with Client(proxy.url) as client:
            sent = len(proxy.requests)
            with pytest.raises(ClientError, match="no parameter 'txt'") as info:
                client.predict("echo", txt="hi")
            assert info.value.param == "txt"
            with pytest.raises(ClientError, match="missing the required parameter 'text'"):
                client.submit("echo")
            with pytest.raises(ClientError, match="no function 'ecko'; its functions are: echo"):
                client.predict("ecko", "hi")
            assert len(proxy.requests) == sent
    finally:
        proxy.close()


def test_dates_and_labels_come_back_as_python_values(client: Client) -> None:
    assert client.predict("next_day", dt.date(2024, 2, 28)) == dt.date(2024, 2, 29)
    assert client.predict("scores", "hello") == {"long": 0.8, "short": 0.2}


def test_images_both_ways(client: Client, tmp_path: Path) -> None:
    picture = Image.new("RGB", (6, 4), (10, 20, 30))
    out = client.predict("invert", picture)
    assert isinstance(out, Image.Image)
    assert out.size == (6, 4) and out.getpixel((0, 0)) == (245, 235, 225)
    array = np.zeros((3, 5, 3), dtype=np.uint8)
    assert client.predict("invert", array).getpixel((4, 2)) == (255, 255, 255)
    saved = tmp_path / "in.png"
    picture.save(saved)
    assert client.predict("invert", saved).getpixel((5, 3)) == (245, 235, 225)
    assert client.predict("invert", saved.read_bytes()).size == (6, 4)


def test_image_type_numpy_and_path(demo_url: str, tmp_path: Path) -> None:
    picture = Image.new("RGB", (2, 2), "black")
    with Client(demo_url, image_type="numpy", download_dir=tmp_path) as client:
        array = client.predict("invert", picture)
        assert array.shape == (2, 2, 3) and int(array[0, 0, 0]) == 255
    with Client(demo_url, image_type="path", download_dir=tmp_path) as client:
        path = client.predict("invert", picture)
        assert isinstance(path, Path) and path.is_relative_to(tmp_path)
        assert Image.open(path).getpixel((0, 0)) == (255, 255, 255)


def test_files_both_ways(client: Client, tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("quiet words")
    loud, size = client.predict("shout", str(doc))
    assert isinstance(loud, Path) and loud.read_text() == "QUIET WORDS" and size == 11
    assert loud.name == "loud-note.txt"
    with pytest.raises(ClientError, match="no such file") as info:
        client.predict("shout", tmp_path / "missing.txt")
    assert info.value.param == "doc"


def test_gallery_and_audio(client: Client) -> None:
    import wave

    gallery = client.predict("frames", 3)
    assert [image.getpixel((0, 0)) for image in gallery] == [(0, 0, 0), (40, 40, 40), (80, 80, 80)]
    samples = (np.sin(np.linspace(0, 60, 4000)) * 0.25).astype(np.float32)
    louder = client.predict("louder", (8000, samples))
    assert isinstance(louder, Path) and louder.suffix == ".wav"
    with wave.open(str(louder)) as clip:
        assert (clip.getframerate(), clip.getnframes()) == (8000, 4000)
        peak = np.abs(np.frombuffer(clip.readframes(4000), dtype="<i2")).max()
    assert 16000 < peak <= 16384  # 0.25 of full scale, doubled


def test_cancel_a_queued_job_and_a_running_generator(client: Client) -> None:
    blocker = client.submit("nap", 1.0)
    queued = client.submit("nap", 0.1)
    assert queued.cancel() is True
    assert isinstance(list(queued)[-1], Cancelled)
    with pytest.raises(ClientError, match="cancelled") as info:
        queued.result(timeout=30)
    assert info.value.type == "Cancelled" and queued.status().state == "cancelled"
    assert blocker.result(timeout=30) == "rested"

    counting = client.submit("count", n=200, delay=0.05)
    for event in counting.events(timeout=30):
        if isinstance(event, Output):
            break
    assert counting.cancel() is True
    assert counting.wait(timeout=30)
    assert counting.status().state == "cancelled"
    assert 1 <= len(counting.outputs()) < 200


def test_result_timeout_leaves_the_job_running(client: Client) -> None:
    job = client.submit("nap", 0.6)
    with pytest.raises(TimeoutError):
        job.result(timeout=0.05)
    assert job.result(timeout=30) == "rested"


def test_interrupted_stream_resumes_with_last_event_id(demo_url: str) -> None:
    proxy = CuttingProxy(int(demo_url.rsplit(":", 1)[1]))
    try:
        with Client(proxy.url) as client:
            job = client.submit("count", n=8, delay=0.1)
            events = job.events(timeout=30)
            first = next(e for e in events if isinstance(e, Output))
            proxy.cut()
            assert job.result(timeout=30) == 8
            assert [first.data[0], *(e.data[0] for e in events if isinstance(e, Output))] == [
                1, 2, 3, 4, 5, 6, 7, 8
            ]  # fmt: skip
            assert job.outputs() == [1, 2, 3, 4, 5, 6, 7, 8]
        resumed = [r for r in proxy.requests if "/events" in r and "last-event-id:" in r.lower()]
        assert resumed, "the client did not come back with Last-Event-ID"
    finally:
        proxy.close()


def test_view_api_lists_functions_and_parameters(
    client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    client.view_api()
    text = capsys.readouterr().out
    assert "count(n=3, delay=0.05)" in text and "invert(image)" in text
    assert "pass PIL image, ndarray, Path, str path or bytes" in text
    assert repr(client) == text.rstrip("\n")


def test_unreachable_server_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    expected = "cannot reach an autoui server at .*Connection refused.*`autoui serve`"
    with pytest.raises(ClientError, match=expected):
        Client(url)


def test_auth(auth_url: str) -> None:
    with pytest.raises(ClientError, match="pass auth=") as info:
        Client(auth_url)
    assert info.value.status == 401
    with pytest.raises(ClientError, match="refused"):
        Client(auth_url, auth=("ada", "wrong"))
    with Client(auth_url, auth=("ada", "lovelace")) as client:
        assert client.predict("echo", "in") == "in"
        events = list(client.submit("echo", "job"))
        assert isinstance(events[-1], Complete) and events[-1].data == ["job"]


def test_import_stays_light() -> None:
    code = (
        "import sys, autoui.client; "
        "print(sorted(m for m in ('numpy', 'PIL', 'fastapi', 'uvicorn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
