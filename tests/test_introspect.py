"""Whole-function inference: signature, hints, generators, tuples, batch, chat, docstrings.

This file uses ``from __future__ import annotations``, so every function below has
string annotations that introspection must resolve; ``test_plain_annotations`` checks
the other case.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
import uuid
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import numpy as np
import pytest

import autoui
from autoui.errors import SpecError
from autoui.introspect import introspect, introspect_app, load_app
from autoui.markers import BatchConfig
from autoui.spec import FunctionSpec


def kinds(spec: FunctionSpec) -> tuple[list[str], list[str]]:
    return [p.component.kind for p in spec.inputs], [o.component.kind for o in spec.outputs]


# -- signature, defaults, docstring ------------------------------------------------------
def greet(name: str, times: int = 2, excited: bool = False) -> str:
    """Greet someone.

    Say hello, **politely**.

    Args:
        name: who to greet.
        times: how often.
        excited: end with "!".

    Returns:
        The greeting.

    Examples:
        >>> greet("Ada", excited=True)
        - name=Grace, times=3
    """
    return name


def test_basic_function() -> None:
    spec = introspect(greet)
    assert spec.name == "greet"
    assert spec.description == "Greet someone.\n\nSay hello, **politely**."
    assert kinds(spec) == (["textbox", "number", "checkbox"], ["textbox"])
    name, times, excited = spec.inputs
    assert (name.required, times.required, times.default, excited.default) == (
        True, False, 2, False,
    )
    assert [p.info for p in spec.inputs] == ["who to greet.", "how often.", 'end with "!".']
    assert spec.outputs[0].label == "The greeting"
    assert not spec.streaming and not spec.is_async and spec.batch is None
    assert spec.examples == ({"name": "Ada", "excited": True}, {"name": "Grace", "times": 3})
    assert spec.warnings == ()


def test_spec_json_is_plain_json() -> None:
    wire = introspect_app([greet]).to_json()
    assert json.loads(json.dumps(wire)) == wire
    [fn] = wire["functions"]
    assert [i["name"] for i in fn["inputs"]] == ["name", "times", "excited"]
    assert fn["inputs"][1]["default"] == 2


def test_plain_annotations() -> None:
    namespace: dict[str, Any] = {}
    exec("def area(width: float, height: float = 1.0) -> float:\n    return width", namespace)
    spec = introspect(namespace["area"])
    assert kinds(spec) == (["number", "number"], ["number"])
    assert spec.inputs[0].annotation == "float"


def test_docstring_help_does_not_override_annotated_info() -> None:
    def note(text: Annotated[str, autoui.Textbox(lines=4, info="mine")]) -> str:
        """Take a note.

        Args:
            text: from the docstring.
        """
        return text

    [text] = introspect(note).inputs
    assert text.info == "mine"
    assert text.component.props()["lines"] == 4


def test_unannotated_parameters() -> None:
    def f(count=3, ratio=0.5, label="x", anything=None, bare=None):  # type: ignore[no-untyped-def]
        pass

    def g(what) -> None:  # type: ignore[no-untyped-def]
        pass

    assert kinds(introspect(f))[0][:3] == ["number", "number", "textbox"]
    spec = introspect(g)
    assert kinds(spec) == (["textbox"], [])
    [warning] = spec.warnings
    assert warning.startswith("what: no type hint")
    assert "`what: int`" in warning


@pytest.mark.parametrize(
    ("marker", "reason"),
    [
        ("LinePlot", "a chart is an output only"),
        ("Plot", "a plot is an output only"),
        ("Download", "a download is an output only; use autoui.File for an input"),
        ("AnnotatedImage", "an annotated image is an output only"),
    ],
)
def test_an_output_only_kind_is_refused_as_a_parameter_at_load(
    tmp_path: Path, marker: str, reason: str
) -> None:
    path = tmp_path / f"shows_{uuid.uuid4().hex[:8]}.py"
    path.write_text(
        textwrap.dedent(
            f"""
            from typing import Annotated, Any
            import autoui

            def show(data: Annotated[Any, autoui.{marker}()]) -> str:
                return "never called"

            Shown = Annotated[Any, autoui.{marker}()]

            def shown(data: Shown = None) -> Shown:
                return data
            """
        )
    )
    with pytest.raises(SpecError, match=f"^show: data: {re.escape(reason)}"):
        load_app(f"{path}:show")
    spec = load_app(f"{path}:shown")  # with a default: hidden and said; an output as ever
    function = spec.functions[0]
    assert kinds(function)[0] == []
    assert len(kinds(function)[1]) == 1
    assert any(reason in warning for warning in function.warnings)


def test_an_unresolvable_hint_is_refused_or_with_a_default_hidden(tmp_path: Path) -> None:
    path = tmp_path / f"hints_{uuid.uuid4().hex[:8]}.py"
    path.write_text(
        textwrap.dedent(
            """
            from __future__ import annotations
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from decimal import Decimal

            def price(amount: Decimal, qty: int = 1) -> str:
                return str(amount)

            def fee(qty: int, rate: Decimal = 2) -> str:
                return str(qty * rate)
            """
        )
    )
    with pytest.raises(SpecError) as info:
        load_app(f"{path}:price")
    assert str(info.value) == (
        "price: amount: the type hint 'Decimal' cannot be resolved; import that type at "
        "module level (not only under TYPE_CHECKING), or give it a default"
    )
    spec = load_app(f"{path}:fee").functions[0]
    assert kinds(spec) == (["number"], ["textbox"])
    assert any(w.startswith("rate: not shown (the type hint 'Decimal'") for w in spec.warnings)


def test_var_args_are_skipped_and_positional_only_flagged() -> None:
    def f(a: int, /, b: str, *rest: int, **options: str) -> str:
        return b

    spec = introspect(f)
    assert [p.name for p in spec.inputs] == ["a", "b"]
    assert [p.positional_only for p in spec.inputs] == [True, False]
    assert any(w.startswith("*rest: skipped") for w in spec.warnings)
    assert any(w.startswith("**options: skipped") for w in spec.warnings)


# -- returns -----------------------------------------------------------------------------
def test_none_return_has_no_outputs_and_no_warning() -> None:
    def f(x: int) -> None:
        pass

    spec = introspect(f)
    assert spec.outputs == () and spec.warnings == ()


def test_missing_return_hint_lets_the_value_decide_with_a_warning() -> None:
    def f(x: int):  # type: ignore[no-untyped-def]
        return {"x": x}

    spec = introspect(f)
    assert kinds(spec)[1] == ["auto"]  # chosen from each returned value (registry.values)
    assert spec.outputs[0].to_json()["traits"]["dynamic"] is True
    assert spec.warnings == (
        "return: no return type hint, so each result is shown as what it turns out to be "
        "(an image, a table, text...: chosen from the value); add one, e.g. `-> str`, to "
        "fix it for clients and the API docs (`-> None` for no output)",
    )


def test_tuple_return_is_several_outputs_labelled_from_returns() -> None:
    def f(text: str) -> tuple[int, str]:
        """Count.

        Returns:
            words: how many words.
            first: the first word.
        """
        return 0, ""

    spec = introspect(f)
    assert spec.multiple_outputs
    assert kinds(spec)[1] == ["number", "textbox"]
    assert [o.name for o in spec.outputs] == ["output_1", "output_2"]
    assert [o.label for o in spec.outputs] == ["Words", "First"]
    assert [o.component.info for o in spec.outputs] == ["how many words.", "the first word."]


class Stats(NamedTuple):
    mean: float
    label_text: str


def test_namedtuple_return_uses_field_names() -> None:
    def f(xs: str) -> Stats:
        return Stats(0.0, "")

    spec = introspect(f)
    assert spec.multiple_outputs
    assert [(o.name, o.label) for o in spec.outputs] == [
        ("mean", "Mean"), ("label_text", "Label text"),
    ]
    assert kinds(spec)[1] == ["number", "textbox"]


def test_variable_length_tuple_is_one_output() -> None:
    def f(x: int) -> tuple[int, ...]:
        return (x,)

    spec = introspect(f)
    assert len(spec.outputs) == 1 and not spec.multiple_outputs


# -- generators and async ---------------------------------------------------------------
def test_iterator_return_streams_its_item_type() -> None:
    def count(n: int) -> Iterator[int]:
        yield from range(n)

    spec = introspect(count)
    assert spec.streaming and not spec.is_async
    assert kinds(spec)[1] == ["number"]


def test_generator_return_streams_its_yield_type() -> None:
    def words(n: int) -> Generator[str, None, None]:
        yield "a"

    spec = introspect(words)
    assert spec.streaming and kinds(spec)[1] == ["textbox"]


def test_async_generator_streams_and_is_async() -> None:
    async def tick(n: int) -> AsyncIterator[str]:
        yield "tick"

    spec = introspect(tick)
    assert spec.streaming and spec.is_async
    assert kinds(spec)[1] == ["textbox"]


def test_coroutine_is_async_not_streaming() -> None:
    async def fetch(url: str) -> str:
        return url

    spec = introspect(fetch)
    assert spec.is_async and not spec.streaming
    assert kinds(spec)[1] == ["textbox"]


def test_undeclared_generator_still_streams() -> None:
    def gen(n: int):  # type: ignore[no-untyped-def]
        yield n

    spec = introspect(gen)
    assert spec.streaming
    assert kinds(spec)[1] == ["auto"]
    assert "`-> Iterator[str]`" in spec.warnings[0]


# -- progress, batch, chat ---------------------------------------------------------------
def test_progress_parameter_is_not_an_input() -> None:
    def train(epochs: int, progress: autoui.Progress = autoui.Progress()) -> str:
        return ""

    def crunch(n: int, tracker=autoui.Progress(track_tqdm=True)) -> int:  # type: ignore[no-untyped-def]
        return n

    spec = introspect(train)
    assert [p.name for p in spec.inputs] == ["epochs"]
    assert (spec.progress_param, spec.track_tqdm) == ("progress", False)
    spec = introspect(crunch)
    assert (spec.progress_param, spec.track_tqdm) == ("tracker", True)
    assert [p.name for p in spec.inputs] == ["n"]


def test_batch_function_unwraps_lists() -> None:
    @autoui.batch(max_batch_size=4, batch_wait=0.2)
    def upper(texts: list[str], times: list[int]) -> list[str]:
        return texts

    spec = introspect(upper)
    assert spec.batch == BatchConfig(max_batch_size=4, batch_wait=0.2)
    assert kinds(spec) == (["textbox", "number"], ["textbox"])
    assert spec.inputs[0].annotation == "str"
    assert spec.warnings == ()


def test_batch_tuple_of_lists_is_two_outputs() -> None:
    @autoui.batch
    def split(texts: list[str]) -> tuple[list[str], list[int]]:
        return texts, [len(t) for t in texts]

    spec = introspect(split)
    assert spec.multiple_outputs
    assert kinds(spec)[1] == ["textbox", "number"]


def test_batch_function_without_lists_warns() -> None:
    @autoui.batch
    def bad(text: str) -> str:
        return text

    warnings = introspect(bad).warnings
    assert any(w.startswith("text: a batch function should take list[...]") for w in warnings)
    assert any(w.startswith("return: a batch function should return list[...]") for w in warnings)


def test_batch_generator_is_refused() -> None:
    @autoui.batch
    def gen(texts: list[str]) -> Iterator[list[str]]:
        yield texts

    with pytest.raises(SpecError, match="gen: a batch function cannot be a generator"):
        introspect(gen)


def test_chat_rule() -> None:
    def reply(message: str, history: list[dict[str, str]], temperature: float = 0.5) -> str:
        return message

    spec = introspect(reply)
    assert kinds(spec) == (["textbox", "chat", "number"], ["chat"])
    history = spec.input("history")
    assert not history.required and history.to_json()["default"] == []


def test_chat_rule_with_unannotated_history_and_streaming_reply() -> None:
    def reply(message: str, history) -> Iterator[str]:  # type: ignore[no-untyped-def]
        yield message

    spec = introspect(reply)
    assert spec.streaming
    assert kinds(spec) == (["textbox", "chat"], ["chat"])


def test_message_without_history_is_not_a_chat() -> None:
    def send(message: str, count: int) -> str:
        return message

    assert kinds(introspect(send)) == (["textbox", "number"], ["textbox"])


# -- callables of every shape ------------------------------------------------------------
class Maths:
    @staticmethod
    def double(x: int) -> int:
        return 2 * x

    @classmethod
    def triple(cls, x: int) -> int:
        return 3 * x


class Scaler:
    """Scale numbers."""

    def __call__(self, x: float, factor: float = 2.0) -> float:
        return x * factor


def test_static_class_methods_callable_objects_and_partials() -> None:
    assert kinds(introspect(Maths.double)) == (["number"], ["number"])
    assert kinds(introspect(Maths.triple)) == (["number"], ["number"])
    spec = introspect(Scaler())
    assert spec.name == "Scaler" and kinds(spec) == (["number", "number"], ["number"])
    partial = functools.partial(greet, times=5)
    spec = introspect(partial, name="greet5")
    assert spec.name == "greet5" and spec.input("times").default == 5
    assert spec.description.startswith("Greet someone.")  # greet's docstring, not partial's
    assert introspect(partial).name == "greet"
    assert spec.examples[0] == {"name": "Ada", "excited": True}


# -- examples ----------------------------------------------------------------------------
def test_examples_that_do_not_fit_are_skipped_with_warnings() -> None:
    def f(a: int, b: str = "x") -> str:
        """Do.

        Examples:
            >>> f(compute())
            - a=1, nope=2
            - a=2, b=yes
        """
        return b

    spec = introspect(f)
    assert spec.examples == ({"a": 2, "b": "yes"},)
    assert any("compute() is not a literal value" in w for w in spec.warnings)
    assert any("names nope, which is not an input" in w for w in spec.warnings)


# -- apps --------------------------------------------------------------------------------
def test_introspect_app_titles_and_duplicate_names() -> None:
    assert introspect_app([greet]).title == "Greet"
    assert introspect_app([greet, Maths.double], title="Tools").title == "Tools"
    with pytest.raises(SpecError, match="two functions are named 'greet'"):
        introspect_app([greet, greet])


def test_load_app_single_function_and_whole_module(tmp_path: Path) -> None:
    path = tmp_path / f"shop_{uuid.uuid4().hex[:8]}.py"
    path.write_text('"""A tiny shop.\n\nSells things."""\n\n'
                    "def buy(item: str) -> str:\n    return item\n\n\n"
                    "def sell(item: str) -> str:\n    return item\n")
    one = load_app(f"{path}:buy")
    assert (one.title, one.description, [f.name for f in one.functions]) == ("Buy", "", ["buy"])
    both = load_app(str(path))
    assert both.title == path.stem.capitalize().replace("_", " ")
    assert both.description == "A tiny shop.\n\nSells things."
    assert [f.name for f in both.functions] == ["buy", "sell"]


def test_audio_tuple_is_one_output_not_two() -> None:
    def tone(hz: float) -> tuple[int, np.ndarray]:
        return 8000, np.zeros(10)

    spec = introspect(tone)
    assert kinds(spec)[1] == ["audio"] and not spec.multiple_outputs


# -- the README's type table is what introspection does ----------------------------------
README = Path(__file__).resolve().parent.parent / "README.md"
KINDS = set(autoui.components.KINDS)  # the index of kinds, not a copy of it


def readme_type_rows() -> list[list[str]]:
    text = README.read_text()
    table = text[text.index("## Types → components") : text.index("More rules:")]
    rows = []
    for line in table.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append([c.replace("\\|", "|") for c in cells])
    return rows


def table_namespace() -> dict[str, Any]:
    import datetime
    import enum
    from collections.abc import AsyncIterator, Generator, Iterator
    from dataclasses import dataclass
    from typing import Literal, Optional

    import pandas as pd
    import PIL.Image
    import pydantic
    from annotated_types import Ge, Interval, Le
    from matplotlib.figure import Figure

    class Size(enum.Enum):
        S = 1
        M = 2

    @dataclass
    class Order:
        qty: int

    class Customer(pydantic.BaseModel):
        name: str

    import datetime as dt
    import re
    from decimal import Decimal
    from fractions import Fraction
    from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
    from uuid import UUID

    from pydantic import SecretBytes, SecretStr
    from typing_extensions import TypedDict

    class Point(TypedDict):
        x: int

    scalars = {
        "Decimal": Decimal, "SecretStr": SecretStr, "SecretBytes": SecretBytes, "UUID": UUID,
        "IPv4Address": IPv4Address, "IPv6Address": IPv6Address, "IPv4Network": IPv4Network,
        "IPv6Network": IPv6Network, "timedelta": dt.timedelta, "Fraction": Fraction, "re": re,
        "TypedDict": Point,
    }
    return {
        **scalars,
        **{name: value for name, value in vars(autoui).items() if not name.startswith("_")},
        "autoui": autoui, "np": np, "pd": pd, "PIL": PIL, "Figure": Figure,
        "datetime": datetime, "Path": Path, "Annotated": Annotated, "Literal": Literal,
        "Optional": Optional, "Any": Any, "Ge": Ge, "Le": Le, "Interval": Interval,
        "Iterator": Iterator, "Generator": Generator, "AsyncIterator": AsyncIterator,
        "Size": Size, "Order": Order, "Customer": Customer, "Stats": Stats,
    }


def expected_per_annotation(cell: str, count: int) -> list[str]:
    entries = [e.strip() for e in cell.split(", ")]
    return entries if len(entries) == count else [cell] * count


def kinds_in(entry: str) -> list[str]:
    return [word for word in re.findall(r"[a-z][a-z0-9_]*", entry) if word in KINDS]


def test_readme_type_table_matches_inference() -> None:
    namespace = table_namespace()
    checked = 0
    for annotation_cell, input_cell, output_cell, _ in readme_type_rows():
        sources = re.findall(r"`([^`]+)`", annotation_cell)
        inputs = expected_per_annotation(input_cell, len(sources))
        outputs = expected_per_annotation(output_cell, len(sources))
        for source, want_in, want_out in zip(sources, inputs, outputs, strict=True):
            annotation = eval(source, namespace)  # the README's own text, as Python

            def takes(x):  # type: ignore[no-untyped-def]
                pass

            def gives():  # type: ignore[no-untyped-def]
                pass

            takes.__annotations__ = {"x": annotation, "return": None}
            gives.__annotations__ = {"return": annotation}
            if want_in != "—":
                assert kinds(introspect(takes))[0] == kinds_in(want_in), source
            out = introspect(gives)
            assert kinds(out)[1] == kinds_in(want_out), source
            assert out.streaming == ("streaming" in want_out), source
            checked += 1
    assert checked >= 55  # the table was found and read, not skipped


def test_readme_type_table_names_every_kind() -> None:
    named = {word for row in readme_type_rows() for cell in row[1:3] for word in kinds_in(cell)}
    assert named == KINDS - {"chat"}  # a chat goes by parameter names: "More rules" says so


def test_batch_override_for_an_unmarked_function() -> None:
    # What `autoui serve --batch` asks for: lists unwrapped as if the function were marked.
    def upper(texts: list[str]) -> list[str]:
        return texts

    config = BatchConfig(max_batch_size=3, batch_wait=0.01)
    spec = introspect(upper, batch=config)
    assert spec.batch == config and kinds(spec) == (["textbox"], ["textbox"])
    marked = autoui.batch(max_batch_size=9)(upper)
    assert introspect_app([marked], batch=config).functions[0].batch == BatchConfig(9)
