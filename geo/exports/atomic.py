"""Atomic file replacement: write beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over the target.

    On any exception the temporary file is removed and the target is left as it was, so a
    reader never sees a half-written file.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers such as GDAL refuse to overwrite; give them a free name
    try:
        yield tmp
        tmp.replace(target)
    finally:
        if tmp.exists():
            tmp.unlink()
