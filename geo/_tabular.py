"""Vectorised reading and validation of large CSV exports (shared by the ACLED and UCDP readers).

A file is read once with pandas' C parser, every cell as text (``dtype=str``,
``keep_default_na=False``); cells are then parsed and checked column by column with vectorised
pandas/numpy operations, most of them on the *distinct* values of a column only (dates, codes
and numbers repeat a lot in conflict data). Every problem is recorded with the file, line,
column, value and a reason, in the shape of :attr:`geo.incidents.IncidentRead.rejected`.

Line numbers
------------
The record on data row ``i`` (0-based) starts on physical line ``i + 2`` when no quoted field
holds a line break and the file has no blank lines; the reader checks that by counting the
file's newlines (a streaming pass, ~0.3 s per 500 MB). When the counts disagree, exact line
numbers come from a second, streaming pass with the :mod:`csv` module (``reader.line_num``),
which also gives every record's field count. When pandas cannot parse the file at all (a
quoted field left open by a truncated last line, a row with too many fields), the whole file is
read with the :mod:`csv` module instead, in chunks: slower, but exact and lossless.

Rows with fewer fields than the header (a truncated line) are found in the fast path by
looking at the rows whose last cell is empty (pandas pads short rows with empty cells) and
counting the fields of those lines with the :mod:`csv` module.
"""

from __future__ import annotations

import csv
import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo._errors import DataFileError, IncidentsValidationError, RowProblem

__all__ = [
    "NULL_TOKENS",
    "REJECT_COLUMNS",
    "Cells",
    "Converter",
    "Problems",
    "RawTable",
    "assemble",
    "is_null_unique",
    "parse_dates",
    "parse_floats",
    "parse_ints",
    "read_raw_csv",
    "require_columns",
]

logger = logging.getLogger(__name__)

#: Cells read as "no value" (ACLED writes ``NA``; the project's reader accepts the same set).
NULL_TOKENS: frozenset[str] = frozenset({"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"})
#: Columns of a rejects table (as :attr:`geo.incidents.IncidentRead.rejected`).
REJECT_COLUMNS: tuple[str, ...] = ("path", "line", "event_id_cnty", "column", "value", "reason")
_CHUNK_ROWS = 200_000
_UNNAMED = "unnamed_"


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


class Problems:
    """Collects cell problems as vectorised masks and turns them into a rejects table.

    Parameters
    ----------
    path : str
        The file, as shown in every problem.
    lines : numpy.ndarray
        Physical line of each row.
    ids : pandas.Series
        The row's event id (shown in the rejects table), text.
    """

    def __init__(self, path: str, lines: np.ndarray, ids: Cells) -> None:
        self.path = path
        self.lines = lines
        self.ids = ids
        self._parts: list[pd.DataFrame] = []
        self.bad = np.zeros(len(lines), dtype=bool)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        values: Cells | np.ndarray | str,
        reason: str | np.ndarray,
    ) -> None:
        """Record ``reason`` for ``column`` on every row where ``mask`` is true.

        ``values`` (the offending cells) and ``reason`` are either one value for all rows or
        an array aligned with the rows.
        """
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        rows = np.flatnonzero(m)
        self.bad[rows] = True

        def pick(x: Cells | np.ndarray | str) -> np.ndarray | str:
            if isinstance(x, str):
                return x
            if isinstance(x, Cells):
                return x.at(rows)
            return np.asarray(x, dtype=object)[rows]

        self._parts.append(
            pd.DataFrame(
                {
                    "row": rows,
                    "path": self.path,
                    "line": self.lines[rows],
                    "event_id_cnty": self.ids.at(rows),
                    "column": column,
                    "value": pick(values),
                    "reason": pick(reason),
                }
            )
        )

    def table(self) -> pd.DataFrame:
        """The rejects table, sorted by line then column; columns :data:`REJECT_COLUMNS`."""
        if not self._parts:
            return pd.DataFrame(
                {
                    "path": pd.Series(dtype=object),
                    "line": pd.Series(dtype="Int64"),
                    "event_id_cnty": pd.Series(dtype=object),
                    "column": pd.Series(dtype=object),
                    "value": pd.Series(dtype=object),
                    "reason": pd.Series(dtype=object),
                }
            )
        out = pd.concat(self._parts, ignore_index=True)
        out = out.sort_values(["line", "column"], kind="stable").reset_index(drop=True)
        out["line"] = out["line"].astype("Int64")
        out["value"] = out["value"].map(lambda v: "" if v is None or v is pd.NA else str(v))
        out["event_id_cnty"] = out["event_id_cnty"].map(
            lambda v: "" if v is None or v is pd.NA else str(v)
        )
        return out[list(REJECT_COLUMNS)]


# ---------------------------------------------------------------------------------- reading
def _open_error(shown: str, exc: BaseException) -> DataFileError:
    if isinstance(exc, FileNotFoundError):
        return DataFileError(f"{shown}: no such file")
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
    return [c.strip() or f"{_UNNAMED}{i + 1}" for i, c in enumerate(row)]


def min_width(header: list[str]) -> int:
    """Fields a record needs: the header's, less trailing columns without a name."""
    width = len(header)
    while width and header[width - 1].startswith(_UNNAMED):
        width -= 1
    return width


def _count_newlines(path: Path) -> tuple[int, bool]:
    """Number of ``\\n`` bytes in the file and whether the file ends with one."""
    count, last = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count, last == b"\n"


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

    def flush() -> None:
        if chunk:
            frames.append(pd.DataFrame(chunk, columns=range(width), dtype=object))
            chunk.clear()

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
                flush()
        flush()
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


def _read_raw_csv(path: Path, usecols: Iterable[str] | None) -> RawTable:
    """:func:`read_raw_csv` before blank columns are dropped."""
    path = Path(path)
    shown = str(path)
    header = read_header(path)
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise DataFileError(f"{shown}: duplicate column name(s) in the header: {', '.join(dupes)}")
    width = len(header)
    wanted = None if usecols is None else [c for c in header if c in set(usecols)]
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
    n = len(cells)
    newlines, trailing = _count_newlines(path)
    if newlines == n + (1 if trailing else 0):
        lines = np.arange(2, n + 2, dtype=np.int64)
        short = _short_rows_fast(path, header, cells, lines)
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


def require_columns(header: Iterable[str], required: Iterable[str], shown: str) -> None:
    """Raise :class:`IncidentsValidationError` naming every required column the header lacks."""
    have = set(header)
    missing = [c for c in required if c not in have]
    if missing:
        raise IncidentsValidationError(
            [RowProblem(shown, None, c, "", "required column is missing") for c in missing]
        )


# ---------------------------------------------------------------------------------- parsing
class Cells:
    """The stripped cells of one column, stored as distinct values and codes.

    Columns of conflict data repeat a lot (dates, codes, names); every parse and check runs on
    the distinct values only and is spread back with one ``take``. Columns that barely repeat
    (ids, notes, coordinates) are kept as they are (``codes`` is ``None``).
    """

    __slots__ = ("codes", "uniques")

    def __init__(self, values: np.ndarray) -> None:
        sample = values[:20_000]
        if len(sample) and len(pd.unique(sample)) > 0.5 * len(sample):
            self.codes: np.ndarray | None = None
            uniques = values
        else:
            self.codes, uniques = pd.factorize(values, use_na_sentinel=False)
        stripped = pd.Series(uniques, dtype=object).str.strip()
        self.uniques: np.ndarray = stripped.to_numpy(dtype=object)

    @classmethod
    def empty(cls, n: int) -> Cells:
        """A column of ``n`` empty cells."""
        return cls(np.full(n, "", dtype=object))

    def spread(self, per_unique: np.ndarray) -> np.ndarray:
        """Spread an array aligned with :attr:`uniques` to one value per row."""
        return per_unique if self.codes is None else per_unique[self.codes]

    def spread_array(self, per_unique: Any) -> Any:
        """Like :meth:`spread`, for a pandas extension array."""
        return per_unique if self.codes is None else per_unique.take(self.codes)

    def values(self) -> np.ndarray:
        """One stripped ``str`` per row."""
        return self.spread(self.uniques)

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The stripped cells of the given rows."""
        return self.uniques[rows] if self.codes is None else self.uniques[self.codes[rows]]


def is_null_unique(cells: Cells) -> np.ndarray:
    """Per distinct value: it means "no value"."""
    return pd.Series(cells.uniques, dtype=object).isin(NULL_TOKENS).to_numpy()


def parse_ints(cells: Cells) -> tuple[pd.Series, np.ndarray]:
    """Parse whole numbers; return ``(Int64 series, bad mask)``; null tokens give ``<NA>``."""
    u = pd.Series(cells.uniques, dtype=object)
    null = u.isin(NULL_TOKENS).to_numpy()
    num = pd.to_numeric(u.where(~null, None), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    with np.errstate(invalid="ignore"):
        good = np.isfinite(num) & (np.floor(num) == num) & (np.abs(num) < 2**53)
    values = pd.array(np.where(good, num, 0).astype("int64"), dtype="Int64")
    values[~good] = pd.NA
    return pd.Series(cells.spread_array(values)), cells.spread(~good & ~null)


def parse_floats(cells: Cells) -> tuple[pd.Series, np.ndarray]:
    """Parse finite decimal numbers; return ``(Float64 series, bad mask)``."""
    u = pd.Series(cells.uniques, dtype=object)
    null = u.isin(NULL_TOKENS).to_numpy()
    num = pd.to_numeric(u.where(~null, None), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    good = np.isfinite(num)
    values = pd.array(np.where(good, num, np.nan), dtype="Float64")
    values[~good] = pd.NA
    return pd.Series(cells.spread_array(values)), cells.spread(~good & ~null)


def parse_dates(cells: Cells, formats: Iterable[str]) -> tuple[pd.Series, np.ndarray]:
    """Parse dates in any of ``formats`` (strptime); return ``(datetime64[ms] series, bad)``."""
    u = pd.Series(cells.uniques, dtype=object)
    null = u.isin(NULL_TOKENS).to_numpy()
    out = np.full(len(u), np.datetime64("NaT"), dtype="datetime64[ms]")
    todo = ~null
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(u[todo], format=fmt, errors="coerce")
        ok = parsed.notna().to_numpy()
        idx = np.flatnonzero(todo)[ok]
        out[idx] = parsed.to_numpy(dtype="datetime64[ms]")[ok]
        todo[idx] = False
    years = out.astype("datetime64[Y]").astype("int64") + 1970
    out[(years < 1800) | (years > 2200)] = np.datetime64("NaT")
    bad = ~null & np.isnat(out)
    return pd.Series(cells.spread(out), dtype="datetime64[ms]"), cells.spread(bad)


# ---------------------------------------------------------------------------------- converting
class Converter:
    """Parse the columns of a :class:`RawTable` into typed series, recording every problem.

    Each method returns a series aligned with the table's rows; a bad cell gives a missing
    value there and a problem (file, line, column, value, reason) in :attr:`problems`.

    Parameters
    ----------
    raw : RawTable
        The file's cells.
    id_column : str
        The column whose value identifies a row in the rejects table.
    """

    def __init__(self, raw: RawTable, id_column: str) -> None:
        self.raw = raw
        self._cells: dict[str, Cells] = {}
        self.problems = Problems(raw.path, raw.lines, self.cells(id_column))
        width = min_width(raw.header)
        if raw.short.any() or raw.long.any():
            counts = (
                raw.field_counts if raw.field_counts is not None else np.where(raw.short, -1, width)
            )
            found = [("fewer" if c < 0 else str(c)) for c in counts]
            self.problems.add(
                raw.short,
                "(row)",
                "",
                np.array(
                    [f"expected {width} fields, found {f} (a truncated line?)" for f in found],
                    dtype=object,
                ),
            )
            self.problems.add(
                raw.long,
                "(row)",
                "",
                np.array([f"expected {width} fields, found {f}" for f in found], dtype=object),
            )

    def __len__(self) -> int:
        return len(self.raw)

    def cells(self, column: str) -> Cells:
        """Stripped cells of ``column`` (empty where the column is absent)."""
        if column not in self._cells:
            if column in self.raw.cells.columns:
                self._cells[column] = Cells(self.raw.cells[column].to_numpy(dtype=object))
            else:
                self._cells[column] = Cells.empty(len(self.raw))
        return self._cells[column]

    def has(self, column: str) -> bool:
        """The file has this column."""
        return column in self.raw.cells.columns

    def null(self, column: str) -> np.ndarray:
        """Rows whose cell means "no value"."""
        cells = self.cells(column)
        return cells.spread(is_null_unique(cells))

    def _required(self, column: str, required: bool) -> None:
        if required:
            self.problems.add(self.null(column), column, "", "required value is empty")

    def string(self, column: str, *, required: bool = False) -> pd.Series:
        """Text cells as pandas ``string``; null tokens become ``<NA>``."""
        cells = self.cells(column)
        null = is_null_unique(cells)
        uniques = cells.uniques.copy()
        uniques[null] = None
        self._required(column, required)
        return pd.Series(cells.spread_array(pd.array(uniques, dtype="string")))

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        allowed: Iterable[int] | None = None,
        minimum: int | None = None,
    ) -> pd.Series:
        """Whole numbers (``Int64``), optionally restricted to ``allowed`` or ``>= minimum``."""
        cells = self.cells(column)
        parsed, bad = parse_ints(cells)
        self.problems.add(bad, column, cells, "not a whole number")
        self._required(column, required)
        if allowed is not None:
            allowed = sorted(allowed)
            out = parsed.notna().to_numpy() & ~parsed.isin(allowed).to_numpy(
                dtype=bool, na_value=False
            )
            self.problems.add(out, column, cells, f"not one of the allowed values {allowed}")
            parsed = parsed.mask(out)
        if minimum is not None:
            low = (parsed < minimum).to_numpy(dtype=bool, na_value=False)
            reason = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
            self.problems.add(low, column, cells, reason)
            parsed = parsed.mask(low)
        return parsed

    def number(self, column: str, *, low: float, high: float, required: bool = False) -> pd.Series:
        """Finite decimal numbers (``Float64``) within ``[low, high]``."""
        cells = self.cells(column)
        parsed, bad = parse_floats(cells)
        self.problems.add(bad, column, cells, "not a number")
        self._required(column, required)
        out = ((parsed < low) | (parsed > high)).to_numpy(dtype=bool, na_value=False)
        self.problems.add(out, column, cells, f"out of range [{low:g}, {high:g}]")
        return parsed.mask(out)

    def date(
        self, column: str, formats: Iterable[str], *, shown: str, required: bool = False
    ) -> pd.Series:
        """Dates (``datetime64[ms]``) in any of ``formats``; ``shown`` names them in messages."""
        cells = self.cells(column)
        parsed, bad = parse_dates(cells, formats)
        self.problems.add(bad, column, cells, f"not a date (expected {shown})")
        self._required(column, required)
        return parsed

    def check(self, mask: np.ndarray | pd.Series, column: str, reason: str | np.ndarray) -> None:
        """Record ``reason`` for ``column`` where ``mask`` holds (value: the cell as read)."""
        self.problems.add(np.asarray(mask, dtype=bool), column, self.cells(column), reason)

    def unique_ids(self, column: str) -> None:
        """Reject rows whose id repeats: exact copies after the first, all rows of a conflict."""
        ids = pd.Series(self.cells(column).values(), dtype=object)
        dup = ids.duplicated(keep=False).to_numpy() & ~self.null(column)
        if not dup.any():
            return
        rows = np.flatnonzero(dup)
        key = pd.util.hash_pandas_object(self.raw.cells.iloc[rows], index=False).to_numpy()
        frame = pd.DataFrame({"id": ids.to_numpy()[rows], "key": key, "line": self.raw.lines[rows]})
        groups = frame.groupby("id", sort=False)
        first_line = groups["line"].transform("min").to_numpy()
        identical = (groups["key"].transform("nunique") == 1).to_numpy()
        all_lines = groups["line"].transform(lambda s: ", ".join(str(x) for x in sorted(s)))
        copy = identical & (frame["line"].to_numpy() != first_line)
        reasons = np.empty(len(self), dtype=object)
        reasons[rows] = np.where(
            identical,
            "duplicate " + column + ": exact copy of line " + first_line.astype(str),
            "duplicate "
            + column
            + " with different values (lines "
            + all_lines.to_numpy(dtype=str)
            + ")",
        )
        mask = np.zeros(len(self), dtype=bool)
        mask[rows[copy | ~identical]] = True
        self.check(mask, column, reasons)


def assemble(
    columns: dict[str, pd.Series],
    extras: dict[str, pd.Series],
    converter: Converter,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build ``(valid incidents, rejects)``: schema columns in order, extras, ``source_line``.

    Schema columns not in ``columns`` are filled with missing values of the schema dtype.
    """
    from geo.schema import INCIDENT_COLUMNS, PANDAS_DTYPES

    n = len(converter)
    data: dict[str, Any] = {}
    for column, (kind, _) in INCIDENT_COLUMNS.items():
        dtype = PANDAS_DTYPES[kind]
        if column in columns:
            data[column] = columns[column].astype(dtype).array
        elif kind == "date":
            data[column] = pd.Series(pd.NaT, index=range(n), dtype=dtype).array
        else:
            data[column] = pd.array([None] * n, dtype=dtype)
    for column, values in extras.items():
        data[column] = values.array
    data["source_line"] = pd.array(converter.raw.lines, dtype="Int64")
    frame = pd.DataFrame(data)
    good = ~converter.problems.bad
    valid = frame if good.all() else frame.loc[good].reset_index(drop=True)
    rejects = converter.problems.table()
    if len(rejects):
        logger.warning(
            "%s: %d row(s) rejected", converter.raw.path, int(converter.problems.bad.sum())
        )
    return valid, rejects
