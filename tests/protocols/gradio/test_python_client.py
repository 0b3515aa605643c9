"""The official ``gradio_client`` (pinned in the test extra) against ``autoui serve``, unchanged.

Text, numbers and choices, images in and out, files, streaming generators, progress,
errors (``autoui.Error``'s message in the client's ``AppError``), input validation,
cancel and ``view_api()``; and the security rules: the upload route answers opaque
references, and a payload naming a server path or a URL is refused (never fetched).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from protocol_harness import PASSWORD, USER, wait_for

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.exceptions import AppError, AuthenticationError, ValidationError  # noqa: E402
from gradio_client.utils import Status  # noqa: E402

pytestmark = pytest.mark.timeout(120)


def _client(url: str, tmp_path: Path) -> Any:
    return Client(url + "/", verbose=False, download_files=str(tmp_path))


def _png(path: Path, colour: tuple[int, int, int]) -> Path:
    from PIL import Image

    Image.new("RGB", (8, 6), colour).save(path)
    return path


def test_view_api_lists_every_function_with_its_parameters(
    apps: dict[str, str], tmp_path: Path
) -> None:
    api = _client(apps["calculator"], tmp_path).view_api(return_format="dict", print_info=False)
    endpoint = api["named_endpoints"]["/calculate"]
    assert [p["parameter_name"] for p in endpoint["parameters"]] == ["a", "op", "b"]
    assert all(not p["parameter_has_default"] for p in endpoint["parameters"])
    text = _client(apps["hello"], tmp_path).view_api(return_format="str", print_info=False)
    assert 'predict(name, excited, api_name="/greet")' in text


def test_text_numbers_and_choices(apps: dict[str, str], tmp_path: Path) -> None:
    hello = _client(apps["hello"], tmp_path)
    assert hello.predict("Ada", True, api_name="/greet") == "Hello, Ada!"
    assert hello.predict(name="Grace", api_name="/greet") == "Hello, Grace."
    calculator = _client(apps["calculator"], tmp_path)
    assert calculator.predict(6, "×", 7, api_name="/calculate") == 42


def test_errors_reach_the_client(apps: dict[str, str], tmp_path: Path) -> None:
    calculator = _client(apps["calculator"], tmp_path)
    with pytest.raises(AppError, match="cannot divide by zero: pick another b"):
        calculator.predict(1, "÷", 0, api_name="/calculate")
    with pytest.raises(ValidationError, match="a: expected a number"):
        calculator.predict("seven", "+", 1, api_name="/calculate")
    with pytest.raises(ValueError, match="Cannot find a function"):
        calculator.predict(1, api_name="/nope")


def test_images_in_and_out(apps: dict[str, str], tmp_path: Path) -> None:
    from PIL import Image

    blue = _png(tmp_path / "blue.png", (0, 0, 255))
    toned = _client(apps["sepia"], tmp_path).predict(handle_file(str(blue)), 1.0, api_name="/sepia")
    picture = Image.open(toned).convert("RGB")
    red, green, bluish = picture.getpixel((0, 0))
    assert picture.size == (8, 6) and red > green > bluish
    sky = _png(tmp_path / "sky.png", (20, 60, 200))
    label = _client(apps["classifier"], tmp_path).predict(
        handle_file(str(sky)), api_name="/classify"
    )
    assert label["label"] == "sky or sea"
    assert abs(sum(c["confidence"] for c in label["confidences"]) - 1) < 1e-6


def test_files_in(apps: dict[str, str], tmp_path: Path) -> None:
    document = tmp_path / "notes.txt"
    document.write_bytes(b"0123456789")
    assert (
        _client(apps["fns"], tmp_path).predict(handle_file(str(document)), api_name="/file_size")
        == 10
    )


def test_a_streaming_generator(apps: dict[str, str], tmp_path: Path) -> None:
    job = _client(apps["counter"], tmp_path).submit(up_to=4, delay=0.05, api_name="/count")
    seen = list(job)
    assert seen[-1] == "1 2 3 4" and seen == sorted(seen, key=len)
    assert job.outputs()[-1] == job.result() == "1 2 3 4"
    assert job.status().code == Status.FINISHED


def test_an_append_stream_arrives_as_the_text_so_far(apps: dict[str, str], tmp_path: Path) -> None:
    words = "one two three four"
    job = _client(apps["tokens"], tmp_path).submit(words, 0, api_name="/reply")
    seen = list(job)  # the adapter sends what was appended; the client joins it again
    assert seen == ["one", "one two", "one two three", "one two three four"]
    assert job.result() == words


def test_progress_and_queue_status(apps: dict[str, str], tmp_path: Path) -> None:
    # The client keeps only its latest status, so it is sampled; 8 loaves report for ~1.6 s.
    job = _client(apps["progress_demo"], tmp_path).submit(loaves=8, api_name="/bake")
    progress: list[Any] = []
    deadline = time.monotonic() + 30
    while not job.done() and time.monotonic() < deadline:
        status = job.status()
        if status.progress_data:
            progress.append(status.progress_data[0])
        time.sleep(0.01)
    assert job.result() == "8 loaves, golden brown"
    assert any(unit.desc == "baking" and unit.length == 8 for unit in progress), progress


def test_cancel_stops_the_generator(
    apps: dict[str, str], tmp_path: Path, gradio_markers: Path
) -> None:
    client = _client(apps["fns"], tmp_path)
    job = client.submit("py-cancel", 400, api_name="/guarded")
    deadline = time.monotonic() + 20
    while not job.outputs() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert job.outputs(), "the generator never yielded"
    assert job.cancel()
    assert wait_for(gradio_markers / "py-cancel.closed"), "the generator's finally did not run"
    assert client.predict("after", 1, api_name="/guarded") == 0  # its slot is free again


def test_uploads_answer_references_not_server_paths(apps: dict[str, str]) -> None:
    reply = httpx.post(apps["fns"] + "/gradio_api/upload", files={"files": ("a b.txt", b"abc")})
    (reference,) = reply.json()
    assert not reference.startswith("/") and reference.endswith("/a b.txt")
    served = httpx.get(apps["fns"] + "/gradio_api/file=" + reference)
    assert served.content == b"abc"
    for sneaky in ("../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", reference + "x"):
        assert httpx.get(apps["fns"] + "/gradio_api/file=" + sneaky).status_code == 404, sneaky


@pytest.mark.parametrize(
    "document",
    [
        {"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}},
        {
            "path": "http://127.0.0.1:9/x.txt",
            "url": "http://127.0.0.1:9/x.txt",
            "meta": {"_type": "gradio.FileData"},
        },
        "/etc/passwd",
    ],
)
def test_server_paths_and_urls_are_refused(apps: dict[str, str], document: Any) -> None:
    body = {"data": [document], "fn_index": 10, "session_hash": "refused-1234"}
    reply = httpx.post(apps["fns"] + "/gradio_api/queue/join", json=body)
    assert reply.status_code == 422
    (check,) = reply.json()["detail"]
    assert check["__type__"] == "validate" and check["parameter_name"] == "document"


def test_a_url_file_is_refused_by_the_client_too(apps: dict[str, str], tmp_path: Path) -> None:
    client = _client(apps["fns"], tmp_path)
    with pytest.raises(ValidationError, match="document: .*no URL is fetched"):
        client.predict(handle_file("http://127.0.0.1:9/x.txt"), api_name="/file_size")


def test_no_gradio_api_turns_the_routes_off() -> None:
    from protocol_harness import FNS
    from serving import Server

    with Server(FNS, "--no-gradio-api") as server:
        assert httpx.get(server.url + "/config").status_code == 404
        assert httpx.get(server.url + "/gradio_api/info").status_code == 404
        assert httpx.get(server.url + "/api/spec").status_code == 200


def test_auth_with_the_clients_own_login(apps: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(AuthenticationError):
        Client(apps["auth"] + "/", verbose=False)
    with pytest.raises(AuthenticationError):
        Client(apps["auth"] + "/", auth=(USER, "wrong"), verbose=False)
    client = Client(apps["auth"] + "/", auth=(USER, PASSWORD), verbose=False)
    assert client.predict("Ada", True, api_name="/greet") == "Hello, Ada!"


def test_no_return_hint_answers_the_kind_each_value_was(
    apps: dict[str, str], tmp_path: Path
) -> None:
    """An unhinted function: a picture comes down as a file, a dict as the dict."""
    from PIL import Image

    client = _client(apps["no_hints"], tmp_path)
    picture = client.predict("picture", api_name="/show")
    assert Image.open(picture).convert("RGB").getpixel((0, 0)) == (200, 30, 30)
    assert client.predict("stats", api_name="/show") == {"mean": 2.5, "max": 4.0}
    assert client.predict("text", api_name="/show") == "hello"
    streamed = list(client.submit(api_name="/steps"))
    assert streamed[0] == "thinking" and streamed[-1] == {"done": True}
