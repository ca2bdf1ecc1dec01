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

    Parameters
    ----------
    path : str or path-like
        The text file (``<name>.txt``); the sidecar is ``<name>.meta.json`` beside it, with
        any of ``title``, ``published`` (``YYYY-MM-DD``), ``language``, ``source``,
        ``source_note``.

    Returns
    -------
    Article
        The text (undecodable bytes replaced) and what the sidecar says; without a sidecar,
        empty metadata and no publication date.

    Raises
    ------
    DataFileError
        The text is missing, or the sidecar is not a valid JSON object or has a bad date.

    Examples
    --------
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> import geo
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     story = Path(folder) / "sotk.txt"
    ...     _ = story.write_text("Shelling hit Sotk on Thursday.", encoding="utf-8")
    ...     meta = {"title": "Sotk shelled", "published": "2023-05-11"}
    ...     _ = story.with_suffix(".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    ...     article = geo.article_from_path(story)
    >>> article.name, article.title, article.published
    ('sotk.txt', 'Sotk shelled', datetime.date(2023, 5, 11))
    >>> article.text
    'Shelling hit Sotk on Thursday.'
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
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise DataFileError(f"{sidecar}: not valid JSON ({exc})") from None
        if not isinstance(meta, dict):
            raise DataFileError(
                f"{sidecar}: not a JSON object of fields (title, published...) but a "
                f"{type(meta).__name__}"
            )
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
    """Read every ``*.txt`` article in a folder, sorted by file name.

    Parameters
    ----------
    directory : str or path-like
        The folder; each article is read by :func:`article_from_path` (sidecars included).

    Returns
    -------
    list of Article
        Sorted by file name; empty for a folder without ``*.txt`` files.

    Raises
    ------
    DataFileError
        An article's sidecar is not valid JSON or has a bad date.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import geo
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name, text in [("b.txt", "Talks in Brussels."), ("a.txt", "Shelling hit Sotk.")]:
    ...         _ = (Path(folder) / name).write_text(text, encoding="utf-8")
    ...     articles = geo.articles_from_dir(folder)
    >>> [(a.name, a.text, a.published) for a in articles]
    [('a.txt', 'Shelling hit Sotk.', None), ('b.txt', 'Talks in Brussels.', None)]
    """
    return [article_from_path(p) for p in sorted(Path(directory).glob("*.txt"))]
