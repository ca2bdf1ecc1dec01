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

Layouts
-------
The delimiter is told from the header row: ``,``, ``;`` (spreadsheets in many locales, and
ACLED's export tool set to them) or a tab, whichever splits the header into the most fields
(``,`` on a tie). A UTF-8 byte-order mark is skipped. A file without a header row is read
with the column names it is known to have (``names``; the header-less UCDP GED candidate
releases); its first record is then on line 1. A leading column without a name whose every
value is a whole number is the index pandas writes (``df.to_csv()`` without
``index=False``, or ``Unnamed: 0`` after a second round trip) and is dropped. A field may
be of any length (the :mod:`csv` module's 131,072-character limit is raised).

Errors
------
A header that names a column twice fails the file, naming the column and both positions
(nothing is read: which of the two is meant cannot be told). Text that is not UTF-8 fails
the file with the byte offset and line of the first bad byte in the file. A record the
:mod:`csv` module cannot parse is named by the line it starts on.
"""

from __future__ import annotations

import codecs
import csv
import logging
import mmap
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import DataFileError, InputNotFoundError

__all__ = ["CsvLayout", "RawTable", "csv_layout", "min_width", "read_header", "read_raw_csv"]

logger = logging.getLogger(__name__)

_CHUNK_ROWS = 200_000
_UNNAMED = "unnamed_"
_ARROW_BLOCK = 1 << 24
#: Bytes counted at a time by :func:`_count_newlines`.
_COUNT_BLOCK = 1 << 25
_LF, _CR = 0x0A, 0x0D
#: Delimiters told from the header row (the first wins a tie).
_DELIMITERS = (",", ";", "\t")
#: Characters of the first line read to tell the delimiter.
_LAYOUT_CHARS = 1 << 20
#: A field may be this long (the csv module's default limit is 131,072 characters).
_FIELD_LIMIT = 2**31 - 1
#: Names pandas gives an index column it read back without a name.
_PANDAS_INDEX = re.compile(r"Unnamed: \d+")
_UTF8_HINT = (
    "give its encoding with --encoding (encoding= in Python): cp1252 for Excel's 'CSV' on "
    "Windows in Western locales; or save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')"
)


@dataclass(frozen=True)
class CsvLayout:
    """How a CSV file is laid out.

    Attributes
    ----------
    delimiter : str
        ``,``, ``;`` or a tab.
    names : tuple of str or None
        Column names of a file without a header row (its first record is on line 1);
        ``None``: the first row is the header.
    """

    delimiter: str = ","
    names: tuple[str, ...] | None = None

    @property
    def header_lines(self) -> int:
        """Physical lines before the first record when no field holds a line break."""
        return 0 if self.names is not None else 1


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
    layout : CsvLayout
        The file's delimiter and header.
    nul : bool or None
        Whether the file holds a NUL byte (``None``: not looked at; a cell may hold one).
    """

    path: str
    header: list[str]
    cells: pd.DataFrame
    lines: np.ndarray
    field_counts: np.ndarray | None = None
    short: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    long: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    layout: CsvLayout = field(default_factory=CsvLayout)
    nul: bool | None = None

    def __len__(self) -> int:
        return len(self.cells)


def _csv_reader(handle: Iterable[str], delimiter: str) -> Iterator[list[str]]:
    """A :func:`csv.reader` that takes fields of any length."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    return csv.reader(handle, delimiter=delimiter)


def _utf8_fault(path: Path) -> tuple[int, int, str]:
    """``(byte offset, line, reason)`` of the first byte of the file that is not UTF-8.

    ``(-1, -1, "")`` when the whole file decodes.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    at, reason = -1, ""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                at, reason = offset - pending + exc.start, str(exc.reason)
                break
            offset += len(chunk)
        else:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                at, reason = offset - len(decoder.getstate()[0]) + exc.start, str(exc.reason)
    if at < 0:
        return -1, -1, ""
    with path.open("rb") as handle:
        line = 1 + handle.read(at).count(b"\n")
    return at, line, reason


def _utf8_hint(path: Path) -> str:
    """What to do with a file that is not UTF-8 (UTF-16 named when it looks like it)."""
    from geo.text.encodings import utf16_without_mark

    with path.open("rb") as handle:
        utf16 = utf16_without_mark(handle.read(4096))
    if utf16 is None:
        return _UTF8_HINT
    return (
        f"it looks like {utf16.upper()} without a byte-order mark (Excel's 'Unicode Text' "
        f"has one): give --encoding {utf16} (encoding= in Python)"
    )


def _open_error(path: Path, exc: BaseException) -> DataFileError:
    shown = str(path)
    if isinstance(exc, FileNotFoundError):
        return InputNotFoundError(f"{shown}: no such file")
    if isinstance(exc, UnicodeDecodeError):
        at, line, reason = _utf8_fault(path)
        hint = _utf8_hint(path)
        if at < 0:  # pragma: no cover - the parser and the decoder disagree
            return DataFileError(f"{shown}: not UTF-8 text ({exc.reason}); {hint}")
        return DataFileError(
            f"{shown}: not UTF-8 text ({reason} at byte {at:,}, line {line}); {hint}"
        )
    if isinstance(exc, IsADirectoryError):
        return DataFileError(f"{shown}: is a directory, not a file")
    return DataFileError(f"{shown}: cannot read ({exc})")


def csv_layout(path: str | Path, *, names: Sequence[str] | None = None) -> CsvLayout:
    """Return the layout of a CSV file: its delimiter, told from the first row.

    Parameters
    ----------
    path : str or path-like
        The file.
    names : sequence of str, optional, keyword-only
        Column names of a file without a header row.

    Raises
    ------
    DataFileError
        The file is missing, unreadable or its first row is not UTF-8.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(_LAYOUT_CHARS)  # a file of one endless line is not read whole
    except (OSError, UnicodeDecodeError) as exc:
        raise _open_error(path, exc) from None
    try:
        counts = {d: len(next(_csv_reader(iter([first]), d), [])) for d in _DELIMITERS}
    except csv.Error as exc:
        raise DataFileError(f"{path}: malformed CSV header: {exc}") from None
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of a tie
    return CsvLayout(best, None if names is None else tuple(names))


def read_header(path: Path, layout: CsvLayout | None = None) -> list[str]:
    """Return the column names of a CSV file (BOM and blanks around names removed).

    A column without a name is called ``unnamed_<position>``.

    Raises
    ------
    DataFileError
        Missing, unreadable, not UTF-8, or empty.
    """
    fields = _header_fields(path, layout or csv_layout(path))
    return [c.strip() or f"{_UNNAMED}{i + 1}" for i, c in enumerate(fields)]


def _header_fields(path: Path, layout: CsvLayout) -> list[str]:
    """The header row's fields as written (BOM removed), or the layout's names."""
    if layout.names is not None:
        return list(layout.names)
    shown = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            row = next(_csv_reader(handle, layout.delimiter), None)
    except (OSError, UnicodeDecodeError) as exc:
        raise _open_error(path, exc) from None
    except csv.Error as exc:
        raise DataFileError(f"{shown}: malformed CSV header: {exc}") from None
    if not row or not any(c.strip() for c in row):
        raise DataFileError(f"{shown}: empty file (no header row)")
    return row


def _check_unique(header: list[str], shown: str) -> None:
    """Fail when the header names a column twice, naming the column and its positions."""
    positions: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        positions.setdefault(name, []).append(number)
    repeated = [
        f"'{name}' at positions {', '.join(map(str, at[:-1]))} and {at[-1]}"
        for name, at in positions.items()
        if len(at) > 1
    ]
    if repeated:
        raise DataFileError(
            f"{shown}: the header names a column more than once: {'; '.join(repeated)} "
            "(which one holds the values cannot be told; rename or remove the others)"
        )


def min_width(header: list[str]) -> int:
    """Fields a record needs: the header's, less trailing columns without a name."""
    width = len(header)
    while width and header[width - 1].startswith(_UNNAMED):
        width -= 1
    return width


def _count_newlines(path: Path) -> tuple[int, bool, bool, bool]:
    """Number of ``\\n`` bytes in the file, whether it ends with one, whether some
    ``\\r`` is not followed by ``\\n`` (a line break the parsers count and this does not),
    and whether it holds a NUL byte.

    The file is mapped, its bytes counted with numpy a block at a time, and each block
    dropped from the process's memory once counted.
    """
    if path.stat().st_size == 0:
        return 0, False, False, False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _byte_counts(data)


def _byte_counts(data: mmap.mmap) -> tuple[int, bool, bool, bool]:
    """:func:`_count_newlines` of a mapped file.

    The numpy views of the mapping are deleted before this returns or raises: a frame kept
    alive afterwards (a sampling profiler such as dask's workers run, a traceback) would
    otherwise keep the mapping exported, and closing it would fail with a BufferError.
    """
    array = block = np.frombuffer(data, dtype=np.uint8)
    dont_need = getattr(mmap, "MADV_DONTNEED", None)
    newlines = returns = pairs = 0
    nul = False
    try:
        for start in range(0, len(array), _COUNT_BLOCK):
            block = array[start : start + _COUNT_BLOCK + 1]  # a pair may straddle two blocks
            # memchr over pages the count below brings in anyway
            nul = nul or data.find(b"\x00", start, start + _COUNT_BLOCK) >= 0
            newlines += int(np.count_nonzero(block[:_COUNT_BLOCK] == _LF))
            carriage = int(np.count_nonzero(block[:_COUNT_BLOCK] == _CR))
            if carriage:
                returns += carriage
                pairs += int(np.count_nonzero((block[:-1] == _CR) & (block[1:] == _LF)))
            if dont_need is not None and start % mmap.PAGESIZE == 0:
                data.madvise(dont_need, start, min(_COUNT_BLOCK, len(array) - start))
        ends_with_newline = bool(array[-1] == _LF)
    finally:
        del array, block
    return newlines, ends_with_newline, returns > pairs, nul


def _csv_records(path: Path, layout: CsvLayout) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for every non-blank record after the header (csv module).

    A record the module cannot parse fails the file, named by the line it starts on.
    """
    start = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = _csv_reader(handle, layout.delimiter)
            if layout.names is None:
                next(reader, None)
            start = reader.line_num + 1  # type: ignore[attr-defined]
            for row in reader:
                if row:
                    yield start, row
                start = reader.line_num + 1  # type: ignore[attr-defined]
    except (OSError, UnicodeDecodeError) as exc:
        raise _open_error(path, exc) from None
    except csv.Error as exc:
        raise DataFileError(
            f"{path}: malformed CSV in the record that starts on line {start}: {exc}"
        ) from None


def _lines_and_counts(path: Path, layout: CsvLayout) -> tuple[np.ndarray, ...]:
    """Per record (csv module): its line, its field count and the characters of its fields."""
    lines: list[int] = []
    counts: list[int] = []
    sizes: list[int] = []
    for line, row in _csv_records(path, layout):
        lines.append(line)
        counts.append(len(row))
        sizes.append(sum(map(len, row)))
    return tuple(np.asarray(v, dtype=np.int64) for v in (lines, counts, sizes))


def _sizes_agree(cells: pd.DataFrame, sizes: np.ndarray) -> bool:
    """pyarrow's cells of every record hold as many characters as the csv module's.

    pyarrow's reader can drop the ``\\n`` of a quoted ``\\r\\n`` that a block boundary
    splits (pyarrow 26): the record count still agrees, the text does not.
    """
    total = np.zeros(len(cells), dtype=np.int64)
    for column in cells.columns:
        lengths = pc.utf8_length(pa.array(cells[column].array))  # Arrow's text, not copied
        total += np.asarray(lengths.to_numpy(zero_copy_only=False), dtype=np.int64)
    return bool((total == sizes).all())


def _fitted(row: list[str], width: int) -> tuple[list[str], int]:
    """A record cut or padded to ``width`` fields, and its field count as reported.

    Surplus fields that are all blank (a trailing comma) lose nothing and are not counted.
    """
    if len(row) < width:
        return row + [""] * (width - len(row)), len(row)
    if len(row) > width:
        surplus = any(cell.strip() for cell in row[width:])
        return row[:width], len(row) if surplus else width
    return row, width


def _read_with_csv_module(path: Path, header: list[str], layout: CsvLayout) -> RawTable:
    """Read every record with the csv module, in chunks; exact lines and field counts."""
    width = len(header)
    frames: list[pd.DataFrame] = []
    lines: list[int] = []
    counts: list[int] = []
    chunk: list[list[str]] = []
    for line, row in _csv_records(path, layout):
        lines.append(line)
        fitted, count = _fitted(row, width)
        counts.append(count)
        chunk.append(fitted)
        if len(chunk) >= _CHUNK_ROWS:
            frames.append(pd.DataFrame(chunk, columns=range(width), dtype=object))
            chunk = []
    if chunk:
        frames.append(pd.DataFrame(chunk, columns=range(width), dtype=object))
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
        layout,
    )


def _read_with_arrow(
    path: Path, fields: list[str], header: list[str], layout: CsvLayout
) -> pd.DataFrame | None:
    """Every cell as Arrow text (pyarrow's CSV reader); ``None`` when it refuses the file.

    pyarrow refuses what needs the slower readers: a row whose field count differs from the
    header's, invalid UTF-8. Quoted line breaks are read as pandas and the csv module read
    them (``newlines_in_values``: without it pyarrow cuts the file into blocks at any line
    break, and a cut inside a quoted value can misread a record without a word); blank lines
    are skipped as they skip them.
    """
    from pyarrow import csv as pacsv

    names = None if layout.names is None else list(layout.names)
    try:
        # an open file: given a path, pyarrow would unpack a CSV named .gz or .bz2 by its name
        with pa.OSFile(str(path)) as source:
            table = pacsv.read_csv(
                source,
                read_options=pacsv.ReadOptions(block_size=_ARROW_BLOCK, column_names=names),
                parse_options=pacsv.ParseOptions(
                    delimiter=layout.delimiter, newlines_in_values=True
                ),
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
    cells = table.to_pandas(types_mapper=mapper.get)
    # the parser's own buffers (as large as the file) are free now: give them back, so that
    # what the readers allocate next does not come on top of them
    pa.default_memory_pool().release_unused()
    return cells


def read_raw_csv(
    path: str | Path,
    *,
    usecols: Iterable[str] | None = None,
    names: Sequence[str] | None = None,
) -> RawTable:
    """Read a CSV file as text cells with exact physical line numbers (see module docstring).

    Columns without a name in the header are called ``unnamed_<position>``, and dropped when
    they hold no value (a trailing comma on every line) or are pandas' index.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file with a header row (``,``, ``;`` or tab between fields).
    usecols : iterable of str, optional, keyword-only
        Read only these columns (names missing from the header are ignored).
    names : sequence of str, optional, keyword-only
        The file has no header row; these are its columns.

    Returns
    -------
    RawTable

    Raises
    ------
    DataFileError
        The file is missing, unreadable, not UTF-8, empty, has a record the csv module cannot
        parse, or its header names a column twice.
    """
    path = Path(path)
    layout = csv_layout(path, names=names)
    raw = _read_raw_csv(path, usecols, layout)
    return _without_index_column(_without_blank_columns(raw))


def _read_raw_csv(
    path: Path,
    usecols: Iterable[str] | None,
    layout: CsvLayout | None = None,
    *,
    engine: str = "pyarrow",
) -> RawTable:
    """:func:`read_raw_csv` before blank and index columns are dropped.

    ``engine="pandas"`` skips pyarrow (the tests compare both paths).
    """
    path = Path(path)
    layout = layout or csv_layout(path)
    fields = _header_fields(path, layout)
    header = read_header(path, layout)
    _check_unique(header, str(path))
    wanted = None if usecols is None else [c for c in header if c in set(usecols)]
    if engine == "pyarrow":
        table = _read_with_arrow(path, fields, header, layout)
        if table is not None:
            return _restrict(_with_lines(path, header, table, layout), wanted)
    cells = _read_with_pandas(path, header, layout, wanted)
    if cells is None:
        return _restrict(_read_with_csv_module(path, header, layout), wanted)
    cells.columns = pd.Index(wanted if wanted is not None else header)
    return _with_lines(path, header, cells, layout, pad_short=True, wanted=wanted)


def _read_with_pandas(
    path: Path, header: list[str], layout: CsvLayout, wanted: list[str] | None
) -> pd.DataFrame | None:
    """Every cell as text (pandas' C parser); ``None`` when the csv module must read the file."""
    shown = str(path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cells = pd.read_csv(
                path,
                sep=layout.delimiter,
                header=None if layout.names is not None else "infer",
                names=None if layout.names is None else header,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding="utf-8-sig",
                on_bad_lines="warn",
                engine="c",
                index_col=False,
                usecols=wanted,
                compression=None,  # a CSV named .gz or .zip is read as the text it is
                skipinitialspace=False,
            )
    except UnicodeDecodeError as exc:
        raise _open_error(path, exc) from None
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        logger.info(
            "%s: pandas could not parse the file (%s); reading it with the csv module", shown, exc
        )
        return None
    except OSError as exc:
        raise _open_error(path, exc) from None
    if any("Skipping line" in str(w.message) or "does not match" in str(w.message) for w in caught):
        logger.info("%s: rows with too many fields; reading it with the csv module", shown)
        return None
    return cells


def _with_lines(
    path: Path,
    header: list[str],
    cells: pd.DataFrame,
    layout: CsvLayout,
    *,
    pad_short: bool = False,
    wanted: list[str] | None = None,
) -> RawTable:
    """Attach the physical line of every record (see the module docstring).

    ``pad_short``: the parser padded short rows with empty cells (pandas), so look for them.
    """
    shown, width, n = str(path), len(header), len(cells)
    newlines, trailing, lone_cr, nul = _count_newlines(path)
    if lone_cr and pad_short:
        # pandas' C parser misreads a field after a lone "\r" ("\r,a" gives "a", "")
        logger.info("%s: line breaks of a lone \\r; reading it with the csv module", shown)
        return _restrict(_read_with_csv_module(path, header, layout), wanted)
    skip = layout.header_lines
    if newlines == n + skip - 1 + (1 if trailing else 0) and not lone_cr and (n or skip):
        lines = np.arange(skip + 1, n + skip + 1, dtype=np.int64)
        short = (
            _short_rows_fast(path, header, cells, lines, layout)
            if pad_short
            else np.zeros(n, dtype=bool)
        )
        return RawTable(
            shown, header, cells, lines, None, short, np.zeros(n, dtype=bool), layout, nul
        )
    logger.info(
        "%s: quoted line breaks or blank lines; exact line numbers from the csv module", shown
    )
    lines, counts, sizes = _lines_and_counts(path, layout)
    if len(lines) != n or not (pad_short or _sizes_agree(cells, sizes)):
        return _restrict(_read_with_csv_module(path, header, layout), wanted)
    short, long = counts < min_width(header), counts > width
    return RawTable(shown, header, cells, lines, counts, short, long, layout, nul)


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


def _without_index_column(raw: RawTable) -> RawTable:
    """Drop pandas' index: a first column without a name whose values are whole numbers."""
    first = raw.header[0] if raw.header else ""
    if not (first.startswith(_UNNAMED) or _PANDAS_INDEX.fullmatch(first)):
        return raw
    if first not in raw.cells.columns or not len(raw.cells):
        return raw
    if raw.cells[first].astype(str).str.strip().str.fullmatch(r"\d+").all():
        logger.info("%s: the first column has no name and holds row numbers: dropped", raw.path)
        raw.cells = raw.cells.drop(columns=[first])
    return raw


def _short_rows_fast(
    path: Path, header: list[str], cells: pd.DataFrame, lines: np.ndarray, layout: CsvLayout
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
            fields = next(_csv_reader(iter([raw_line]), layout.delimiter), [])
            short[row_index] = len(fields) < min_width(header)
    return short
