"""Exceptions raised by :mod:`geo`.

Every error that comes from bad input names the file, the row (line) and the column, so an
analyst can find and fix the offending cell without reading a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BordermapError",
    "DataFileError",
    "IncidentsValidationError",
    "RowProblem",
]


class BordermapError(Exception):
    """Base class of every error bordermap raises on purpose."""


class DataFileError(BordermapError):
    """A bundled or user data file is missing or unreadable."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem in one cell of a tabular input.

    Attributes
    ----------
    path : str
        The file the row came from.
    line : int or None
        1-based physical line of the record in the file (the header is line 1);
        ``None`` for a problem of the whole file (a missing column).
    column : str
        The column (field) name.
    value : str
        The offending cell as read, shortened for display.
    reason : str
        What is wrong, in words.
    event_id : str
        The record's ``event_id_cnty`` if it has one, else ``""``.
    """

    path: str
    line: int | None
    column: str
    value: str
    reason: str
    event_id: str = ""

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line is not None else self.path
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{where}, column '{self.column}': {self.reason} (value: {shown!r})"


class IncidentsValidationError(BordermapError):
    """An incidents file has rows that do not fit the incident schema.

    Parameters
    ----------
    problems : list of RowProblem
        Every problem found (validation is lazy: all rows are checked before raising).
    """

    def __init__(self, problems: list[RowProblem]) -> None:
        problems = sorted(problems, key=lambda p: (p.line or 0, p.column))
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in incident records:\n{shown}{more}")
