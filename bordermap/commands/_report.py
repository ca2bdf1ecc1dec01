"""What the commands that write files print at the end: rejected rows and the files written."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["print_files", "rejected_rows"]


def rejected_rows(rejected: Any) -> int:
    """Return how many input rows a rejects table names (one row can have several problems).

    Parameters
    ----------
    rejected : pandas.DataFrame
        A rejects table, with ``path`` and ``line`` columns.
    """
    return len({(p, line) for p, line in zip(rejected["path"], rejected["line"], strict=True)})


def print_files(files: Mapping[str, Path], *, width: int) -> None:
    """Print one ``key: path`` line per file written, the paths aligned at ``width``."""
    for key, path in files.items():
        print(f"{key + ':':{width}s}{path}")
