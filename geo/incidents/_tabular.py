"""Vectorised parsing and validation of CSV files (every tabular reader: bordermap, ACLED, UCDP).

The file's cells come from :func:`geo.incidents._csvfile.read_raw_csv` as Arrow text, with the
physical line of every record. Each column is parsed and checked with vectorised Arrow/numpy
operations, most of them on the *distinct* values of a column only (dates, codes and numbers
repeat a lot in conflict data), and text columns go into the result without becoming Python
objects. Every problem is recorded with the file, line, column, value and a reason, in the
shape of :attr:`geo.incidents.records.IncidentRead.rejected`. :func:`finish` ends every reader:
the other columns kept, the rows typed by :func:`geo.incidents.schema.typed_incidents`, the
bad ones set apart.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import AmbiguousDateError, IncidentsValidationError, RowProblem
from geo.incidents._csvfile import RawTable, min_width, read_raw_csv
from geo.incidents.schema import (
    DATE_FORMATS,
    EXTRA_DTYPES,
    INCIDENT_COLUMNS,
    DateOrder,
    null_tokens,
    typed_incidents,
)

__all__ = [
    "REJECT_COLUMNS",
    "Cells",
    "Converter",
    "Problems",
    "RawTable",
    "Text",
    "assemble",
    "finish",
    "is_null_unique",
    "parse_dates",
    "parse_floats",
    "parse_ints",
    "read_raw_csv",
    "require_columns",
]

logger = logging.getLogger(__name__)

#: Columns of a rejects table (as :attr:`geo.incidents.records.IncidentRead.rejected`).
REJECT_COLUMNS: tuple[str, ...] = ("path", "line", "event_id_cnty", "column", "value", "reason")
#: What ``str.strip()`` removes: every code point for which ``str.isspace()`` holds.
_WHITESPACE: str = "".join(
    chr(c) for c in (*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680)
) + "".join(chr(c) for c in (*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000))
#: Kind of column -> its null tokens (:func:`geo.incidents.schema.null_tokens`) as Arrow text.
_NULL_ARROW: dict[str, pa.Array] = {
    kind: pa.array(sorted(null_tokens(kind)), type=pa.large_string())
    for kind in ("str", "int", "float", "date")
}


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
        #: Per column: rows whose cell was reported as a fault of its own (a spreadsheet
        #: error, a NUL byte) and emptied; no other problem is told of that cell.
        self.reported: dict[str, np.ndarray] = {}

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
        if column in self.reported:
            m = m & ~self.reported[column]
        if not m.any():
            return
        rows = np.flatnonzero(m)
        self.bad[rows] = True
        self._parts.append(
            pd.DataFrame(
                {
                    "row": rows,
                    "path": self.path,
                    "line": self.lines[rows],
                    "event_id_cnty": self.ids.at(rows),
                    "column": column,
                    "value": _picked(values, rows),
                    "reason": _picked(reason, rows),
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


def _picked(x: Cells | np.ndarray | str, rows: np.ndarray) -> np.ndarray | str:
    """One value for all rows, or the values of ``rows``."""
    if isinstance(x, str):
        return x
    if isinstance(x, Cells):
        return x.at(rows)
    return np.asarray(x, dtype=object)[rows]


def require_columns(header: Iterable[str], required: Iterable[str], shown: str) -> None:
    """Raise :class:`IncidentsValidationError` naming every required column the header lacks."""
    have = set(header)
    missing = [c for c in required if c not in have]
    if missing:
        raise IncidentsValidationError(
            [RowProblem(shown, None, c, "", "required column is missing") for c in missing]
        )


# ---------------------------------------------------------------------------------- parsing
def _arrow_text(values: Any) -> pa.Array | pa.ChunkedArray:
    """Cells as an Arrow string array without nulls (a missing cell is ``""``)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        arr = values
    elif isinstance(values, pd.Series) and hasattr(values.array, "__arrow_array__"):
        arr = values.array.__arrow_array__()
    else:
        arr = pa.array(np.asarray(values, dtype=object), type=pa.large_string(), from_pandas=True)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = arr.cast(pa.large_string())
    return arr.fill_null("") if arr.null_count else arr


def _may_need_strip(arr: pa.Array | pa.ChunkedArray) -> bool:
    """Some value starts or ends with a byte that may be (part of) white space.

    Looks only at the first and last byte of every value (ASCII blanks and controls, and
    any non-ASCII byte, since Unicode spaces are multi-byte), so a column of clean text is
    not copied by :func:`pyarrow.compute.utf8_trim`.
    """
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    for chunk in chunks:
        if not len(chunk) or chunk.buffers()[2] is None:
            continue
        wide = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets: np.ndarray = np.frombuffer(chunk.buffers()[1], dtype=wide)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ].astype(np.int64, copy=False)
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        sized = offsets[1:] > offsets[:-1]
        first = data[offsets[:-1][sized]]
        last = data[offsets[1:][sized] - 1]
        if ((first <= 0x20) | (first >= 0x80) | (last <= 0x20) | (last >= 0x80)).any():
            return True
    return False


def _numpy(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An Arrow array as numpy (objects for text, ``nan`` for missing numbers)."""
    return np.asarray(arr.to_numpy(zero_copy_only=False))


def _distinct(arr: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """``(distinct values in order of first appearance, int32 code of every cell)``: one pass
    of Arrow's dictionary encoding (the chunks of a column share its dictionary)."""
    encoded = pc.dictionary_encode(arr)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return pa.array([], type=arr.type), np.zeros(0, dtype=np.int32)
    dictionary = chunks[-1].dictionary
    if len({_identity(c.dictionary) for c in chunks}) != 1:  # pragma: no cover
        uniques = pc.unique(arr)  # older pyarrow: a dictionary per chunk
        uniques = uniques.combine_chunks() if isinstance(uniques, pa.ChunkedArray) else uniques
        return uniques, _numpy(pc.index_in(arr, value_set=uniques)).astype(np.int32)
    codes = np.concatenate([np.asarray(c.indices.to_numpy(), dtype=np.int32) for c in chunks])
    return dictionary, codes


def _identity(arr: pa.Array) -> tuple[int, ...]:
    """The length and buffer addresses of an array (equal: the same array)."""
    return (len(arr), *(0 if b is None else b.address for b in arr.buffers()))


def _same_text(a: pa.Array | pa.ChunkedArray, b: pa.Array | pa.ChunkedArray) -> bool:
    """Two text arrays of the same length hold the same values."""
    return not len(a) or bool(pc.all(pc.equal(a, b)).as_py())


class Cells:
    """The stripped cells of one column, stored as distinct values and codes.

    Columns of conflict data repeat a lot (dates, codes, names); every parse and check runs on
    the distinct values only and is spread back with one ``take``. Columns that barely repeat
    (ids, notes, coordinates) are kept as they are (``codes`` is ``None``). The values stay
    Arrow strings (:attr:`arrow`); :attr:`uniques` makes Python strings of them on first use.

    Parameters
    ----------
    values : pandas.Series, numpy.ndarray or pyarrow array
        The column's cells, as text.
    """

    __slots__ = ("_objects", "arrow", "codes", "raw")

    def __init__(self, values: Any) -> None:
        arr = _arrow_text(values)
        sample = arr.slice(0, 20_000)
        if len(sample) and pc.count_distinct(sample).as_py() > 0.5 * len(sample):
            self.codes: np.ndarray | None = None
            uniques = arr
        else:
            uniques, self.codes = _distinct(arr)
        stripped = (
            pc.utf8_trim(uniques, characters=_WHITESPACE) if _may_need_strip(uniques) else uniques
        )
        unchanged = stripped is uniques or _same_text(stripped, uniques)
        #: The distinct values (or every cell), stripped as ``str.strip()`` strips.
        self.arrow: pa.Array | pa.ChunkedArray = uniques if unchanged else stripped
        #: Every cell as read, when stripping changed none (``None`` otherwise): the text of
        #: the column without a copy (:meth:`Text.array`).
        self.raw: pa.Array | pa.ChunkedArray | None = arr if unchanged else None
        self._objects: np.ndarray | None = None

    def with_arrow(self, values: pa.Array | pa.ChunkedArray) -> Cells:
        """The same codes over other distinct values (as many, in the same order)."""
        other = Cells.__new__(Cells)
        other.codes, other.arrow, other.raw, other._objects = self.codes, values, None, None
        return other

    @classmethod
    def empty(cls, n: int) -> Cells:
        """A column of ``n`` empty cells."""
        cells = cls(pa.array([""], type=pa.large_string()))
        cells.codes = np.zeros(n, dtype=np.intp)
        cells.raw = None
        return cells

    @property
    def uniques(self) -> np.ndarray:
        """:attr:`arrow` as an object array of ``str``."""
        if self._objects is None:
            self._objects = _numpy(self.arrow)
        return self._objects

    def spread(self, per_unique: np.ndarray) -> np.ndarray:
        """Spread an array aligned with :attr:`uniques` to one value per row."""
        return per_unique if self.codes is None else per_unique[self.codes]

    def spread_array(self, per_unique: Any) -> Any:
        """Like :meth:`spread`, for a pandas extension array."""
        return per_unique if self.codes is None else per_unique.take(self.codes)

    def spread_arrow(self, per_unique: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
        """Like :meth:`spread`, for an Arrow array."""
        return per_unique if self.codes is None else per_unique.take(pa.array(self.codes))

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The stripped cells of the given rows."""
        index = rows if self.codes is None else self.codes[rows]
        return _numpy(self.arrow.take(pa.array(np.asarray(index, dtype=np.int64))))


def _null_arrow(cells: Cells, kind: str) -> pa.Array | pa.ChunkedArray:
    return pc.is_in(cells.arrow, value_set=_NULL_ARROW[kind].cast(cells.arrow.type))


def is_null_unique(cells: Cells, *, kind: str) -> np.ndarray:
    """Per distinct value: it means "no value" in a column of ``kind`` (str, int, float, date)."""
    return _numpy(_null_arrow(cells, kind)).astype(bool)


def _numbers(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """``(float64 per distinct value, null mask)``; unparsable text gives ``nan``.

    Arrow's parser reads the usual decimal forms; when it refuses a value, every value is read
    with :func:`pandas.to_numeric` (which also takes ``1_000`` and other Python spellings).
    """
    null_arrow = _null_arrow(cells, "float")
    null = _numpy(null_arrow).astype(bool)
    try:
        text = pc.if_else(null_arrow, pa.scalar(None, cells.arrow.type), cells.arrow)
        num = _numpy(pc.cast(text, pa.float64())).astype("float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        u = pd.Series(cells.uniques, dtype=object)
        num = pd.to_numeric(u.where(~null, None), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
    return num, null


def parse_ints(cells: Cells) -> tuple[pd.Series, np.ndarray]:
    """Parse whole numbers; return ``(Int64 series, bad mask)``; null tokens give ``<NA>``."""
    num, null = _numbers(cells)
    with np.errstate(invalid="ignore"):
        good = np.isfinite(num) & (np.floor(num) == num) & (np.abs(num) < 2**53)
    values = pd.arrays.IntegerArray(np.where(good, num, 0).astype("int64"), ~good)
    return pd.Series(cells.spread_array(values)), cells.spread(~good & ~null)


def parse_floats(cells: Cells, *, decimal_comma: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Parse finite decimal numbers; return ``(Float64 series, bad mask)``.

    ``decimal_comma``: ``40,201`` is read as 40.201 (a number with one comma and digits on
    both sides; files with ``;`` between fields, as spreadsheets write them in many locales).
    """
    if decimal_comma:
        cells = cells.with_arrow(
            pc.replace_substring_regex(cells.arrow, r"^([-+]?\d+),(\d+)$", r"\1.\2")
        )
    num, null = _numbers(cells)
    good = np.isfinite(num)
    values = pd.arrays.FloatingArray(np.where(good, num, 0.0), ~good)
    return pd.Series(cells.spread_array(values)), cells.spread(~good & ~null)


#: Numbers separated by slashes or dashes, year last: day/month order to be settled; a time
#: of day after them (``12/28/2022 0:00``, ``28/12/2022 13:05:00``, ``12/28/2022 1:00 PM``) as
#: spreadsheets write a date-time cell.
_NUMERIC_DATE = (
    r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)
_DATES_SHOWN = "a date such as 2022-12-28, 28 December 2022, 28-Dec-22 or 28/12/2022"


@dataclass(frozen=True)
class _NumericDates:
    """The distinct values of a column written as ``d/m/y`` or ``m/d/y`` (or with dashes)."""

    rows: np.ndarray  # positions among the distinct values
    text: np.ndarray  # those values
    first: np.ndarray
    second: np.ndarray
    year: np.ndarray
    timed: np.ndarray  # a time of day other than midnight follows the date

    @classmethod
    def of(cls, u: pd.Series) -> _NumericDates:
        parts = u.str.fullmatch(_NUMERIC_DATE).fillna(False).to_numpy(dtype=bool)
        rows = np.flatnonzero(parts)
        found = u.iloc[rows].str.extract(_NUMERIC_DATE)
        year = found[3].astype("int64").to_numpy() if len(rows) else np.zeros(0, np.int64)
        short = found[3].str.len().to_numpy() == 2 if len(rows) else np.zeros(0, bool)
        year = np.where(short, np.where(year < 69, 2000 + year, 1900 + year), year)  # as %y
        return cls(
            rows,
            u.iloc[rows].to_numpy(dtype=object),
            found[0].astype("int64").to_numpy() if len(rows) else np.zeros(0, np.int64),
            found[2].astype("int64").to_numpy() if len(rows) else np.zeros(0, np.int64),
            year,
            _after_midnight(found) if len(rows) else np.zeros(0, bool),
        )

    def order(self, order: DateOrder) -> tuple[str, str]:
        """``(order, "")``, or ``("", why)`` when the values do not settle it."""
        if order != "auto" or not len(self.rows):
            return order, ""
        day_first = self.first > 12
        month_first = self.second > 12
        if day_first.any() and month_first.any():
            a, b = self.text[day_first][0], self.text[month_first][0]
            return "", f"it mixes day-first dates ({a!r}) and month-first dates ({b!r})"
        if day_first.any():
            return "dayfirst", ""
        if month_first.any() or (self.first == self.second).all():
            return "monthfirst", ""
        return "", "no date in it has a day above 12, which would tell day from month"

    def dates(self, order: str) -> np.ndarray:
        """The dates (``datetime64[ms]``; ``NaT`` where the numbers are no date)."""
        day, month = (self.first, self.second) if order == "dayfirst" else (self.second, self.first)
        parsed = pd.to_datetime(
            pd.DataFrame({"year": self.year, "month": month, "day": day}), errors="coerce"
        )
        return parsed.to_numpy(dtype="datetime64[ms]")


@dataclass(frozen=True)
class ParsedDates:
    """A column of dates read (:func:`parse_dates`).

    Attributes
    ----------
    dates : pandas.Series
        ``datetime64[ms]``, the day only (``NaT`` where none).
    bad : numpy.ndarray
        Per row: a value that is no date.
    timed : numpy.ndarray
        Per row: a date written with a time of day other than midnight, which ``dates``
        leaves out.
    """

    dates: pd.Series
    bad: np.ndarray
    timed: np.ndarray


def _after_midnight(found: pd.DataFrame) -> np.ndarray:
    """Per match of :data:`_NUMERIC_DATE`: its time of day is not midnight (``12:00 AM`` is)."""
    hour = pd.to_numeric(found[4], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    rest = pd.to_numeric(found[5], errors="coerce").fillna(0) + pd.to_numeric(
        found[6], errors="coerce"
    ).fillna(0)
    half = found[7].fillna("").str.lower().to_numpy(dtype=object)
    hour = np.where((half == "a") & (hour == 12), 0, hour)
    hour = np.where((half == "p") & (hour != 12), hour + 12, hour)
    return (hour != 0) | (rest.to_numpy() != 0)


def parse_dates(cells: Cells, *, order: DateOrder = "auto", shown: str = "dates") -> ParsedDates:
    """Parse dates in any form of :data:`~geo.incidents.schema.DATE_FORMATS` or ``d/m/y``.

    The time of day is dropped (and said, in :attr:`ParsedDates.timed`).

    Raises
    ------
    AmbiguousDateError
        ``order="auto"`` and the column's slash dates do not settle day/month order
        (``shown`` names the column in the message).
    """
    u = pd.Series(cells.uniques, dtype=object)
    null = is_null_unique(cells, kind="date")
    out = np.full(len(u), np.datetime64("NaT"), dtype="datetime64[ms]")
    timed = np.zeros(len(u), dtype=bool)
    todo = ~null
    numeric = _NumericDates.of(u.where(todo, "").astype(str))
    if len(numeric.rows):
        settled, why = numeric.order(order)
        if why:
            example = u.iloc[numeric.rows[0]]
            raise AmbiguousDateError(
                f"{shown}: cannot tell day from month in dates such as {example!r}: {why}. "
                "Say which with --dayfirst (28/12/2022) or --monthfirst (12/28/2022)"
            )
        out[numeric.rows] = numeric.dates(settled)
        timed[numeric.rows] = numeric.timed
        todo[numeric.rows] = False
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(u[todo], format=fmt, errors="coerce")
        ok = parsed.notna().to_numpy()
        if fmt.startswith("%A"):  # "Monday, July 2, 2016": the weekday must be the date's
            weekday = u[todo].str.extract(r"^\s*(\w+)", expand=False).str.casefold()
            ok = ok & (parsed.dt.day_name().str.casefold() == weekday).to_numpy(dtype=bool)
        idx = np.flatnonzero(todo)[ok]
        exact = parsed.to_numpy(dtype="datetime64[ms]")[ok]
        out[idx] = exact.astype("datetime64[D]").astype("datetime64[ms]")
        timed[idx] = out[idx] != exact
        todo[idx] = False
    years = out.astype("datetime64[Y]").astype("int64") + 1970
    out[(years < 1800) | (years > 2200)] = np.datetime64("NaT")
    bad = ~null & np.isnat(out)
    return ParsedDates(
        pd.Series(cells.spread(out), dtype="datetime64[ms]"),
        cells.spread(bad),
        cells.spread(timed & ~bad),
    )


#: Whole numbers a spreadsheet writes for a date whose cell lost its date format (days
#: since 30 December 1899: 1 January 1955 to 31 December 2064).
_DAY_NUMBERS: Final[tuple[int, int]] = (20090, 60267)
_SPREADSHEET_EPOCH: Final = np.datetime64("1899-12-30", "D")


def _reasons_not_dates(values: np.ndarray) -> np.ndarray:
    """Why each value is not a date: the formats read, or, for a whole number a spreadsheet
    writes for a date, that it is one (it is not read as one: a count or an id can look the
    same)."""
    reasons = np.full(len(values), f"not a date (expected {_DATES_SHOWN})", dtype=object)
    numbers = pd.to_numeric(pd.Series(values, dtype=object).str.strip(), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round()) & numbers.between(*_DAY_NUMBERS)
    for i in np.flatnonzero(whole.to_numpy()):
        day = _SPREADSHEET_EPOCH + np.timedelta64(int(numbers.iloc[i]), "D")
        reasons[i] = (
            f"not a date: {int(numbers.iloc[i])} is how a spreadsheet writes the date {day} "
            "(Excel's 1900 date system; four years later in the 1904 system of old Mac "
            "workbooks) when the cell lost its date format; format the column as dates "
            "(yyyy-mm-dd) and save again"
        )
    return reasons


#: A number in scientific notation (``8.35E+04``), as spreadsheets show a long one.
_SCIENTIFIC = r"[-+]?\d+(?:[.,]\d+)?[eE][-+]?\d+"
#: Digits in groups of three after a separator (``1,234``, ``1.000``, ``12 000``).
_THOUSANDS = r"[-+]?\d{1,3}(?:[.,\u00a0\u202f ']\d{3})+"
#: A character without which a value matches neither (an RE2 class, for pyarrow).
_MANGLED_CHARS = "[.,eE\u00a0\u202f ']"


def _mangled_whole_numbers(cells: Cells) -> np.ndarray | None:
    """Per distinct value of a column of whole numbers: why a value as a spreadsheet may
    have re-formatted it cannot be read as written (``""``: it can); ``None``: all can.

    ``8.35E+04`` (scientific notation: the spreadsheet showed, and saved, a rounded id)
    and ``1.000`` or ``1,234`` (a thousands separator, or decimals: 1000 or 1?) would
    otherwise be read as 83500 and 1, or refused without saying why.
    """
    # only a value with a separator or an exponent can be one (Arrow, without making strs)
    maybe = _numpy(pc.match_substring_regex(cells.arrow, _MANGLED_CHARS)).astype(bool)
    if not maybe.any():
        return None
    candidates = np.flatnonzero(maybe)
    u = pd.Series(cells.uniques[candidates], dtype=object).astype(str)
    scientific = np.zeros(len(maybe), dtype=bool)
    thousands = np.zeros(len(maybe), dtype=bool)
    scientific[candidates] = u.str.fullmatch(_SCIENTIFIC).to_numpy(dtype=bool)
    thousands[candidates] = u.str.fullmatch(_THOUSANDS).to_numpy(dtype=bool)
    if not (scientific.any() or thousands.any()):
        return None
    out = np.full(len(maybe), "", dtype=object)
    out[scientific] = (
        "a whole number in scientific notation, as a spreadsheet shows a long number: the "
        "digits it hides are lost; format the column as a number without decimals (or as "
        "text) in the spreadsheet, save it again and read the file again"
    )
    out[thousands] = (
        "a thousands separator, or decimals? (1.000 may be 1000 or 1): write the number "
        "without separators (in the spreadsheet, format the column as a number without a "
        "thousands separator), save it again and read the file again"
    )
    return out


# ---------------------------------------------------------------------------------- converting
@dataclass(frozen=True)
class Text:
    """A text column kept as distinct values and codes until :func:`assemble` spreads it.

    Where the column's cells are kept as read (:attr:`Cells.raw`), the result is those cells
    with a validity mask over the null tokens: the text is not copied. Otherwise only the
    kept rows are spread, one copy of the column's text instead of two.

    Attributes
    ----------
    values : pyarrow.Array or pyarrow.ChunkedArray
        The distinct values (every cell when ``codes`` is ``None``), stripped, no nulls.
    codes : numpy.ndarray or None
        Per row: the position of its value.
    missing : numpy.ndarray or None
        Per value: it means "no value" (``None``: no value does).
    raw : pyarrow.Array or pyarrow.ChunkedArray or None
        Every cell as read, when that is the value spread (stripping changed none).
    """

    values: pa.Array | pa.ChunkedArray
    codes: np.ndarray | None
    missing: np.ndarray | None = None
    raw: pa.Array | pa.ChunkedArray | None = None

    @classmethod
    def constant(cls, value: str, n: int) -> Text:
        """``n`` rows of the same text."""
        return cls(pa.array([value], type=pa.large_string()), np.zeros(n, dtype=np.int32))

    def array(self, rows: np.ndarray | None = None) -> pd.arrays.ArrowStringArray:
        """The column as a pandas ``string`` array, on the ``rows`` mask (all by default)."""
        values = self.values if self.raw is None else self.raw
        if self.codes is None or self.raw is not None:  # one value per row: no copy
            missing = self.missing
            if missing is not None and self.codes is not None:
                missing = missing[self.codes]
            out = _kept_rows(_with_missing(values.cast(pa.large_string()), missing), rows)
            return pd.arrays.ArrowStringArray(out)
        if self.missing is not None:
            values = pc.if_else(pa.array(self.missing), pa.scalar(None, values.type), values)
        codes = self.codes if rows is None else self.codes[rows]
        return pd.arrays.ArrowStringArray(values.cast(pa.large_string()).take(pa.array(codes)))


#: Rows are kept as slices of the column (no copy) when they make at most this many runs.
_MAX_RUNS = 1024


def _kept_rows(
    values: pa.Array | pa.ChunkedArray, rows: np.ndarray | None
) -> pa.Array | pa.ChunkedArray:
    """The values on the ``rows`` mask: zero-copy slices between the rows left out when
    they are few, else a filtered copy."""
    if rows is None:
        return values
    edges = np.flatnonzero(np.diff(np.concatenate([[False], rows, [False]]).astype(np.int8)))
    if len(edges) // 2 > _MAX_RUNS:
        return values.filter(pa.array(rows))
    pieces = [values.slice(a, b - a) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    chunks = [c for p in pieces for c in (p.chunks if isinstance(p, pa.ChunkedArray) else [p])]
    return pa.chunked_array(chunks, type=values.type)


def _with_missing(values: pa.Array | pa.ChunkedArray, missing: np.ndarray | None) -> Any:
    """Text without nulls, null where ``missing``: the same buffers under a validity mask."""
    if missing is None or not missing.any():
        return values
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    out, start = [], 0
    for chunk in chunks:
        part = missing[start : start + len(chunk)]
        start += len(chunk)
        if not part.any():
            out.append(chunk)
            continue
        valid = np.concatenate([np.ones(chunk.offset, dtype=bool), ~part])
        bitmap = pa.array(valid).buffers()[1]
        out.append(
            pa.Array.from_buffers(
                chunk.type,
                len(chunk),
                [bitmap, *chunk.buffers()[1:]],  # no nulls before: read with none
                null_count=int(part.sum()),
                offset=chunk.offset,
            )
        )
    return pa.chunked_array(out, type=values.type)


def _joined_lines(raw: RawTable, rows: np.ndarray) -> list[str]:
    """For each record, ``""``, or where one of ``rows`` runs over several lines (a field
    holds line breaks), which lines; and when a quote was left open (:func:`_swallows`),
    what that means: it joins the records after it to this one, and they are rejected
    with it. A field that holds line breaks of its own (a note of two paragraphs, in a
    row that has a field too many or too few) is not called a stray quote."""
    out = [""] * len(raw)
    width = min_width(raw.header)
    last = len(raw) - 1
    for k in np.flatnonzero(rows).tolist():
        texts = [raw.cells[c].iat[k] for c in raw.cells.columns]
        breaks = sum(t.count("\n") for t in texts)
        if not breaks:
            continue
        first = int(raw.lines[k])
        if k == last and any(t.endswith("\n") for t in texts):
            # the file's last line break, inside a field: a quote opened on the last
            # record and never closed
            end = first + breaks - 1
            where = f"on line {first}" if end == first else f"in lines {first}-{end}"
            out[k] = (
                f"(a quote left open {where} runs to the end of the file; fix the quote and "
                f"read the file again)"
            )
        elif _swallows(texts, raw.layout.delimiter, width):
            out[k] = (
                f"(the record runs over lines {first}-{first + breaks}: a quote left open "
                f"joins the lines after it to it; fix the quote and read the file again)"
            )
        else:
            out[k] = (
                f"(the record runs over lines {first}-{first + breaks}: a field holds line breaks)"
            )
    return out


def _swallows(texts: list[str], delimiter: str, width: int) -> bool:
    """True if a line inside a field holds half a record's delimiters or more: the records
    after a quote left open, joined to the field."""
    enough = max(2, (width - 1) // 2)
    return any(
        line.count(delimiter) >= enough for t in texts if "\n" in t for line in t.split("\n")[1:]
    )


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

    def __init__(self, raw: RawTable, id_column: str, *, date_order: DateOrder = "auto") -> None:
        self.raw = _without_empty_rows(raw)
        self.date_order: DateOrder = date_order
        self._nul_in_file = raw.nul is not False  # not looked at: a cell may hold one
        self._cells: dict[str, Cells] = {}
        ids = (
            Cells(raw.cells[id_column]) if id_column in raw.cells.columns else Cells.empty(len(raw))
        )
        self.problems = Problems(raw.path, raw.lines, ids)
        self._repeated_header(raw, id_column)
        width = min_width(raw.header)
        if raw.short.any() or raw.long.any():
            counts = (
                raw.field_counts if raw.field_counts is not None else np.where(raw.short, -1, width)
            )
            found = [("fewer" if c < 0 else str(c)) for c in counts]
            joined = _joined_lines(raw, raw.short | raw.long)
            self.problems.add(
                raw.short,
                "(row)",
                "",
                np.array(
                    [
                        f"expected {width} fields, found {f} {j or '(a truncated line?)'}"
                        for f, j in zip(found, joined, strict=True)
                    ],
                    dtype=object,
                ),
            )
            self.problems.add(
                raw.long,
                "(row)",
                "",
                np.array(
                    [
                        f"expected {width} fields, found {f}" + (f" {j}" if j else "")
                        for f, j in zip(found, joined, strict=True)
                    ],
                    dtype=object,
                ),
            )

    def _repeated_header(self, raw: RawTable, id_column: str) -> None:
        """Reject the rows that repeat the header (two exports joined end to end, a sheet
        pasted under another), with that one reason rather than one per cell."""
        rows = _header_rows(raw, id_column)
        if rows is None:
            return
        self.problems.add(
            rows,
            "(row)",
            "",
            "the header again, not an event (files joined end to end?): remove this row",
        )
        for column in raw.cells.columns:
            self.problems.reported[column] = rows

    def __len__(self) -> int:
        return len(self.raw)

    def cells(self, column: str) -> Cells:
        """Stripped cells of ``column`` (empty where the column is absent)."""
        if column not in self._cells:
            if column in self.raw.cells.columns:
                self._cells[column] = self._without_faults(column, Cells(self.raw.cells[column]))
            else:
                self._cells[column] = Cells.empty(len(self.raw))
        return self._cells[column]

    def _without_faults(self, column: str, cells: Cells) -> Cells:
        """The cells, with those that hold no value of any kind emptied and reported: a
        spreadsheet's error (``#REF!``, ``#N/A``, ``Err:502``: a formula that failed), or a
        NUL byte (which GeoPackage and PostgreSQL cut the text at)."""
        arrow = cells.arrow
        # every error starts so: the test of each value's first bytes spares the full ones
        maybe = pc.or_(pc.starts_with(arrow, "#"), pc.starts_with(arrow, "Err:"))
        error = np.zeros(len(arrow), dtype=bool)
        if pc.any(maybe).as_py():
            error = _numpy(
                pc.and_(
                    maybe,
                    pc.or_(
                        pc.is_in(arrow, value_set=_SPREADSHEET_ERRORS.cast(arrow.type)),
                        pc.match_substring_regex(arrow, r"^Err:\d{3}$"),
                    ),
                )
            ).astype(bool)
        nul = np.zeros(len(arrow), dtype=bool)
        if self._nul_in_file:
            nul = _numpy(pc.match_substring(arrow, "\x00")).astype(bool)
        if not (error.any() or nul.any()):
            return cells
        reason = np.where(
            error,
            "a spreadsheet error, not a value (a formula failed in the spreadsheet): fix or "
            "empty the cell there, save again and read the file again",
            "holds a NUL byte (\\x00), which no text holds (a damaged file, or one not saved "
            "as UTF-8 text?): remove it and read the file again",
        ).astype(object)
        rows = cells.spread(error | nul)
        self.problems.add(rows, column, cells, cells.spread(reason))
        before = self.problems.reported.get(column)
        self.problems.reported[column] = rows if before is None else rows | before
        return cells.with_arrow(pc.if_else(pa.array(error | nul), pa.scalar("", arrow.type), arrow))

    def has(self, column: str) -> bool:
        """The file has this column."""
        return column in self.raw.cells.columns

    def null(self, column: str, *, kind: str = "str") -> np.ndarray:
        """Rows whose cell means "no value" in a column of ``kind`` (str, int, float, date)."""
        cells = self.cells(column)
        return cells.spread(is_null_unique(cells, kind=kind))

    def _required(self, column: str, required: bool, kind: str) -> None:
        if required:
            self.problems.add(self.null(column, kind=kind), column, "", "required value is empty")

    def text(self, column: str, *, required: bool = False) -> Text:
        """Text cells, null tokens as missing, for :func:`assemble` (not spread out yet)."""
        cells = self.cells(column)
        null = is_null_unique(cells, kind="str")
        self._required(column, required, "str")
        return Text(cells.arrow, cells.codes, null if null.any() else None, cells.raw)

    def string(self, column: str, *, required: bool = False) -> pd.Series:
        """Text cells as pandas ``string``; null tokens become ``<NA>``."""
        return pd.Series(self.text(column, required=required).array(), copy=False)

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
        mangled = _mangled_whole_numbers(cells)
        if mangled is not None:
            rows = cells.spread(mangled != "")
            self.problems.add(rows, column, cells, cells.spread(mangled))
            bad &= ~rows
            parsed = parsed.mask(rows)
        self.problems.add(bad, column, cells, "not a whole number")
        self._required(column, required, "int")
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

    def number(
        self,
        column: str,
        *,
        low: float = -np.inf,
        high: float = np.inf,
        required: bool = False,
    ) -> pd.Series:
        """Finite decimal numbers (``Float64``) within ``[low, high]``."""
        cells = self.cells(column)
        parsed, bad = parse_floats(cells, decimal_comma=self.raw.layout.delimiter == ";")
        self.problems.add(bad, column, cells, "not a number")
        self._required(column, required, "float")
        out = ((parsed < low) | (parsed > high)).to_numpy(dtype=bool, na_value=False)
        self.problems.add(out, column, cells, f"out of range [{low:g}, {high:g}]")
        return parsed.mask(out)

    def coordinates(self) -> tuple[pd.Series, pd.Series]:
        """``latitude`` and ``longitude`` in range, both given or both empty."""
        lat = self.number("latitude", low=-90.0, high=90.0)
        lon = self.number("longitude", low=-180.0, high=180.0)
        lone = (lat.isna() != lon.isna()).to_numpy() & ~self.problems.bad
        self.check(lone, "latitude", "latitude and longitude must be both given or both empty")
        return lat, lon

    def date(self, column: str, *, required: bool = False) -> pd.Series:
        """Dates (``datetime64[ms]``) in any form :func:`parse_dates` reads.

        Raises
        ------
        AmbiguousDateError
            The column's slash dates do not settle day/month order (see :func:`parse_dates`).
        """
        cells = self.cells(column)
        shown = f"{self.raw.path}, column '{column}'"
        parsed = parse_dates(cells, order=self.date_order, shown=shown)
        reasons = np.empty(len(parsed.bad), dtype=object)
        bad_rows = np.flatnonzero(parsed.bad)
        reasons[bad_rows] = _reasons_not_dates(cells.at(bad_rows))
        self.problems.add(parsed.bad, column, cells, reasons)
        self._required(column, required, "date")
        timed = np.flatnonzero(parsed.timed)
        if len(timed):  # named by id: a workbook's lines here are not its sheet rows
            logger.warning(
                "%s: %d date(s) with a time of day, kept as the day alone (the incident "
                "schema holds dates), e.g. %r (event %s)",
                shown,
                len(timed),
                str(cells.at(timed[:1])[0]),
                self.problems.ids.at(timed[:1])[0],
            )
        return parsed.dates

    def check(self, mask: np.ndarray | pd.Series, column: str, reason: str | np.ndarray) -> None:
        """Record ``reason`` for ``column`` where ``mask`` holds (value: the cell as read)."""
        self.problems.add(np.asarray(mask, dtype=bool), column, self.cells(column), reason)

    def unique_ids(self, column: str) -> None:
        """Reject rows whose id repeats: exact copies after the first, all rows of a conflict."""
        cells = self.cells(column)
        if cells.codes is None and pc.count_distinct(cells.arrow).as_py() == len(self):
            return  # every id differs (the usual case)
        # the same id after stripping: one code per distinct stripped value
        same = _numpy(pc.index_in(cells.arrow, value_set=pc.unique(cells.arrow))).astype(np.intp)
        code = cells.spread(same)
        dup = (np.bincount(code, minlength=1)[code] > 1) & ~self.null(column)
        if not dup.any():
            return
        rows = np.flatnonzero(dup)
        key = pd.util.hash_pandas_object(self.raw.cells.iloc[rows], index=False).to_numpy()
        frame = pd.DataFrame({"id": cells.at(rows), "key": key, "line": self.raw.lines[rows]})
        groups = frame.groupby("id", sort=False)
        first_line = groups["line"].transform("min").to_numpy()
        identical = (groups["key"].transform("nunique") == 1).to_numpy()
        all_lines = frame["id"].map(groups["line"].agg(_some_lines))
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


#: What spreadsheets write into a cell whose formula failed (Excel, LibreOffice, Google
#: Sheets, Numbers); LibreOffice also writes ``Err:`` and a number.
_SPREADSHEET_ERRORS: pa.Array = pa.array(
    sorted(
        {
            "#N/A", "#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!",
            "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
            "#GETTING_DATA", "#ERROR!",
        }
    ),
    type=pa.large_string(),
)  # fmt: skip


def _header_rows(raw: RawTable, id_column: str) -> np.ndarray | None:
    """Rows whose cells are the column names (in any case) in at least half of the columns
    and two of them, or ``None`` when there is none. Most files have none: the cells of the
    id column (else the first) are screened alone."""
    names = list(raw.cells.columns)
    if len(names) < 2 or not len(raw):
        return None
    if id_column in names:
        names.remove(id_column)
        names.insert(0, id_column)

    def named(column: str) -> np.ndarray:
        arr = pc.utf8_lower(pc.utf8_trim_whitespace(_arrow_text(raw.cells[column])))
        return _numpy(pc.equal(arr, column.strip().lower()).fill_null(False)).astype(bool)

    first = named(names[0])
    if not first.any():
        return None
    count = first.astype(np.int64)
    for column in names[1:]:
        count += named(column)
    rows = count >= max(2, (len(names) + 1) // 2)
    return rows if rows.any() else None


def _without_empty_rows(raw: RawTable) -> RawTable:
    """The table without records whose every cell is empty or blank: the rows of bare
    delimiters (``;;;;;;``) a spreadsheet writes below its data or between blocks of it, read
    as the blank lines they stand for (skipped, with a warning naming their lines)."""
    n = len(raw)
    empty = np.ones(n, dtype=bool)
    for column in raw.cells.columns:
        if not empty.any():
            return raw
        arr = _arrow_text(raw.cells[column])
        blank = pc.or_(pc.equal(pc.utf8_length(arr), 0), pc.utf8_is_space(arr))
        empty &= _numpy(blank.fill_null(True)).astype(bool)
    if not n or not empty.any():
        return raw
    keep = ~empty
    lines = raw.lines[empty]
    shown = ", ".join(str(x) for x in lines[:_LINES_SHOWN]) + (
        f" and {len(lines) - _LINES_SHOWN:,} more" if len(lines) > _LINES_SHOWN else ""
    )
    logger.warning(
        "%s: %d row(s) without a value in any cell skipped (line(s) %s)",
        raw.path,
        len(lines),
        shown,
    )
    raw.cells = raw.cells[keep].reset_index(drop=True)
    raw.lines = raw.lines[keep]
    raw.short = raw.short[keep] if len(raw.short) == n else raw.short
    raw.long = raw.long[keep] if len(raw.long) == n else raw.long
    if raw.field_counts is not None:
        raw.field_counts = raw.field_counts[keep]
    return raw


#: Lines of a repeated id named in each of its rows' reason.
_LINES_SHOWN = 5


def _some_lines(lines: pd.Series) -> str:
    """The first lines of an id's rows, and how many more there are (the reason of each row
    of an id found on every line of a file would otherwise list them all)."""
    first = sorted(lines.tolist())
    more = len(first) - _LINES_SHOWN
    shown = ", ".join(str(x) for x in first[:_LINES_SHOWN])
    return shown + (f" and {more:,} more" if more > 0 else "")


def assemble(
    columns: dict[str, pd.Series | Text],
    extras: dict[str, pd.Series | Text],
    converter: Converter,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build ``(valid incidents, rejects)``: schema columns in order, extras, ``source_line``.

    The valid rows are typed by :func:`geo.incidents.schema.typed_incidents` (schema columns
    not in ``columns`` are empty).
    """
    good = ~converter.problems.bad
    n = int(good.sum())
    rows = None if n == len(good) else good
    valid = typed_incidents({c: _kept(v, rows) for c, v in columns.items()}, n, copy=False)
    for column, values in extras.items():
        valid[column] = _kept(values, rows)
    valid["source_line"] = _kept(pd.Series(pd.array(converter.raw.lines, dtype="Int64")), rows)
    rejects = converter.problems.table()
    if len(rejects):
        logger.warning(
            "%s: %d row(s) rejected", converter.raw.path, int(converter.problems.bad.sum())
        )
    return valid, rejects


def _kept(values: pd.Series | Text, rows: np.ndarray | None) -> Any:
    """The array of ``values`` on the ``rows`` mask (all rows when ``None``)."""
    if isinstance(values, Text):
        return values.array(rows)
    return values.array if rows is None else values.array[rows]


#: Columns bordermap itself writes into the incidents, besides the schema's: the join's,
#: the merge of datasets' (``merged_ids``) and the geometry.
_WRITTEN: frozenset[str] = frozenset(
    {*EXTRA_DTYPES, "coord_check", "dataset", "merged_ids", "geometry"}
)


def _kept_name(
    name: str,
    converter: Converter,
    *,
    foreign: bool,
    given: Collection[str],
    file_names: Collection[str],
) -> str:
    """The name a kept column of an ACLED or UCDP file gets: its own, or ``input_`` before a
    name bordermap writes itself (``place_id``, ``coord_check``...) or the reader has
    ``given`` another column (``event_type_original``), which would otherwise overwrite the
    file's values; as often as it takes to find a name no column has, of the reader's or of
    the file's (``file_names``: a file with ``place_id`` and ``input_place_id`` keeps both)."""
    if not foreign:
        return name
    kept = name
    while (
        kept in INCIDENT_COLUMNS
        or kept in _WRITTEN
        or kept in given
        or (kept != name and kept in file_names)
    ):
        kept = f"input_{kept}"
    if kept != name:
        logger.warning(
            "%s: column %r is kept as %r (bordermap writes its own %r)",
            converter.raw.path,
            name,
            kept,
            name,
        )
    return kept


def finish(
    converter: Converter,
    columns: dict[str, pd.Series | Text],
    extras: dict[str, pd.Series | Text],
    *,
    handled: Collection[str],
    prefix: str = "",
    dataset: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The end of every reader: keep the other columns, then :func:`assemble`.

    Parameters
    ----------
    converter : Converter
        The file's cells and the problems found.
    columns, extras : dict
        Schema columns, and extra columns, as parsed (``extras`` is filled in).
    handled : collection of str, keyword-only
        File columns already read into ``columns`` or ``extras``; every other one is kept as
        text, named ``prefix + name`` (unless ``extras`` has that name); in an ACLED or UCDP
        file (``dataset`` given), a name bordermap or the reader writes itself gets ``input_``
        before it, until no other column has it (:func:`_kept_name`).
    prefix : str, keyword-only
        Prefix of the kept columns' names.
    dataset : str, optional, keyword-only
        Value of a ``dataset`` column (none without it).

    Returns
    -------
    tuple of pandas.DataFrame
        ``(valid incidents, rejects)``, as :func:`assemble`.
    """
    foreign = dataset is not None
    file_names = {prefix + column for column in converter.raw.cells.columns}
    for column in converter.raw.cells.columns:
        name = prefix + column
        if column in handled or (name in extras and not foreign):
            continue
        kept = _kept_name(name, converter, foreign=foreign, given=extras, file_names=file_names)
        extras[kept] = converter.text(column)
    if dataset is not None:
        extras["dataset"] = Text.constant(dataset, len(converter))
    valid, rejects = assemble(columns, extras, converter)
    logger.info(
        "%s: %d %s incident(s), %d rejected row(s)",
        converter.raw.path,
        len(valid),
        dataset or "bordermap",
        int(converter.problems.bad.sum()),
    )
    return valid, rejects
