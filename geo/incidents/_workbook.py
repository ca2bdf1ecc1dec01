"""A spreadsheet workbook (``.xlsx``, ``.xls``, ``.ods``) as the CSV text every reader reads
(for ``_archive``).

ACLED's curated regional files are Excel workbooks. The sheet that holds data is written as UTF-8
CSV, each cell as text of the value it stores: text as it is; a whole number
without a decimal point (``12``, not ``12.0``); another number in its shortest exact decimal
form; a date as ``2022-12-28`` (with the time when it has one); a formula as the value the
workbook saved for it (what the spreadsheet shows), never the formula; calamine reads an
error value (``#N/A``) and a formula whose result was never saved (a workbook written by a
program, not a spreadsheet) as empty. Rows with no value at
all (the formatted but empty rows spreadsheets keep at the end) are left out, and so are rows
of one value above the header (a title; a warning names them). Merged cells are read as
calamine reads them, the value in the first cell only; a warning names them.

The readers name records by their line in that CSV; :class:`SheetRows` turns those lines
back into the sheet's row numbers, which is what a user sees in the spreadsheet. Reading needs
``python-calamine`` (``pip install 'bordermap[xlsx]'``; Rust's calamine, many times faster than
the pure-Python readers on a sheet of a million rows), imported only when a workbook is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import zipfile
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

import numpy as np

from geo.errors import DataFileError, MissingDependencyError

__all__ = ["SheetRows", "csv_from_workbook"]

logger = logging.getLogger(__name__)

#: Rows of one value each (a title, a note of the source) left out above the header, at most.
_TITLE_ROWS: Final[int] = 10
#: Rows a progress bar is shown for (on a terminal).
_BAR_ROWS: Final[int] = 50_000
#: The first bytes of an OLE2 file, and the name (UTF-16) of the stream an encrypted Office
#: file holds its content in.
_OLE2: Final[bytes] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED: Final[bytes] = "EncryptedPackage".encode("utf-16-le")
#: Cells an OpenDocument spreadsheet may hold however few its bytes.
_CELLS_FROM: Final[int] = 10_000_000
#: Bytes read at a time looking for it.
_CHUNK: Final[int] = 1 << 20


class SheetRows:
    """The sheet row of each record the CSV written from a sheet holds.

    Parameters
    ----------
    lines : numpy.ndarray
        The CSV line each written row starts on, ascending.
    rows : numpy.ndarray
        The sheet row each written row came from.
    """

    def __init__(self, lines: np.ndarray, rows: np.ndarray) -> None:
        self.lines, self.rows = lines, rows

    def row(self, line: int) -> int:
        """The sheet row of the record that starts on CSV line ``line``."""
        at = int(np.searchsorted(self.lines, line))
        return int(self.rows[at]) if at < len(self.lines) and self.lines[at] == line else line

    def rows_of(self, lines: np.ndarray) -> np.ndarray:
        """:meth:`row` of many lines."""
        at = np.clip(np.searchsorted(self.lines, lines), 0, max(len(self.lines) - 1, 0))
        if not len(self.lines):
            return lines
        return np.where(self.lines[at] == lines, self.rows[at], lines)


def csv_from_workbook(
    path: Path, target: Path, *, suffix: str | None = None, max_rows: int | None = None
) -> SheetRows:
    """Write the sheet of ``path`` that holds data to ``target`` as CSV (its first
    ``max_rows`` rows, when given); its row numbers.

    Parameters
    ----------
    path : pathlib.Path
        The workbook.
    target : pathlib.Path
        The CSV to write.
    suffix : str, optional, keyword-only
        The suffix of the kind of workbook its content shows (``.xlsx``, ``.xls``, ``.ods``):
        calamine picks its reader by the file's name, so a workbook named otherwise (an
        ``.xlsx`` saved as ``.xls``, a download without a suffix) is read through a link of
        that name beside ``target``.
    max_rows : int, optional, keyword-only
        Write only this many rows.

    Raises
    ------
    MissingDependencyError
        python-calamine is not installed.
    DataFileError
        The workbook cannot be read, holds no data, or more than one sheet holds data (which
        one is meant cannot be told).
    """
    try:
        import python_calamine
    except ImportError as exc:
        raise MissingDependencyError(
            f"{path}: a spreadsheet workbook; reading it needs python-calamine: pip install "
            "'bordermap[xlsx]' (or save the sheet as 'CSV UTF-8' and give that file)"
        ) from exc
    if _kind(suffix or path.suffix) == ".ods":
        _not_a_cell_bomb(path)
    read = path
    if suffix is not None and _kind(path.suffix) != _kind(suffix):
        read = target.with_name(f"workbook{suffix}")
        read.symlink_to(path.resolve())
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(read))
        sheets = [book.get_sheet_by_name(name) for name in book.sheet_names]
        sheet = _the_sheet(path, [s for s in sheets if s.start is not None])
        rows = _write_sheet(path, sheet, target, max_rows)
        if max_rows is None and len(rows.rows):
            _warn_merged(path, sheet, int(rows.rows[0]))
        return rows
    except (DataFileError, OSError):
        raise
    except Exception as exc:  # calamine raises its own kinds for a damaged workbook
        if isinstance(exc, python_calamine.PasswordError) or _encrypted(path):
            raise DataFileError(
                f"{path}: a password-protected (encrypted) spreadsheet workbook; open it in the "
                "spreadsheet and save the sheet as 'CSV UTF-8' (or save it without a password), "
                "and give that file"
            ) from None
        raise DataFileError(
            f"{path}: a spreadsheet workbook that cannot be read ({type(exc).__name__}: {exc}); "
            "save the sheet as 'CSV UTF-8' and give that file"
        ) from None


def _not_a_cell_bomb(path: Path) -> None:
    """Refuse an OpenDocument spreadsheet whose cells, repeated as its XML says
    (``number-rows-repeated``, ``number-columns-repeated``), far outnumber its bytes: calamine
    would fill memory with them (a file of a few kilobytes can ask for many millions of cells).
    A cell written out takes tens of bytes of XML; spreadsheets repeat only a few alike."""
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    rows_repeated, columns_repeated = (
        f"{{{table}}}number-rows-repeated",
        (f"{{{table}}}number-columns-repeated"),
    )
    value_type = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
    cells = size = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            size = archive.getinfo("content.xml").file_size
            in_row = 0
            # expat expands no external entities; its own limits stop entity bombs
            for _, element in ElementTree.iterparse(content, events=("end",)):  # noqa: S314
                if element.tag == f"{{{table}}}table-cell" and value_type in element.attrib:
                    in_row += int(element.get(columns_repeated, 1))
                elif element.tag == f"{{{table}}}table-row":
                    cells += in_row * int(element.get(rows_repeated, 1))
                    in_row = 0
                    element.clear()
                    if cells > max(_CELLS_FROM, size):
                        break
    except (KeyError, ValueError, ElementTree.ParseError, zipfile.BadZipFile):
        return  # calamine says what is wrong with it
    if cells > max(_CELLS_FROM, size):
        raise DataFileError(
            f"{path}: a spreadsheet of at least {cells:,} cells (repeated) in {size:,} bytes, "
            "which no incident file is (a damaged file, or one made to fill memory); save the "
            "sheet as 'CSV UTF-8' and give that file"
        )


def _encrypted(path: Path) -> bool:
    """``path`` is an OLE2 file holding an ``EncryptedPackage`` stream: an Excel workbook
    saved with a password (whatever its name; calamine says so only of one named
    ``.xlsx``)."""
    with path.open("rb") as handle:
        if handle.read(len(_OLE2)) != _OLE2:
            return False
        tail = b""
        while chunk := handle.read(_CHUNK):
            if _ENCRYPTED in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED) :]
    return False


def _kind(suffix: str) -> str:
    """The reader calamine picks for a name ending so (an ``.xlsx`` one for ``.xlsm``)."""
    suffix = suffix.lower()
    return ".xlsx" if suffix in {".xlsx", ".xlsm", ".xlam"} else suffix


def _the_sheet(path: Path, sheets: list[Any]) -> Any:
    """The one worksheet of ``sheets`` (those with data)."""
    if not sheets:
        raise DataFileError(f"{path}: a spreadsheet workbook with no data in it")
    if len(sheets) > 1:
        names = ", ".join(repr(s.name) for s in sheets[:4])
        raise DataFileError(
            f"{path}: a spreadsheet workbook of {len(sheets)} sheets with data ({names}); save "
            "the one to read as 'CSV UTF-8' and give that file"
        )
    return sheets[0]


def _write_sheet(path: Path, sheet: Any, target: Path, max_rows: int | None) -> SheetRows:
    """Write the sheet's non-empty rows as CSV lines; their starting lines and sheet rows
    (calamine yields the rows from the sheet's first, empty ones included)."""
    from tqdm.auto import tqdm

    total = sheet.start[0] + sheet.height
    #: Rows of one value before the header: titles if a row of more values follows soon.
    held: list[tuple[int, list[str]]] = []
    titles: list[tuple[int, list[str]]] = []
    with target.open("w", encoding="utf-8", newline="") as out:
        written = _Written(out)
        bar = tqdm(
            sheet.iter_rows(),
            total=total,
            desc=f"bordermap: reading {path.name}",
            unit="row",
            disable=None if total >= _BAR_ROWS else True,
            mininterval=0.5,
        )
        for number, values in enumerate(bar, start=1):
            if max_rows is not None and len(written.rows) >= max_rows:
                break
            texts = [_text(v) for v in values]
            if not any(texts):
                continue
            if not written.rows and sum(map(bool, texts)) == 1:
                held.append((number, texts))
                if len(held) <= _TITLE_ROWS:
                    continue
            if held and len(held) <= _TITLE_ROWS:
                titles = held  # a row of more values: those above it are titles
            else:
                written.rows_of(held[:-1])  # a sheet of one column
                if held:
                    number, texts = held[-1]
            held = []
            written.row(number, texts)
        written.rows_of(held)  # a short sheet of one column
    if titles and max_rows is None:
        logger.warning(
            "%s: left out %s above the header (row %d): %s",
            path,
            "a title row" if len(titles) == 1 else f"{len(titles)} title rows",
            written.rows[0],
            "; ".join(f"row {n} {next(t for t in texts if t)[:60]!r}" for n, texts in titles),
        )
    return SheetRows(
        np.asarray(written.lines, dtype=np.int64), np.asarray(written.rows, dtype=np.int64)
    )


class _Written:
    """The CSV being written from a sheet: the line each row starts on, and its sheet row."""

    def __init__(self, out: Any) -> None:
        self.writer = csv.writer(out, lineterminator="\n")
        self.lines: list[int] = []
        self.rows: list[int] = []
        self.line = 1

    def row(self, number: int, texts: list[str]) -> None:
        """Write sheet row ``number``."""
        self.writer.writerow(texts)
        self.lines.append(self.line)
        self.rows.append(number)
        self.line += 1 + sum(_breaks(t) for t in texts)

    def rows_of(self, numbered: list[tuple[int, list[str]]]) -> None:
        """Write these ``(sheet row, texts)``."""
        for number, texts in numbered:
            self.row(number, texts)


def _warn_merged(path: Path, sheet: Any, header: int) -> None:
    """Warn of the merged cells from sheet row ``header`` on: a spreadsheet shows one value
    across them, but only the first cell holds it (the others read as empty)."""
    merged = [
        (first, last)
        for first, last in getattr(sheet, "merged_cell_ranges", None) or ()
        if last[0] + 1 >= header and (first[0], first[1]) != (last[0], last[1])
    ]
    if merged:
        shown = ", ".join(f"{_cell(*first)}:{_cell(*last)}" for first, last in merged[:5])
        logger.warning(
            "%s: %d merged cell range(s) (%s%s): only the first cell of each holds the value "
            "shown across it, the others are read as empty",
            path,
            len(merged),
            shown,
            ", ..." if len(merged) > 5 else "",
        )


def _cell(row: int, column: int) -> str:
    """The name (``B5``) of the cell at 0-based ``row`` and ``column``."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def _breaks(text: str) -> int:
    """Line breaks in a cell, as the readers count them (``\\r\\n``, ``\\r`` or ``\\n``)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _text(value: object) -> str:
    """A cell's value as a spreadsheet shows it (module docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
