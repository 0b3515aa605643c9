"""Every sample in ``samples/``, served by a real ``autoui serve`` and called with the client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from serving import Server

from autoui import Client, ClientError
from autoui.events import Alert, Complete, Output, ProgressUpdate

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SampleClient = Callable[[str], Client]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleClient]:
    """``sample("hello")``: a client of that sample's server (all started at once)."""
    servers = {p.stem: Server(p).spawn() for p in sorted(SAMPLES.glob("*.py"))}
    clients: dict[str, Client] = {}
    try:

        def get(name: str) -> Client:
            if name not in clients:
                url = servers[name].wait_ready().url
                folder = tmp_path_factory.mktemp(name)
                clients[name] = Client(url, download_dir=folder)
            return clients[name]

        yield get
    finally:
        for client in clients.values():
            client.close()
        for server in servers.values():
            server.stop()


def test_every_sample_is_covered_here() -> None:
    tested = {name[len("test_") :] for name in globals() if name.startswith("test_")}
    assert {p.stem for p in SAMPLES.glob("*.py")} <= tested


def test_hello(sample: SampleClient) -> None:
    client = sample("hello")
    assert client.predict("greet", "Ada", excited=True) == "Hello, Ada!"
    assert client.predict("greet", name="Grace") == "Hello, Grace."
    assert client.spec["functions"][0]["examples"]


def test_alerts(sample: SampleClient) -> None:
    client = sample("alerts")
    job = client.submit("check_password", "abc")
    events = list(job)
    alerts = {(e.level, e.message) for e in events if isinstance(e, Alert)}
    assert ("warning", "shorter than 8 characters: easy to guess") in alerts
    assert ("info", "tip: mixing upper and lower case helps") in alerts
    assert job.result(timeout=30) in {"very weak", "weak"}
    with pytest.raises(ClientError, match="type a password first") as info:
        client.predict("check_password", "")
    assert info.value.type == "Error"


def test_batch(sample: SampleClient) -> None:
    client = sample("batch")
    jobs = [client.submit("shout", f"hi {i}") for i in range(5)]
    assert [job.result(timeout=60) for job in jobs] == [f"HI {i}!" for i in range(5)]


def test_calculator(sample: SampleClient) -> None:
    client = sample("calculator")
    assert client.predict("calculate", 6, "×", 7) == 42
    with pytest.raises(ClientError, match="cannot divide by zero"):
        client.predict("calculate", a=1, op="÷", b=0)
    with pytest.raises(ClientError) as info:
        client.predict("calculate", 1, "%", 2)
    assert info.value.param == "op" and info.value.status == 422


def test_chat(sample: SampleClient) -> None:
    client = sample("chat")
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hi"}]
    answer = client.predict("reply", "hello", history, style="shout")
    assert answer == "HELLO (message 2 of this chat)"


def test_classifier(sample: SampleClient) -> None:
    client = sample("classifier")
    label = client.predict("classify", Image.new("RGB", (40, 30), (40, 110, 220)))
    assert isinstance(label, dict) and max(label, key=label.__getitem__) == "sky or sea"
    assert sum(label.values()) == pytest.approx(1.0, abs=1e-3)


def test_counter(sample: SampleClient) -> None:
    client = sample("counter")
    job = client.submit("count", up_to=3, delay=0.0)
    streamed = [e.data[0] for e in job if isinstance(e, Output)]
    assert streamed == ["1", "1 2", "1 2 3"]
    assert job.result(timeout=30) == "1 2 3"


def test_tokens(sample: SampleClient) -> None:
    client = sample("tokens")
    job = client.submit("reply", prompt="yield one token", delay=0.0)
    streamed = [e.data[0] for e in job if isinstance(e, Output)]
    assert streamed == ["yield", "yield one", "yield one token"]  # append mode: joined
    assert job.result(timeout=30) == "yield one token"


def test_dataframe_plot(sample: SampleClient) -> None:
    import pandas as pd

    client = sample("dataframe_plot")
    summary = client.predict("describe", pd.DataFrame({"x": [1, 2, 3], "name": ["a", "b", "c"]}))
    assert isinstance(summary, pd.DataFrame)
    assert summary.set_index("column").loc["x", "mean"] == 2
    totals = client.predict("running_total", [[1.0], [2.0], [3.5]])
    assert [row[-1] for row in totals.values.tolist()] == [1.0, 3.0, 6.5]
    with pytest.raises(ClientError, match=r"rows: row 2, column 1: .*valid number") as caught:
        client.predict("running_total", [[1.0], [None]])  # an empty cell of list[list[float]]
    assert caught.value.status == 422
    chart = client.predict("plot_growth", rate_percent=10, years=5)
    assert isinstance(chart, Image.Image) and chart.size[0] > 100


def test_multi_output(sample: SampleClient) -> None:
    client = sample("multi_output")
    assert client.predict("analyse", "a bb ccc") == (3, 8, "ccc")
    assert client.predict("split_name", "Ada King Lovelace") == ("Ada King", "Lovelace")


def test_order_form(sample: SampleClient) -> None:
    client = sample("order_form")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    order = {
        "size": "SMALL",
        "quantity": 2,
        "delivery": tomorrow,
        "extra_cheese": True,
        "address": {"street": "1 Main St", "city": "Paris"},
    }
    text = client.predict("place_order", order)
    assert "2 × small pizza with extra cheese" in text and "1 Main St" in text
    with pytest.raises(ClientError, match="fill in the street"):
        client.predict("place_order", {**order, "address": {"street": " ", "city": "Paris"}})


def test_progress_demo(sample: SampleClient) -> None:
    client = sample("progress_demo")
    job = client.submit("bake", loaves=2)
    updates = [e for e in job if isinstance(e, ProgressUpdate)]
    assert {u.desc for u in updates} >= {"heating the oven", "baking"}
    assert any(u.unit == "loaves" and u.total == 2 for u in updates)
    assert job.result(timeout=30) == "2 loaves, golden brown"
    crunch = client.submit("crunch", numbers=5)
    assert isinstance(list(crunch)[-1], Complete) and crunch.result(timeout=30) == 55
    assert any(isinstance(e, ProgressUpdate) and e.desc == "crunching" for e in crunch)


def test_sepia(sample: SampleClient) -> None:
    client = sample("sepia")
    photo = np.full((4, 4, 3), 100, dtype=np.uint8)
    toned = client.predict("sepia", photo, strength=1.0)
    assert isinstance(toned, Image.Image) and toned.size == (4, 4)
    red, green, blue = toned.getpixel((0, 0))
    assert red > green > blue
    assert np.asarray(client.predict("sepia", photo, strength=0.0))[0, 0].tolist() == [100] * 3


def _wav(tmp_path: Path, name: str, pcm: np.ndarray, rate: int) -> Path:
    from autoui.components.wav import write_wav

    path = tmp_path / name
    path.write_bytes(write_wav(rate, pcm))
    return path


def test_tuner(sample: SampleClient, tmp_path: Path) -> None:
    t = np.arange(16000) / 16000
    wav = _wav(tmp_path, "a4.wav", (np.sin(2 * np.pi * 440 * t) * 9000).astype(np.int16), 16000)
    assert sample("tuner").predict("tuner", wav) == "A4 440 Hz"  # a whole file is a stream


def test_dtmf(sample: SampleClient, tmp_path: Path) -> None:
    t = np.arange(1200) / 8000
    tones = [np.sin(2 * np.pi * 697 * t) + np.sin(2 * np.pi * f * t) for f in (1209, 1336)]
    gap = np.zeros(800)
    pcm = np.concatenate([tones[0], gap, tones[1], gap]) * 6000
    wav = _wav(tmp_path, "12.wav", pcm.astype(np.int16), 8000)
    assert sample("dtmf").predict("dtmf", wav) == "1 2"


def test_webcam_filter(sample: SampleClient) -> None:
    out = sample("webcam_filter").predict("webcam_filter", Image.new("RGB", (32, 24), (255, 0, 0)))
    assert isinstance(out, Image.Image)
    r, g, b = out.convert("RGB").getpixel((16, 12))
    assert r < 20 and g > 235 and b > 235


def test_entities(sample: SampleClient) -> None:
    client = sample("entities")
    assert client.predict("tag", "Ada met Grace in 1843")[:2] == [("Ada", "NAME"), (" met ", None)]
    (report,) = client.predict("report", "Ada met Grace")
    assert report.name == "entities.tsv" and "NAME\tGrace" in report.read_text()


def test_before_after(sample: SampleClient, tmp_path: Path) -> None:
    picture = tmp_path / "grey.png"
    Image.new("RGB", (6, 4), (128, 128, 128)).save(picture)
    before, after = sample("before_after").predict("sharpen", picture, amount=3.0)
    assert before.size == after.size == (6, 4)


def test_chat_files(sample: SampleClient, tmp_path: Path) -> None:
    import autoui

    note = tmp_path / "note.txt"
    note.write_text("hi")
    answer = sample("chat_files").predict("reply", autoui.Message("see", [note]), [])
    assert answer == "You said 'see' and sent 1 file(s): note.txt (2 bytes)."


def test_find_colours(sample: SampleClient) -> None:
    picture = np.full((40, 60, 3), 255, np.uint8)
    picture[5:15, 10:30] = (220, 20, 20)
    image, regions = sample("find_colours").predict("find_colours", Image.fromarray(picture))
    assert image.size == (60, 40)
    assert [(region, label) for region, label in regions if isinstance(region, tuple)] == [
        ((10, 5, 30, 15), "red")
    ]


def test_privacy_blur(sample: SampleClient) -> None:
    from autoui import Sketch

    layer = np.zeros((20, 30, 4), np.uint8)
    layer[2:6, 3:9] = (0, 0, 0, 255)
    painted = Sketch(None, None, background=np.full((20, 30, 3), 90, np.uint8), layer=layer)
    blurred, report = sample("privacy_blur").predict("blur_painted", painted, radius=2)
    assert blurred.size == (30, 20)
    assert report == "Blurred 24 pixels (4.0%) within the box (3, 2, 9, 6)."


def test_charts(sample: SampleClient) -> None:
    import pandas as pd

    client = sample("charts")
    table = client.predict("savings", monthly=100, years=1, rates="0")
    pd.testing.assert_frame_equal(
        table, pd.DataFrame({"year": [0, 1], "balance": [0.0, 1200.0], "rate": ["0%", "0%"]})
    )
    assert client.predict("word_lengths", "ab cd e").to_dict("list") == {
        "letters": [1, 2], "words": [1, 2]
    }  # fmt: skip


def test_shapes_3d(sample: SampleClient) -> None:
    client = sample("shapes_3d")
    model = client.predict("make_shape", "box")
    assert model.name == "model.glb" and model.read_bytes()[:4] == b"glTF"
    assert client.predict("describe_model", model).endswith(f"of {model.stat().st_size:,} bytes")
