"""Articles: a news story and its metadata sidecar (``<name>.meta.json`` beside it).

A story is plain text (``*.txt``, read as it is: "fewer than 5 (<5)" is text) or a web page
(``*.html``, ``*.htm``, whose tags are blanked by :func:`text_from_html`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from geo.errors import DataFileError
from geo.text.encodings import text_from_bytes

__all__ = [
    "HTML_SUFFIXES",
    "PUBLISHED_YEARS",
    "STORY_SUFFIXES",
    "Article",
    "article_from_path",
    "articles_from_dir",
    "published_from_text",
    "text_from_html",
]

#: The file endings of web pages (their tags are blanked) and of all stories.
HTML_SUFFIXES: Final = (".html", ".htm")
STORY_SUFFIXES: Final = (".txt", *HTML_SUFFIXES)

#: A tag as HTML writes it: a name starting with a letter, then attributes (name, name=value,
#: name="value"); script and style elements whole; comments.
_MARKUP: Final = re.compile(
    r"<(script|style)\b[^>]{0,2000}>.*?</\1\s*>|<!--.*?-->|"
    r"</?[A-Za-z][\w:.-]{0,60}(?:\s+[\w:.@-]{1,60}(?:\s*=\s*(?:\"[^\"]{0,2000}\"|'[^']{0,2000}'|"
    r"[^\s\"'<>=`]{1,2000}))?){0,50}\s*/?>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Article:
    """A source text with what is known about it.

    Attributes
    ----------
    path : pathlib.Path
        The story's file.
    text : str
        Its content (UTF-8; undecodable bytes replaced); a web page's tags blanked
        (:func:`text_from_html`).
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


#: Years a publication date may have: those of incident records (the incident schema's).
PUBLISHED_YEARS: Final = (1800, 2200)


def published_from_text(text: str) -> date:
    """A publication date written ``YYYY-MM-DD``, in :data:`PUBLISHED_YEARS`.

    Raises
    ------
    ValueError
        Not such a date, or its year is outside the range (the drafts' dates are counted
        from it: year 1 overflowed, year 9999 made every draft an invalid record).

    Examples
    --------
    >>> published_from_text("2023-05-11")
    datetime.date(2023, 5, 11)
    >>> published_from_text("0001-01-01")
    Traceback (most recent call last):
    ...
    ValueError: has a year outside 1800..2200: '0001-01-01'
    """
    try:
        published = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"is not a YYYY-MM-DD date: {text!r}") from None
    first, last = PUBLISHED_YEARS
    if not first <= published.year <= last:
        raise ValueError(f"has a year outside {first}..{last}: {text!r}")
    return published


def article_from_path(path: str | os.PathLike[str], *, encoding: str | None = None) -> Article:
    """Read an article and, if present, its ``.meta.json`` sidecar.

    Parameters
    ----------
    path : str or path-like
        The story: plain text (``<name>.txt``, read as it is) or a web page (``.html``,
        ``.htm``: :func:`text_from_html`); the sidecar is ``<name>.meta.json`` beside it, with
        any of ``title``, ``published`` (``YYYY-MM-DD``), ``language``, ``source``,
        ``source_note``.
    encoding : str, optional, keyword-only
        The story's text encoding when it is not UTF-8 (:func:`geo.text.text_from_bytes`:
        a byte-order mark, or a page's ``<meta charset>``, says it too).

    Returns
    -------
    Article
        The text and what the sidecar says; without a sidecar, empty metadata and no
        publication date. Bytes that are not text in the encoding read are replaced
        (U+FFFD), with a warning.

    Raises
    ------
    DataFileError
        The text is missing, or not text in the ``encoding`` given, or the sidecar is not a
        valid JSON object or has a bad date.

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
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read article ({exc.strerror})") from None
    html = path.suffix.lower() in HTML_SUFFIXES
    text = text_from_bytes(data, encoding=encoding, shown=str(path), html=html)
    if html:
        text = text_from_html(text)
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
            published = published_from_text(str(meta["published"]))
        except ValueError as exc:
            raise DataFileError(f"{sidecar}: field 'published' {exc}") from None
    return Article(
        path=path,
        text=text,
        title=str(meta.get("title") or ""),
        published=published,
        language=str(meta.get("language") or ""),
        source=str(meta.get("source") or ""),
        source_note=str(meta.get("source_note") or ""),
    )


def articles_from_dir(
    directory: str | os.PathLike[str], *, encoding: str | None = None
) -> list[Article]:
    """Read every story (``*.txt``, ``*.html``, ``*.htm``) in a folder, sorted by file name.

    Parameters
    ----------
    directory : str or path-like
        The folder; each article is read by :func:`article_from_path` (sidecars included).
    encoding : str, optional, keyword-only
        The stories' text encoding when they are not UTF-8 (:func:`article_from_path`).

    Returns
    -------
    list of Article
        Sorted by file name; empty for a folder without stories.

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
    folder = Path(directory)
    if not folder.is_dir():
        return []
    stories = [p for p in folder.iterdir() if p.suffix.lower() in STORY_SUFFIXES]
    return [article_from_path(p, encoding=encoding) for p in sorted(stories)]


def text_from_html(html: str) -> str:
    """The text of a web page: tags, comments, scripts and styles blanked.

    Each is replaced by spaces of the same length, so an offset into the result is an offset
    into the page. Only real tags are blanked: a ``<`` not followed by a tag name ("<5") stays.
    A plain-text story is never passed through this (:func:`article_from_path`).

    Parameters
    ----------
    html : str
        The page.

    Returns
    -------
    str
        Of the same length as ``html``.

    Examples
    --------
    >>> from geo.text import text_from_html
    >>> text_from_html("<p>Fewer than 5 (<5) hurt in <b>Sotk</b>.</p>")
    '   Fewer than 5 (<5) hurt in    Sotk    .    '
    """
    if "<" not in html:
        return html
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), html)
