"""Functions in the shapes of Gradio's demos (written here; no Gradio code is copied).

Each takes what a Gradio demo's function takes, typed the way a user adding hints to
such a demo would type it: the benchmark serves them as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import SecretStr


def greet(name: str, intensity: int) -> str:
    return "Hello, " + name + "!" * intensity


def calculator(num1: float, operation: Literal["add", "subtract", "multiply", "divide"],
               num2: float) -> float:
    if operation == "add":
        return num1 + num2
    if operation == "subtract":
        return num1 - num2
    if operation == "multiply":
        return num1 * num2
    if num2 == 0:
        raise ValueError("Cannot divide by zero")
    return num1 / num2


def sepia(input_img: np.ndarray) -> np.ndarray:
    matrix = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]])
    out = input_img.astype(float) @ matrix.T
    return np.clip(out, 0, 255).astype(np.uint8)


def classify(image: Image.Image) -> dict[str, float]:
    red = float(np.asarray(image.convert("RGB"))[..., 0].mean()) / 255
    return {"red": red, "other": 1 - red}


def summary_stats(values: list[float]) -> dict[str, float]:
    return {"mean": sum(values) / len(values), "max": max(values), "count": float(len(values))}


def echo_chat(message: str, chat_history: list[dict[str, str]]) -> str:
    return f"{message} (turn {len(chat_history) // 2 + 1})"


def remember(message: str, history: list[str]) -> list[str]:
    return [*history, message]


def paint(text: str, color: str = "red") -> str:
    return f"{text} in {color}"


def stream_words(sentence: str) -> Iterator[str]:
    words = sentence.split()
    for i in range(len(words)):
        yield " ".join(words[: i + 1])


def reverse_audio(audio: tuple[int, np.ndarray]) -> tuple[int, np.ndarray]:
    rate, samples = audio
    return rate, np.flipud(samples)


def count_words(text: str, /) -> int:
    return len(text.split())


def check_age(age: int) -> str:
    if age < 0:
        raise ValueError("age cannot be negative")
    return "adult" if age >= 18 else "minor"


def tax(amount: Decimal, rate: Decimal = Decimal("0.2")) -> Decimal:
    return amount * rate


def login(user: str, password: SecretStr) -> str:
    return f"{user}:{len(password.get_secret_value())}"

