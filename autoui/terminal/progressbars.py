"""The progress bars of the live view (imported when a job first reports progress)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ["CountColumn", "progress_bars"]


class CountColumn(ProgressColumn):
    """``12/40 files`` when counts are known, else ``30%``, else nothing."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit") or ""
        if task.fields.get("counts") and task.total is not None:
            return Text(
                f"{int(task.completed)}/{int(task.total)} {unit}".rstrip(), "progress.download"
            )
        if task.total is not None:
            return Text(f"{task.percentage:>3.0f}%", "progress.percentage")
        return Text("")


def progress_bars(console: Console) -> Progress:
    """One bar per description: spinner, description, bar, counts, time left."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        CountColumn(),
        TimeRemainingColumn(),
        console=console,
        auto_refresh=False,
    )
