"""Classifier: a PIL image in, a label with confidences out.

``image: PIL.Image.Image`` is an image input; returning ``dict[str, float]`` is a label
output: the top class and a confidence bar per class. The "model" is a small, honest
colour-statistics classifier (no download, no GPU): it scores each scene by how well
the photo's brightness, saturation and hue match it, then turns the scores into
probabilities with a softmax.
"""

from __future__ import annotations

import math

from PIL import Image

# Per scene: (typical hue in degrees or None, wants saturation, wants brightness).
_SCENES: dict[str, tuple[float | None, float, float]] = {
    "sky or sea": (215.0, 0.45, 0.65),
    "forest or grass": (110.0, 0.45, 0.45),
    "sunset or fire": (25.0, 0.65, 0.6),
    "snow or paper": (None, 0.05, 0.92),
    "night": (None, 0.2, 0.08),
}


def classify(image: Image.Image) -> dict[str, float]:
    """Guess what kind of scene a photo shows, from its colours alone.

    Args:
        image: a photo; any size, colour mode or format Pillow reads.

    Returns:
        Scene
    """
    hue, saturation, brightness = _colour_stats(image)
    scores = {
        scene: _score(hue, saturation, brightness, *wants) for scene, wants in _SCENES.items()
    }
    return _softmax(scores)


def _colour_stats(image: Image.Image) -> tuple[float, float, float]:
    """Mean hue (circular, degrees), saturation and brightness (0–1) of a thumbnail."""
    small = image.convert("RGB").resize((32, 32)).convert("HSV")
    raw = small.tobytes()  # H, S, V bytes per pixel
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    sin = sum(math.sin(h / 255 * 2 * math.pi) * s for h, s, _ in pixels)
    cos = sum(math.cos(h / 255 * 2 * math.pi) * s for h, s, _ in pixels)
    hue = math.degrees(math.atan2(sin, cos)) % 360
    saturation = sum(s for _, s, _ in pixels) / (255 * len(pixels))
    brightness = sum(v for _, _, v in pixels) / (255 * len(pixels))
    return hue, saturation, brightness


def _score(
    hue: float, saturation: float, brightness: float,
    want_hue: float | None, want_saturation: float, want_brightness: float,
) -> float:
    score = -4.0 * abs(saturation - want_saturation) - 4.0 * abs(brightness - want_brightness)
    if want_hue is not None:
        distance = min(abs(hue - want_hue), 360 - abs(hue - want_hue)) / 180
        score -= 4.0 * distance * min(1.0, saturation * 3)
    return score


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exps = {label: math.exp(4.0 * (score - top)) for label, score in scores.items()}
    total = sum(exps.values())
    return {label: round(value / total, 4) for label, value in exps.items()}
