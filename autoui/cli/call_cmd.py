"""`autoui call`: placeholder registration, filled in by its owner module."""

from __future__ import annotations
