"""The component for a *value*: what a function without a return hint turns out to return.

The value's type goes through the same inference as a return hint would
(:func:`autoui.registry.infer_output`: user registrations, the built-in table), so a PIL
image is an image, a Figure a plot, a DataFrame a table, a ``str`` text and a
registered type its own component. A few shapes only the value shows are read first:

- a list (or tuple) whose items are all pictures (PIL images, image arrays, image
  paths) or all paths: a gallery, as ``list[Image]`` / ``list[Path]`` would be;
- a numpy array: an image when it looks like one (``uint8``, H×W or H×W×3/4), a table
  when it is 2-D, else JSON;
- a path: an image, audio or video when its name says so, else a file.

Anything inference would only show as text (a class of the function's own) is JSON —
what a function without a hint always showed — and so is a dict or a plain list.
"""

from __future__ import annotations

import mimetypes
import pathlib
from typing import Any

from autoui.components.base import Component
from autoui.registry.annotations import qualified_names

__all__ = ["component_for_value"]

_MEDIA = {"image": "Image", "audio": "Audio", "video": "Video"}


def component_for_value(value: Any) -> Component:
    """The component that shows ``value`` (never None: JSON when nothing fits better)."""
    import autoui.components as c

    shaped = _by_shape(value)
    if shaped is not None:
        return shaped
    if isinstance(value, dict | list | tuple | set | frozenset):
        return c.JSON()
    from autoui.registry import infer_output

    inference = infer_output(type(value), name="output")
    if inference.warning is not None or inference.component.traits.dynamic:
        return c.JSON()
    return inference.component


def _by_shape(value: Any) -> Component | None:
    """What only the value (not its type) tells: galleries, arrays, media paths."""
    import autoui.components as c

    if isinstance(value, pathlib.PurePath):
        return _path(value)
    if _is_array(value):
        return _array(value)
    if isinstance(value, list | tuple) and value:
        if all(_is_picture(item) for item in value):
            return c.Gallery()
        if all(isinstance(item, pathlib.PurePath) for item in value):
            return c.Files()
    return None


def _path(path: pathlib.PurePath) -> Component:
    import autoui.components as c

    media = _media(path)
    if media is None:
        return c.File(type="path")
    component: Component = getattr(c, _MEDIA[media])(type="path")
    return component


def _media(path: pathlib.PurePath) -> str | None:
    guessed, _ = mimetypes.guess_type(path.name)
    family = (guessed or "").partition("/")[0]
    return family if family in _MEDIA else None


def _is_array(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "ndim") and hasattr(value, "dtype")


def _array(array: Any) -> Component:
    import autoui.components as c

    if _looks_like_an_image(array):
        return c.Image(type="numpy")
    if array.ndim == 2 and array.dtype.kind in "biuf":
        return c.DataFrame(type="rows")
    return c.JSON()


def _looks_like_an_image(array: Any) -> bool:
    if str(array.dtype) != "uint8" or array.ndim not in (2, 3) or min(array.shape[:2]) < 2:
        return False
    return array.ndim == 2 or array.shape[2] in (1, 3, 4)


def _is_picture(item: Any) -> bool:
    if _is_array(item):
        return _looks_like_an_image(item)
    if isinstance(item, pathlib.PurePath):
        return _media(item) == "image"
    return any("PIL.Image.Image" in qualified_names(cls) for cls in type(item).__mro__)
