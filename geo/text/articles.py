"""Articles: a news text and its metadata sidecar (``<name>.meta.json`` beside ``<name>.txt``)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.errors import DataFileError

__all__ = ["Article", "article_from_path", "articles_from_dir"]


@dataclass(frozen=True)
class Article:
    """A source text with what is known about it.

    Attributes
    ----------
    path : pathlib.Path
        The text file.
    text : str
        Its content (UTF-8; undecodable bytes replaced).
    title, language, source, source_note : str
        From the sidecar; empty when unknown.
    published : datetime.date or None
        Publication date (drives relative dates such as "on Thursday").
    """

    path: Path
    text: str
    title: str = ""
    published: date | None = None
    language: str = ""
    source: str = ""
    source_note: str = ""

    @property
    def name(self) -> str:
        """The file name, used as the article's id."""
        return self.path.name


def article_from_path(path: str | os.PathLike[str]) -> Article:
    """Read an article and, if present, its ``.meta.json`` sidecar.

    Raises
    ------
    DataFileError
        The text is missing, or the sidecar is not valid JSON or has a bad date.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read article ({exc.strerror})") from None
    sidecar = path.with_suffix(".meta.json")
    meta: dict[str, object] = {}
    if sidecar.exists():
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataFileError(f"{sidecar}: not valid JSON ({exc})") from None
    published = None
    if meta.get("published"):
        try:
            published = date.fromisoformat(str(meta["published"]))
        except ValueError:
            raise DataFileError(
                f"{sidecar}: field 'published' is not a YYYY-MM-DD date: {meta['published']!r}"
            ) from None
    return Article(
        path=path,
        text=text,
        title=str(meta.get("title") or ""),
        published=published,
        language=str(meta.get("language") or ""),
        source=str(meta.get("source") or ""),
        source_note=str(meta.get("source_note") or ""),
    )


def articles_from_dir(directory: str | os.PathLike[str]) -> list[Article]:
    """Read every ``*.txt`` article in a folder, sorted by file name."""
    return [article_from_path(p) for p in sorted(Path(directory).glob("*.txt"))]
