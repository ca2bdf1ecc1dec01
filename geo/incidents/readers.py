"""One entry point for every incident file bordermap reads, and a format sniffer.

========== ============================================== ==========================================
format     file                                           reader
========== ============================================== ==========================================
acled      ACLED CSV export (2023 or older schema)        :func:`geo.incidents.acled.read_acled_csv`
ucdp       UCDP GED CSV export                            :func:`geo.incidents.ucdp.read_ucdp_csv`
bordermap  the project's own incidents CSV                :func:`geo.incidents.records.read_incidents_csv`
geojson    incidents GeoJSON written by bordermap         :func:`geo.incidents.records.read_incidents_geojson`
========== ============================================== ==========================================

A file may also come as downloaded: inside a ``.zip`` holding that one file (a UCDP GED
release), compressed (``.gz``, ``.bz2``, ``.xz``), or as the one sheet with data of a
spreadsheet workbook (``.xlsx``, ``.xls``, ``.ods``: ACLED's curated files).
:mod:`geo.incidents._archive` unpacks it into a temporary folder; the rejects and errors name
``archive/member`` (a workbook's rejects, its sheet rows).

Text is read as UTF-8 unless it says otherwise: a file that starts with a UTF-16 or UTF-32
byte-order mark (Excel's "Unicode Text") is read in that encoding, and ``encoding=`` names
the encoding of a file saved in another (``cp1252``: Excel's "CSV" on Windows in Western
locales). Such a file is read through a UTF-8 copy in a temporary folder; its lines, and so
the lines its rejects name, are the file's own.

Every reader returns the same :class:`geo.incidents.records.IncidentRead`: the valid rows in the
incident schema (:data:`geo.incidents.schema.INCIDENT_COLUMNS`, then extra columns, with a ``dataset``
column naming where they came from) and a rejects table (path, line, event_id_cnty, column,
value, reason).
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final, Literal, get_args

import pandas as pd
import pyarrow

from geo.errors import DataFileError, IncidentsValidationError, InputNotFoundError
from geo.incidents._archive import (
    Archive,
    Unpacked,
    archive_kind,
    refused_kind,
    transcoded,
    unpacked,
)
from geo.incidents._csvfile import read_header
from geo.incidents.records import IncidentRead
from geo.incidents.schema import DateOrder
from geo.text.encodings import encoding_from_bom, text_encoding, utf16_without_mark

__all__ = [
    "FORMATS",
    "Format",
    "format_from_path",
    "head_from_path",
    "header_from_csv",
    "incidents_from_file",
    "read_incidents",
]

logger = logging.getLogger(__name__)

Format = Literal["acled", "ucdp", "bordermap", "geojson"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
#: Bytes of an archive's content unpacked to tell its format.
_SNIFF_BYTES: Final[int] = 1 << 20
_UCDP_MARKERS: Final[frozenset[str]] = frozenset(
    {"type_of_violence", "where_prec", "date_prec", "best"}
)
_ACLED_MARKERS: Final[frozenset[str]] = frozenset(
    {"inter1", "interaction", "data_id", "timestamp", "event_id_no_cnty", "civilian_targeting"}
)
#: Columns only bordermap's own files have: with ``evidence``, they tell bordermap's CSV (an
#: export of ACLED rows keeps ACLED's columns too) from an ACLED export a user added an
#: ``evidence`` column to.
_OWN_MARKERS: Final[frozenset[str]] = frozenset(
    {"review_status", "date_earliest", "date_latest", "place_id"}
)


def header_from_csv(path: str | os.PathLike[str], *, encoding: str | None = None) -> list[str]:
    """Return the column names of a CSV file, as every reader here reads them.

    Only the header row is read. A byte-order mark and blanks around the names are removed; a
    column without a name is called ``unnamed_<position>``.

    Parameters
    ----------
    path : str or path-like
        A CSV file with a header row.
    encoding : str, optional, keyword-only
        Its text encoding when it is not UTF-8 (see :func:`read_incidents`).

    Returns
    -------
    list of str

    Raises
    ------
    DataFileError
        The file is missing, unreadable, not UTF-8 or empty.

    Examples
    --------
    >>> header_from_csv("seeds/incidents.csv")[:3]
    ['event_id_cnty', 'event_date', 'year']
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError:  # read_header says why
        start = b""
    name = _encoding_to_read(start, encoding)
    if name is None:
        return read_header(path)
    with transcoded(path, name, limit=_SNIFF_BYTES) as inner:
        try:
            return read_header(inner.file)
        except DataFileError as exc:
            raise inner.error(exc) from None


def format_from_path(path: str | os.PathLike[str], *, encoding: str | None = None) -> Format:
    """Tell the format of an incident file from its first bytes and header (for ``--format auto``).

    GeoJSON: the first non-blank character is ``{``. CSV (``,``, ``;`` or tab between fields;
    names in any case): the header has UCDP's ``type_of_violence, where_prec, date_prec,
    best`` → ``ucdp``; ``event_id_cnty`` and ``evidence``, and a column only bordermap writes (``review_status``...) or
    no ACLED-only column → ``bordermap``; ``event_id_cnty``
    and an ACLED-only column (``inter1``, ``interaction``, ``timestamp``, ``data_id``...) →
    ``acled``; no header but 49 fields starting with a numeric id → ``ucdp`` (a GED
    candidate release). An archive or a workbook is told by the start of the one file (or
    sheet) inside it.

    ``encoding`` names the text encoding of a file that is not UTF-8 (see
    :func:`read_incidents`).

    Raises
    ------
    DataFileError
        The file cannot be read or its format is none of these.

    Examples
    --------
    >>> format_from_path("seeds/incidents.csv")
    'bordermap'
    >>> format_from_path("tests/data/acled_2023.csv"), format_from_path("tests/data/ucdp_ged.csv")
    ('acled', 'ucdp')
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except FileNotFoundError:
        raise InputNotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a folder; give the incident files in it") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DataFileError(
            f"{path}: cannot read it ({reason}); check the path and its permissions"
        ) from None
    refused = refused_kind(start)
    if refused is not None:
        raise DataFileError(f"{path}: {refused}")
    kind = archive_kind(start)
    if kind is not None:
        with unpacked(path, kind, limit=_SNIFF_BYTES) as inner:
            try:
                return format_from_path(inner.file, encoding=_text_encoding_of(inner, encoding))
            except DataFileError as exc:
                raise inner.error(exc) from None
    name = _encoding_to_read(start, encoding, path)
    if name is not None:
        with transcoded(path, name, limit=_SNIFF_BYTES) as inner:
            try:
                return format_from_path(inner.file)
            except DataFileError as exc:
                raise inner.error(exc) from None
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "geojson"
    names = read_header(path)
    header = {name.lower() for name in names}
    if header >= _UCDP_MARKERS:
        return "ucdp"
    own = header & _OWN_MARKERS or not header & _ACLED_MARKERS  # else ACLED's, evidence added
    if "event_id_cnty" in header and "evidence" in header and own:
        return "bordermap"
    if "event_id_cnty" in header and header & _ACLED_MARKERS:
        return "acled"
    from geo.incidents.ucdp import is_headerless_ged

    if is_headerless_ged(names):
        return "ucdp"
    shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
    if not shown.isprintable():
        utf16 = utf16_without_mark(start)
        shown = (
            "control characters: binary data, not a CSV header"
            if utf16 is None
            else f"NUL between its letters: {utf16.upper()} text without a byte-order mark, "
            f"so give --encoding {utf16}"
        )
    shown = shown if len(shown) <= 200 else shown[:197] + "..."
    raise DataFileError(
        f"{path}: cannot tell the format (header: {shown}); give one of {', '.join(FORMATS)}"
    )


def head_from_path(
    path: str | os.PathLike[str], *, encoding: str | None = None, size: int = 1 << 16
) -> bytes:
    """The first ``size`` bytes of an incident file's text as UTF-8: of the one file inside an
    archive, in the encoding it is in (a byte-order mark, or ``encoding``).

    What a sniffer looks at (``"event_id_cnty"`` in a GeoJSON) is then there whatever way the
    file came. A workbook gives the start of its sheet as CSV.

    Raises
    ------
    DataFileError
        The file cannot be read or unpacked, or is not text in its encoding.

    Examples
    --------
    >>> head_from_path("seeds/incidents.csv", size=13)
    b'event_id_cnty'
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    kind = archive_kind(start)
    if kind is not None:
        with unpacked(path, kind, limit=_SNIFF_BYTES) as inner:
            try:
                return head_from_path(
                    inner.file, encoding=_text_encoding_of(inner, encoding), size=size
                )
            except DataFileError as exc:
                raise inner.error(exc) from None
    name = _encoding_to_read(start, encoding)
    if name is None:
        with path.open("rb") as handle:
            return handle.read(size)
    with (
        transcoded(path, name, limit=max(size * 4, _SNIFF_BYTES)) as inner,
        inner.file.open("rb") as handle,
    ):
        return handle.read(size)


def read_incidents(
    path: str | os.PathLike[str],
    *,
    format: Format | Literal["auto"] = "auto",
    date_order: DateOrder = "auto",
    encoding: str | None = None,
) -> IncidentRead:
    """Read an incident file of any supported format; bad rows are returned, not raised.

    Parameters
    ----------
    path : str or path-like
        The file, or an archive or workbook holding it (see the module docstring).
    format : {"auto", "acled", "ucdp", "bordermap", "geojson"}, keyword-only
        ``"auto"`` asks :func:`format_from_path`.
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of dates such as ``05/06/2020`` (``"auto"``: the file settles it;
        :data:`geo.incidents.schema.DateOrder`).
    encoding : str, optional, keyword-only
        The text encoding of a file that is not UTF-8, as Python names it (``cp1252``,
        ``latin-1``, ``cp1251``, ``utf-16``...; :func:`geo.text.text_encoding` checks a name). A
        byte-order mark at the start of the file wins over it. A workbook's sheets carry
        their own.

    Returns
    -------
    IncidentRead
        Valid incidents (with a ``dataset`` column) and the rejects table.

    Raises
    ------
    DataFileError
        The file cannot be read or its format cannot be told.
    AmbiguousDateError
        ``date_order="auto"`` and nothing in a column of dates tells day from month.
    IncidentsValidationError
        A required column is missing.
    ValueError
        ``format`` is not a known format, or ``encoding`` not a text encoding.

    Examples
    --------
    >>> read = read_incidents("tests/data/acled_2023.csv")
    >>> read.incidents[["event_id_cnty", "event_type", "dataset"]].head(2)
      event_id_cnty              event_type dataset
    0       ARM2001                 Battles   ACLED
    1       AZE3002  Strategic developments   ACLED
    >>> len(read.rejected)
    0
    """
    path = Path(path)
    if encoding is not None:
        encoding = text_encoding(encoding)
    kind = _archive_of(path)
    if kind is None:
        read = _read_text(path, format, date_order=date_order, encoding=encoding)
    else:
        with unpacked(path, kind) as inner:
            try:
                read = inner.read(
                    _read_text(
                        inner.file,
                        format,
                        date_order=date_order,
                        encoding=_text_encoding_of(inner, encoding),
                        shown=inner.shown,
                    )
                )
            except (DataFileError, IncidentsValidationError) as exc:
                raise inner.error(exc) from None
    # the reader's working arrays are free now: give Arrow's share back before the next step
    pyarrow.default_memory_pool().release_unused()
    return read


def _archive_of(path: Path) -> Archive | None:
    """What :func:`~geo.incidents._archive.archive_kind` says of a file (``None`` when it
    cannot be read: the reader then says why)."""
    try:
        with path.open("rb") as handle:
            return archive_kind(handle.read(8))
    except OSError:
        return None


def _text_encoding_of(inner: Unpacked, encoding: str | None) -> str | None:
    """The encoding to read what was unpacked in: none for a workbook's sheet (bordermap
    wrote it as UTF-8), else the one asked for."""
    return None if inner.sheet is not None else encoding


def _encoding_to_read(start: bytes, encoding: str | None, path: Path | None = None) -> str | None:
    """The encoding a file that is not UTF-8 is read in (``None``: UTF-8).

    A byte-order mark says what the file is, whatever was asked. Given ``path``, a file
    that is UTF-8 text beyond ASCII is read as UTF-8 whatever ``encoding`` says
    (:func:`_utf8_beyond_ascii`; :func:`_as_utf8` warns).
    """
    marked = encoding_from_bom(start)
    name = marked or (None if encoding is None else text_encoding(encoding))
    if name in (None, "utf-8", "utf-8-sig"):
        return None
    if marked is None and path is not None and _utf8_beyond_ascii(path, name):
        return None
    return name


def _utf8_beyond_ascii(path: Path, encoding: str) -> bool:
    """The file is UTF-8 text, with bytes beyond ASCII, while ``encoding`` was named for it:
    a UTF-8 file among files in ``encoding`` (one ``--encoding`` for a folder), which that
    encoding would read into other letters (``é`` into ``Ã©`` in cp1252) or refuse.

    Text in a single-byte encoding is never UTF-8 where it has letters beyond ASCII (``é``
    alone, ``Ã©`` being mojibake already); UTF-16 and UTF-32 are not asked.
    """
    if encoding.startswith(("utf-16", "utf-32")):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    beyond = False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                decoder.decode(chunk)
                beyond = beyond or not chunk.isascii()
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, OSError):
        return False
    return beyond


def _mark_agrees(start: bytes, encoding: str) -> bool:
    """The byte-order mark ``start`` begins with says ``encoding`` (``utf-16-le`` for the
    mark of UTF-16 LE, ``utf-8-sig`` for UTF-8's): reading by the mark is no news."""
    if encoding in ("utf-8", "utf-8-sig"):
        return start.startswith(codecs.BOM_UTF8)
    if encoding in ("utf-16", "utf-32"):
        return encoding_from_bom(start) == encoding
    if not encoding.startswith(("utf-16-", "utf-32-")):
        return False
    width = 4 if encoding.startswith("utf-32") else 2
    order = "le" if start[:width] == "\ufeff".encode(f"{encoding[:6]}-le") else "be"
    return encoding_from_bom(start) == encoding[:6] and encoding.endswith(order)


def _read_text(
    path: Path,
    format: Format | Literal["auto"],
    *,
    date_order: DateOrder,
    encoding: str | None,
    shown: str | None = None,
) -> IncidentRead:
    """:func:`read_incidents` of a file that is not an archive: through a UTF-8 copy when its
    text is in another encoding."""
    return _in_utf8(
        path,
        lambda file: _read_file(file, format, date_order=date_order),
        encoding=encoding,
        shown=shown,
    )


def _in_utf8(
    path: Path,
    read: Callable[[Path], IncidentRead],
    *,
    encoding: str | None,
    shown: str | None = None,
) -> IncidentRead:
    """``read(path)``, or ``read`` of a UTF-8 copy when the file's text is in another encoding
    (a byte-order mark, or ``encoding``: :func:`_as_utf8`), its rejects and errors naming the
    file. Also :func:`geo.incidents.records.read_incidents_csv`'s ``encoding=``."""
    with _as_utf8(path, encoding, shown=shown) as inner:
        if inner is None:
            return read(path)
        try:
            return inner.read(read(inner.file))
        except (DataFileError, IncidentsValidationError) as exc:
            raise inner.error(exc) from None


@contextlib.contextmanager
def _as_utf8(path: Path, encoding: str | None, *, shown: str | None) -> Iterator[Unpacked | None]:
    """A UTF-8 copy of the file when it is in another encoding; ``None`` when it is UTF-8."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError:  # the reader says why
        start = b""
    name = _encoding_to_read(start, encoding)
    marked = encoding_from_bom(start)
    if marked is not None and encoding is not None and not _mark_agrees(start, encoding):
        logger.warning(
            "%s: starts with a %s byte-order mark, so it is read as %s, not %s",
            shown or path,
            marked,
            marked,
            encoding,
        )
    if marked is None and name is not None and _utf8_beyond_ascii(path, name):
        logger.warning(
            "%s: UTF-8 text (all of it; letters beyond ASCII too), so it is read as UTF-8, "
            "not %s: --encoding names the encoding of files that are not UTF-8",
            shown or path,
            name,
        )
        name = None
    if name is None:
        yield None
        return
    with transcoded(path, name, shown=shown) as inner:
        yield inner


def _read_file(
    path: Path, format: Format | Literal["auto"], *, date_order: DateOrder
) -> IncidentRead:
    """:func:`read_incidents` of a file that is not an archive."""
    fmt = format_from_path(path) if format == "auto" else format
    logger.info("%s: reading as %s", path, fmt)
    return _read_as(path, fmt, date_order=date_order)


def _read_as(path: Path, fmt: str, *, date_order: DateOrder) -> IncidentRead:
    """:func:`read_incidents` of a file whose format is known."""
    if fmt == "acled":
        from geo.incidents.acled import read_acled_csv

        return read_acled_csv(path, date_order=date_order)
    if fmt == "ucdp":
        from geo.incidents.ucdp import read_ucdp_csv

        return read_ucdp_csv(path, date_order=date_order)
    if fmt in ("bordermap", "geojson"):
        from geo.incidents.records import read_incidents_csv, read_incidents_geojson

        reader = read_incidents_csv if fmt == "bordermap" else read_incidents_geojson
        result = reader(path, date_order=date_order)
        frame = result.incidents
        if "dataset" not in frame.columns:
            frame = frame.assign(dataset=pd.array(["bordermap"] * len(frame), dtype="string"))
        return IncidentRead(frame, result.rejected)
    raise ValueError(f"unknown format {fmt!r}; expected auto or one of {', '.join(FORMATS)}")


def incidents_from_file(
    path: str | os.PathLike[str],
    *,
    format: Format | Literal["auto"] = "auto",
    errors: Literal["raise", "reject"] = "raise",
    date_order: DateOrder = "auto",
    encoding: str | None = None,
) -> pd.DataFrame:
    """Return the incidents of a file of any supported format.

    Parameters
    ----------
    path : str or path-like
        The file.
    format : {"auto", "acled", "ucdp", "bordermap", "geojson"}, keyword-only
        See :func:`read_incidents`.
    errors : {"raise", "reject"}, keyword-only
        ``"raise"``: any bad row fails the file with every problem listed; ``"reject"``: bad
        rows are left out (use :func:`read_incidents` to get them).
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        See :func:`read_incidents`.
    encoding : str, optional, keyword-only
        See :func:`read_incidents`.

    Returns
    -------
    pandas.DataFrame
        Valid incidents in the incident schema.

    Raises
    ------
    IncidentsValidationError
        With ``errors="raise"``, when a row is invalid; or a required column is missing.
    DataFileError
        The file cannot be read or its format cannot be told.
    """
    result = read_incidents(path, format=format, date_order=date_order, encoding=encoding)
    if errors == "raise" and len(result.rejected):
        raise IncidentsValidationError(result.problems)
    return result.incidents
