"""Arguments are checked against the spec before anything is sent."""

from __future__ import annotations

import pytest

from autoui.client._remote import bind, describe_app, function_of, read_app
from autoui.errors import ClientError

SPEC = {
    "title": "demo",
    "functions": [
        {
            "name": "classify",
            "description": "Guess what is in a picture.\n\nMore text.",
            "inputs": [
                {"name": "image", "component": "image", "required": True, "annotation": "Image",
                 "traits": {"file": True, "heavy": True}},
                {"name": "top_k", "component": "slider", "required": False, "default": 3},
            ],
            "outputs": [{"name": "label", "component": "label"}],
        },
        {"name": "echo", "inputs": [{"name": "text", "component": "textbox", "required": True}],
         "outputs": [{"name": "output", "component": "textbox"}]},
    ],
}


def test_binds_positional_and_keyword_arguments() -> None:
    fn = function_of(read_app(SPEC), "classify")
    assert bind(fn, ("a.png",), {"top_k": 5}) == {"image": "a.png", "top_k": 5}
    assert bind(fn, (), {"image": "a.png"}) == {"image": "a.png"}


@pytest.mark.parametrize(
    ("args", "kwargs", "param", "words"),
    [
        ((), {"image": "a", "topk": 2}, "topk", "no parameter 'topk'; its parameters are: image"),
        ((), {"top_k": 2}, "image", "missing the required parameter 'image'"),
        (("a",), {"image": "b"}, "image", "got 'image' twice"),
        (("a", 1, 2), {}, None, "takes 2 argument(s) (image, top_k), got 3"),
    ],
)
def test_bad_arguments_name_the_parameter(
    args: tuple[object, ...], kwargs: dict[str, object], param: str | None, words: str
) -> None:
    fn = function_of(read_app(SPEC), "classify")
    with pytest.raises(ClientError) as info:
        bind(fn, args, kwargs)
    assert info.value.param == param
    assert words in info.value.message


def test_unknown_function_lists_the_functions() -> None:
    expected = "no function 'clasify'; its functions are: classify, echo"
    with pytest.raises(ClientError, match=expected):
        function_of(read_app(SPEC), "clasify")


def test_describe_lists_functions_parameters_and_what_to_pass() -> None:
    text = describe_app(read_app(SPEC), "http://127.0.0.1:1")
    assert "classify(image, top_k=3) -> (label)" in text
    assert "Guess what is in a picture." in text
    assert "image: Image  [image, required; pass PIL image, ndarray, Path" in text
    assert "echo(text) -> (output)" in text


def test_a_non_autoui_spec_is_a_clear_error() -> None:
    with pytest.raises(ClientError, match="not an autoui spec"):
        read_app({"openapi": "3.1"})
