"""A rich progress bar for long imports, fed by import_report_file's callback."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from reports.sheets import SHEETS_BY_KEY

_PHASES = {"validate": "検証", "write": "書込"}


class RichProgress:
    """``progress(sheet, rows_done, phase)``; silent unless ``enabled``.

    Validation does not know a sheet's length in advance (the file is
    streamed), so that phase shows a count; writing knows it and shows a bar.
    """

    def __init__(self, stream: TextIO | Any, *, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self._tasks: dict[tuple[str, str], TaskID] = {}
        self._validated: dict[str, int] = {}

    def __enter__(self) -> RichProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()

    def __call__(self, sheet: str, rows_done: int, phase: str) -> None:
        if not self.enabled:
            return
        if phase == "validate":
            self._validated[sheet] = rows_done
        key = (phase, sheet)
        if key not in self._tasks:
            name = SHEETS_BY_KEY[sheet].name_ja if sheet in SHEETS_BY_KEY else sheet
            total = self._validated.get(sheet) if phase == "write" else None
            self._tasks[key] = self._progress.add_task(
                f"{_PHASES.get(phase, phase)} {name}", total=total
            )
        self._progress.update(self._tasks[key], completed=rows_done)
