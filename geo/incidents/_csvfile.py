"""A CSV file as text cells with the exact physical line of every record (for geo.incidents._tabular).

A file is read once, every cell as text, by pyarrow's multi-threaded CSV reader. A file that
reader refuses (a row with too many or too few fields, invalid UTF-8, a line of blanks) is read
by pandas' C parser (``dtype=str``, ``keep_default_na=False``), and a file pandas cannot parse
(or would misread) by the :mod:`csv` module. The cells stay Arrow strings.

Line numbers
------------
The record on data row ``i`` (0-based) starts on physical line ``i + 2`` when no quoted field
holds a line break and the file has no blank lines; the reader checks that by counting the
file's newlines (one streaming pass over the bytes; a ``\\r`` that does not end a
``\\r\\n`` is a line break too, so its presence voids the proof). When the counts disagree,
exact line numbers come from a second, streaming pass with the :mod:`csv` module
(``reader.line_num``), which also gives every record's field count. When pandas cannot parse
the file at all (a quoted field left open by a truncated last line, a row with too many
fields), the whole file is read with the :mod:`csv` module instead, in chunks: slower, but
exact and lossless.

Rows with fewer fields than the header (a truncated line) make pyarrow refuse the file; in
pandas' path they are found by looking at the rows whose last cell is empty (pandas pads short
rows with empty cells) and counting the fields of those lines with the :mod:`csv` module.

Where pyarrow takes a file, its cells, lines and field counts are the csv module's (a property
test in ``tests/incidents/test_readers.py`` compares them on arbitrary text).
"""

from __future__ import annotations

import csv
import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.errors import DataFileError, InputNotFoundError

__all__ = ["RawTable", "min_width", "read_header", "read_raw_csv"]

logger = logging.getLogger(__name__)

_CHUNK_ROWS = 200_000
_UNNAMED = "unnamed_"
_ARROW_BLOCK = 1 << 24


@dataclass
class RawTable:
    """A CSV file as text cells, with the physical line of every record.

    Attributes
    ----------
    path : str
        The file as given (for messages).
    header : list of str
        Column names, as in the file (BOM and surrounding blanks removed).
    cells : pandas.DataFrame
        One column per header name, every cell a ``str`` (never missing), RangeIndex.
    lines : numpy.ndarray
        1-based physical line on which each record starts (int64).
    field_counts : numpy.ndarray or None
        Number of fields of each record, where known (``None``: every record had exactly
        ``len(header)`` fields, or only the short rows were looked at and recorded in
        :attr:`short`).
    short : numpy.ndarray
        Boolean mask of records with fewer fields than the header.
    long : numpy.ndarray
        Boolean mask of records with more fields than the header.
    """

    path: str
    header: list[str]
    cells: pd.DataFrame
    lines: np.ndarray
    field_counts: np.ndarray | None = None
    short: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    long: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return len(self.cells)


def _open_error(shown: str, exc: BaseException) -> DataFileError:
    if isinstance(exc, FileNotFoundError):
        return InputNotFoundError(f"{shown}: no such file")
    if isinstance(exc, UnicodeDecodeError):
        return DataFileError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    if isinstance(exc, IsADirectoryError):
        return DataFileError(f"{shown}: is a directory, not a file")
    return DataFileError(f"{shown}: cannot read ({exc})")


def read_header(path: Path) -> list[str]:
    """Return the header row of a CSV file (BOM and blanks around names removed).

    Raises
    ------
    DataFileError
        Missing, unreadable, not UTF-8, or empty.
    """
    return [c.strip() or f"{_UNNAMED}{i + 1}" for i, c in enumerate(_header_fields(path))]


def _header_fields(path: Path) -> list[str]:
    """The header row's fields as written (BOM removed); see :func:`read_header`."""
    shown = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            row = next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError) as exc:
        raise _open_error(shown, exc) from None
    except csv.Error as exc:
        raise DataFileError(f"{shown}: malformed CSV header: {exc}") from None
    if not row or not any(c.strip() for c in row):
        raise DataFileError(f"{shown}: empty file (no header row)")
    return row


def min_width(header: list[str]) -> int:
    """Fields a record needs: the header's, less trailing columns without a name."""
    width = len(header)
    while width and header[width - 1].startswith(_UNNAMED):
        width -= 1
    return width


def _count_newlines(path: Path) -> tuple[int, bool, bool]:
    """Number of ``\\n`` bytes in the file, whether it ends with one, and whether some
    ``\\r`` is not followed by ``\\n`` (a line break the parsers count and this does not)."""
    count, last, lone_cr = 0, b"", False
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            if last == b"\r" and not chunk.startswith(b"\n"):
                lone_cr = True
            count += chunk.count(b"\n")
            lone_cr = lone_cr or chunk.count(b"\r") > chunk.count(b"\r\n") + chunk.endswith(b"\r")
            last = chunk[-1:]
    return count, last == b"\n", lone_cr or last == b"\r"


def _csv_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for every non-blank record after the header (csv module)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        start = reader.line_num + 1
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + 1


def _lines_and_counts(path: Path) -> tuple[np.ndarray, np.ndarray]:
    lines: list[int] = []
    counts: list[int] = []
    for line, row in _csv_records(path):
        lines.append(line)
        counts.append(len(row))
    return np.asarray(lines, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def _read_with_csv_module(path: Path, header: list[str]) -> RawTable:
    """Read every record with the csv module, in chunks; exact lines and field counts."""
    width = len(header)
    frames: list[pd.DataFrame] = []
    lines: list[int] = []
    counts: list[int] = []
    chunk: list[list[str]] = []
    try:
        for line, row in _csv_records(path):
            lines.append(line)
            if len(row) < width:
                counts.append(len(row))
                row = row + [""] * (width - len(row))
            elif len(row) > width:
                # surplus fields that are all blank (a trailing comma) lose nothing
                surplus = any(cell.strip() for cell in row[width:])
                counts.append(len(row) if surplus else width)
                row = row[:width]
            else:
                counts.append(width)
            chunk.append(row)
            if len(chunk) >= _CHUNK_ROWS:
                frames.append(pd.DataFrame(chunk, columns=range(width), dtype=object))
                chunk = []
        if chunk:
            frames.append(pd.DataFrame(chunk, columns=range(width), dtype=object))
    except (OSError, UnicodeDecodeError) as exc:
        raise _open_error(str(path), exc) from None
    except csv.Error as exc:
        raise DataFileError(
            f"{path}: malformed CSV near line {lines[-1] if lines else 1}: {exc}"
        ) from None
    if frames:
        cells = pd.concat(frames, ignore_index=True)
        cells.columns = pd.Index(header)
    else:
        cells = pd.DataFrame({c: pd.Series(dtype=object) for c in header})
    cells = cells.fillna("")
    count_arr = np.asarray(counts, dtype=np.int64)
    return RawTable(
        str(path),
        header,
        cells,
        np.asarray(lines, dtype=np.int64),
        count_arr,
        count_arr < min_width(header),
        count_arr > width,
    )


def _read_with_arrow(path: Path, fields: list[str], header: list[str]) -> pd.DataFrame | None:
    """Every cell as Arrow text (pyarrow's CSV reader); ``None`` when it refuses the file.

    pyarrow refuses what needs the slower readers: a row whose field count differs from the
    header's, invalid UTF-8. Quoted line breaks are read as pandas and the csv module read
    them (``newlines_in_values``); blank lines are skipped as they skip them.
    """
    from pyarrow import csv as pacsv

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=_ARROW_BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(fields, pa.large_string()),  # pandas' own type
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        logger.info("%s: pyarrow's CSV reader refused the file (%s)", path, str(exc)[:200])
        return None
    if table.num_columns != len(header) or not all(
        pa.types.is_string(t) or pa.types.is_large_string(t) for t in table.schema.types
    ):
        return None
    table = table.rename_columns(header)
    mapper = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
    return table.to_pandas(types_mapper=mapper.get)


def read_raw_csv(path: str | Path, *, usecols: Iterable[str] | None = None) -> RawTable:
    """Read a CSV file as text cells with exact physical line numbers (see module docstring).

    Columns without a name in the header are called ``unnamed_<position>``, and dropped when
    they hold no value (a trailing comma on every line).

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file with a header row.
    usecols : iterable of str, optional, keyword-only
        Read only these columns (names missing from the header are ignored).

    Returns
    -------
    RawTable

    Raises
    ------
    DataFileError
        The file is missing, unreadable, not UTF-8, empty or has duplicate column names.
    """
    return _without_blank_columns(_read_raw_csv(Path(path), usecols))


def _read_raw_csv(
    path: Path, usecols: Iterable[str] | None, *, engine: str = "pyarrow"
) -> RawTable:
    """:func:`read_raw_csv` before blank columns are dropped.

    ``engine="pandas"`` skips pyarrow (the tests compare both paths).
    """
    path = Path(path)
    shown = str(path)
    fields = _header_fields(path)
    header = read_header(path)
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise DataFileError(f"{shown}: duplicate column name(s) in the header: {', '.join(dupes)}")
    wanted = None if usecols is None else [c for c in header if c in set(usecols)]
    if engine == "pyarrow":
        table = _read_with_arrow(path, fields, header)
        if table is not None:
            return _restrict(_with_lines(path, header, table), wanted)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cells = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding="utf-8-sig",
                on_bad_lines="warn",
                engine="c",
                index_col=False,
                usecols=wanted,
                skipinitialspace=False,
            )
    except UnicodeDecodeError as exc:
        raise _open_error(shown, exc) from None
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        logger.info(
            "%s: pandas could not parse the file (%s); reading it with the csv module", shown, exc
        )
        return _restrict(_read_with_csv_module(path, header), wanted)
    except OSError as exc:
        raise _open_error(shown, exc) from None
    if any("Skipping line" in str(w.message) or "does not match" in str(w.message) for w in caught):
        logger.info("%s: rows with too many fields; reading it with the csv module", shown)
        return _restrict(_read_with_csv_module(path, header), wanted)
    cells.columns = pd.Index(wanted if wanted is not None else header)
    return _with_lines(path, header, cells, pad_short=True, wanted=wanted)


def _with_lines(
    path: Path,
    header: list[str],
    cells: pd.DataFrame,
    *,
    pad_short: bool = False,
    wanted: list[str] | None = None,
) -> RawTable:
    """Attach the physical line of every record (see the module docstring).

    ``pad_short``: the parser padded short rows with empty cells (pandas), so look for them.
    """
    shown, width, n = str(path), len(header), len(cells)
    newlines, trailing, lone_cr = _count_newlines(path)
    if lone_cr and pad_short:
        # pandas' C parser misreads a field after a lone "\r" ("\r,a" gives "a", "")
        logger.info("%s: line breaks of a lone \\r; reading it with the csv module", shown)
        return _restrict(_read_with_csv_module(path, header), wanted)
    if newlines == n + (1 if trailing else 0) and not lone_cr:
        lines = np.arange(2, n + 2, dtype=np.int64)
        short = (
            _short_rows_fast(path, header, cells, lines) if pad_short else np.zeros(n, dtype=bool)
        )
        return RawTable(shown, header, cells, lines, None, short, np.zeros(n, dtype=bool))
    logger.info(
        "%s: quoted line breaks or blank lines; exact line numbers from the csv module", shown
    )
    lines, counts = _lines_and_counts(path)
    if len(lines) != n:
        return _restrict(_read_with_csv_module(path, header), wanted)
    return RawTable(shown, header, cells, lines, counts, counts < min_width(header), counts > width)


def _restrict(raw: RawTable, wanted: list[str] | None) -> RawTable:
    if wanted is not None:
        raw.cells = raw.cells[wanted]
    return raw


def _without_blank_columns(raw: RawTable) -> RawTable:
    """Drop columns with no name and no value (a trailing comma on every line)."""
    blank = [
        c
        for c in raw.header
        if c.startswith(_UNNAMED)
        and c in raw.cells.columns
        and raw.cells[c].astype(str).str.strip().eq("").all()
    ]
    if blank:
        raw.cells = raw.cells.drop(columns=blank)
    return raw


def _short_rows_fast(
    path: Path, header: list[str], cells: pd.DataFrame, lines: np.ndarray
) -> np.ndarray:
    """Rows with fewer fields than the header, when every record is one physical line."""
    short = np.zeros(len(cells), dtype=bool)
    last = header[-1]
    if last not in cells.columns or not len(cells):
        return short
    candidates = np.flatnonzero((cells[last] == "").to_numpy())
    if not len(candidates):
        return short
    wanted = dict(zip(lines[candidates].tolist(), candidates.tolist(), strict=True))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, raw_line in enumerate(handle, start=1):
            row_index = wanted.get(number)
            if row_index is None:
                continue
            fields = next(csv.reader([raw_line]), [])
            short[row_index] = len(fields) < min_width(header)
    return short
