"""Frames to COPY text and back: column types, CSV chunks for ``COPY FROM``, ``COPY TO`` parsed.

Bulk loading goes through ``COPY ... FROM STDIN (FORMAT csv)``: pyarrow's CSV writer (C++,
multi-threaded) turns each chunk of rows into CSV text, where every string is quoted and a
missing value is an unquoted empty field, which is exactly how PostgreSQL's CSV format tells
``''`` from ``NULL``. No user text is ever part of an SQL statement: it travels as COPY data.
Geometries travel as hex EWKB (SRID 4326), dates as ISO dates.

Reading back is the mirror: ``COPY (SELECT ...) TO STDOUT (FORMAT csv)`` parsed by pyarrow's
CSV reader with the column types given, then every column gets the pandas dtype it was
imported with (recorded per import run), so a round trip gives equal frames.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import shapely

from geo.errors import StoreError
from geo.incidents import INCIDENT_COLUMNS

#: Rows per COPY chunk.
CHUNK_ROWS: Final[int] = 65_536
_SCHEMA_TYPES: Final[dict[str, str]] = {
    "str": "text",
    "date": "date",
    "int": "integer",
    "float": "double precision",
}
#: PostgreSQL type -> the pyarrow type its CSV text is read back as.
_ARROW_TYPES: Final[dict[str, pa.DataType]] = {
    "text": pa.string(),
    "date": pa.date32(),
    "integer": pa.int64(),
    "bigint": pa.int64(),
    "double precision": pa.float64(),
    "boolean": pa.bool_(),
    "timestamp without time zone": pa.timestamp("us"),
    "geometry": pa.string(),
}


def pg_type(column: str, dtype: Any) -> str:
    """The PostgreSQL type a frame column is stored as (schema columns: the schema's type)."""
    if column in INCIDENT_COLUMNS:
        return _SCHEMA_TYPES[INCIDENT_COLUMNS[column][0]]
    if isinstance(dtype, pd.DatetimeTZDtype):
        raise StoreError(f"column {column!r}: time-zone aware dates are not stored; convert them")
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "bigint"
    if pd.api.types.is_float_dtype(dtype):
        return "double precision"
    if pd.api.types.is_datetime64_dtype(dtype):
        return "timestamp without time zone"
    return "text"


def arrow_type(pg: str) -> pa.DataType:
    """The pyarrow type a PostgreSQL column's CSV text is parsed as."""
    return _ARROW_TYPES.get(pg, pa.string())


def _arrow_column(series: pd.Series, pg: str) -> pa.Array:
    """One frame column as the Arrow array whose CSV text PostgreSQL reads as ``pg``."""
    if pg == "geometry":
        values = np.asarray(series, dtype=object)
        return pa.array(shapely.to_wkb(values, hex=True, include_srid=False), type=pa.string())
    if pg == "text":
        if series.dtype == object:
            series = series.astype("string")
        array = pa.array(series, from_pandas=True)
        if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
            array = pc.cast(array, pa.string())
        return array
    array = pa.array(series, from_pandas=True)
    if pg == "date":
        return pc.cast(array, pa.date32()) if not pa.types.is_date32(array.type) else array
    if pg in ("integer", "bigint") and pa.types.is_floating(array.type):
        return pc.cast(array, pa.int64())
    return array


def csv_chunks(frame: pd.DataFrame, columns: Sequence[tuple[str, str]]) -> Iterator[bytes]:
    """CSV text of ``frame``'s ``(column, pg type)`` columns, ``CHUNK_ROWS`` rows at a time.

    A column named ``ord`` that the frame lacks is its row position (0, 1, ...).
    """
    arrays = []
    for name, pg in columns:
        if name == "ord" and name not in frame.columns:
            arrays.append(pa.array(np.arange(len(frame), dtype=np.int64)))
        else:
            arrays.append(_arrow_column(frame[name], pg))
    table = pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))])
    options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
    for start in range(0, max(len(frame), 1), CHUNK_ROWS):
        piece = table.slice(start, CHUNK_ROWS)
        if piece.num_rows == 0:
            return
        sink = io.BytesIO()
        pa_csv.write_csv(piece, sink, options)
        data = sink.getvalue()
        if b"\x00" in data:
            raise _nul_error(piece, columns, start)
        yield data


def _nul_error(piece: pa.Table, columns: Sequence[tuple[str, str]], start: int) -> StoreError:
    """The error for text holding a NUL character (PostgreSQL text cannot hold one)."""
    for array, (name, _) in zip(piece.columns, columns, strict=True):
        if pa.types.is_string(array.type):
            hits = pc.match_substring(array, "\x00")
            if pc.any(hits).as_py():
                row = start + int(pc.index(hits, True).as_py())
                return StoreError(
                    f"column {name!r}, row {row + 1}: text with a NUL character, which "
                    "PostgreSQL cannot store; remove it from the input"
                )
    return StoreError("the import holds a NUL character, which PostgreSQL cannot store")


def table_from_csv(data: bytes, columns: Sequence[tuple[str, str]]) -> pa.Table:
    """Parse ``COPY ... TO STDOUT (FORMAT csv)`` output of ``(name, pg type)`` columns."""
    names = [name for name, _ in columns]
    if not data:
        return pa.table({name: pa.array([], type=arrow_type(pg)) for name, pg in columns})
    return pa_csv.read_csv(
        io.BytesIO(data),
        read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: arrow_type(pg) for name, pg in columns},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["t"],
            false_values=["f"],
        ),
    )


def series_from_arrow(array: pa.ChunkedArray, dtype: str | None) -> pd.Series:
    """An Arrow column as a pandas Series of ``dtype`` (the dtype it was imported with)."""
    if pa.types.is_date32(array.type):
        series = pd.Series(pc.cast(array, pa.timestamp("ms")).to_pandas()).astype("datetime64[ms]")
        return series if dtype is None else series.astype(dtype)
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        series = array.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)
        return series if dtype is None or dtype == "string" else series.astype(dtype)
    if dtype is None:
        mapper = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype()}
        return array.to_pandas(types_mapper=mapper.get)
    if dtype in ("Int64", "Float64", "boolean", "Int32"):
        mapper = {
            pa.int64(): pd.api.types.pandas_dtype(dtype),
            pa.float64(): pd.api.types.pandas_dtype(dtype),
            pa.bool_(): pd.BooleanDtype(),
        }
        return array.to_pandas(types_mapper=mapper.get).astype(dtype)
    return array.to_pandas().astype(dtype)


def geometry_from_hex(array: pa.ChunkedArray) -> np.ndarray:
    """Shapely geometries from a column of hex EWKB text (nulls stay ``None``)."""
    values = array.to_numpy(zero_copy_only=False)
    return shapely.from_wkb(values)
