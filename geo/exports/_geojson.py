"""Vectorised RFC 7946 GeoJSON text for large GeoDataFrames (used by :func:`geo.exports.writers.write_geojson`).

GDAL's GeoJSON driver formats one feature at a time. This writer makes the same document
column by column with Arrow string kernels, in chunks of rows, and writes each chunk's bytes as
they are (figures in benchmarks/RESULTS.md):

- ``{"type": "FeatureCollection", "name": <layer>, "bbox": [...], "features": [...]}``, no
  ``crs`` member (RFC 7946: WGS 84 longitude/latitude);
- every feature has ``"id"`` (1-based row number), ``"properties"`` (every column but the
  geometry, in order), ``"bbox"`` and ``"geometry"`` (``null``, without a bbox, when the row
  has none or an empty one);
- coordinates rounded to 6 decimals; polygons wound by the right-hand rule (exterior
  counter-clockwise, holes clockwise);
- numbers as the shortest text that reads back to the same float (``47.144``, ``45.0``;
  non-finite numbers are ``null``), integers as integers, booleans as ``true``/``false``,
  dates as ``YYYY-MM-DD`` (``YYYY-MM-DDTHH:MM:SS`` when a time of day is set in the column),
  text JSON-escaped (UTF-8, not ``\\u`` escapes).

Frames it does not handle return ``None`` from :func:`geojson_chunks` before anything is
written, and the caller uses GDAL: a column of another dtype (time-zone aware dates,
objects that are not text, categories...), repeated column names, 3-D coordinates, or a line
or area more than 180° wide (GDAL's ``RFC7946=YES`` cuts those at the antimeridian).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely
import shapely.geometry

__all__ = ["geojson_chunks"]

#: Rows formatted at a time (bounds the memory the text of a chunk takes).
CHUNK_ROWS = 8192
_DECIMALS = 6
#: A text column whose first rows repeat this much is formatted once per distinct value.
_REPEATS = 0.5
_SAMPLE = 20_000
_THREADS = 2
#: Adjacent columns formatted once per distinct value are joined into one table while it
#: holds at most this many texts (the product of their distinct values).
_JOINED_TEXTS = 1 << 16
_STRING = pa.large_string()
_SEP = pa.scalar(", ", _STRING)


def _join(*parts: Any) -> pa.Array:
    """Concatenate text arrays and scalars element-wise (no separator)."""
    return pc.binary_join_element_wise(*parts, pa.scalar("", _STRING))


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, _STRING)


def _single(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _needs_escape(text: pa.Array) -> np.ndarray:
    """Rows whose text holds a byte JSON must escape (``"``, ``\\``, a control character).

    Looks at the bytes of the large-string array's data buffer with numpy (Arrow's regex
    kernel is slower).
    """
    mask = np.zeros(len(text), dtype=bool)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[
        text.offset : text.offset + len(text) + 1
    ]
    data = text.buffers()[2]
    if data is None or offsets[-1] == offsets[0]:
        return mask
    raw = np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
    hits = np.flatnonzero((raw < 0x20) | (raw == 0x22) | (raw == 0x5C))
    if len(hits):
        mask[np.searchsorted(offsets, hits + offsets[0], side="right") - 1] = True
    return mask


def _quoted(text: pa.Array | pa.ChunkedArray, prefix: str = "") -> pa.Array:
    """``prefix`` + the JSON string literal of every value; ``null`` stays null."""
    text = _single(text).cast(_STRING)
    out = _join(_text(prefix + '"'), text, _text('"'))
    needs = _needs_escape(text)
    if needs.any():
        values = text.filter(pa.array(needs)).to_pylist()
        escaped = [prefix + json.dumps(v, ensure_ascii=False) for v in values]
        out = pc.replace_with_mask(out, pa.array(needs), pa.array(escaped, type=_STRING))
    return out


def _float_text(values: np.ndarray) -> pa.Array:
    """Shortest round-trip text of float64 values, ``.0`` on whole numbers; non-finite null."""
    values = np.asarray(values, dtype="float64")
    finite = np.isfinite(values)
    text = pc.cast(pa.array(values, mask=~finite), _STRING)
    with np.errstate(invalid="ignore"):
        whole = finite & (np.floor(values) == values)
    if whole.any():
        # Arrow writes 45.0 as "45" and 1e15 as "1e+15"; JSON readers would take "45" for an
        # integer, so whole numbers are written as Python writes floats
        small = whole & (np.abs(values) < 1e15)
        digits = pc.cast(pa.array(np.where(small, values, 0).astype(np.int64)), _STRING)
        text = pc.if_else(pa.array(small), _join(digits, _text(".0")), text)
        big = np.flatnonzero(whole & ~small)
        if len(big):
            text = pc.replace_with_mask(
                text,
                pa.array(whole & ~small),
                pa.array([repr(float(v)) for v in values[big]], type=_STRING),
            )
    return text


@dataclass(frozen=True)
class _Table:
    """Columns formatted once per distinct value (``, "name": value`` text): per row a code
    into the texts. Adjacent tables are joined into one (:meth:`then`), so that a chunk of
    rows takes one text per row for several columns."""

    codes: np.ndarray  # per row, >= 0
    texts: pa.Array  # large_string, no nulls

    def then(self, other: _Table) -> _Table:
        """This table's columns followed by ``other``'s, as one table."""
        width = len(other.texts)
        left = np.repeat(np.arange(len(self.texts)), width)
        right = np.tile(np.arange(width), len(self.texts))
        texts = _join(self.texts.take(pa.array(left)), other.texts.take(pa.array(right)))
        codes = self.codes.astype(np.int32) * width + other.codes
        return _Table(codes.astype(np.int32), texts)

    def text(self, start: int, stop: int) -> list[Any]:
        """Pieces to join for rows ``start:stop`` (a scalar when every row reads the same)."""
        if len(self.texts) == 1:
            return [self.texts[0]]
        return [self.texts.take(pa.array(self.codes[start:stop]))]


@dataclass(frozen=True)
class _Chunked:
    """A column whose values barely repeat, formatted a chunk of rows at a time."""

    prefix: str
    kind: str  # text, int, float or bool
    values: Any  # Arrow text (text), else the pandas series

    def text(self, start: int, stop: int) -> list[Any]:
        """Pieces to join for rows ``start:stop`` (``prefix`` + value, or the two apart)."""
        null = _text(self.prefix + "null")
        if self.kind == "text":
            return [_quoted(self.values.slice(start, stop - start), self.prefix).fill_null(null)]
        return [_text(self.prefix), _value_text(self.values.iloc[start:stop], self.kind)]


def _value_text(values: Any, kind: str) -> pa.Array:
    """JSON text of numbers or booleans (``null`` where missing or not finite)."""
    if kind == "bool":
        arr = pa.array(values, from_pandas=True, type=pa.bool_())
        text = pc.if_else(arr, _text("true"), _text("false"))
    elif kind == "int":
        text = pc.cast(pa.array(values, from_pandas=True), _STRING)
    else:
        text = _float_text(pd.Series(values).to_numpy(dtype="float64", na_value=np.nan))
    return _single(text).fill_null(_text("null"))


def _kind(dtype: Any) -> str:
    if pd.api.types.is_datetime64_dtype(dtype):
        return "date"
    if isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype):
        return "text"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    raise TypeError(f"dtype {dtype} is left to GDAL")  # pragma: no cover - see _supported


def _column_part(name: str, series: pd.Series, *, first: bool) -> _Table | _Chunked:
    """How one column is formatted: once per distinct value when its first rows repeat
    (dates always), else chunk by chunk."""
    prefix = ("" if first else ", ") + json.dumps(name, ensure_ascii=False) + ": "
    kind = _kind(series.dtype)
    if kind == "text":
        arrow = pa.array(series, from_pandas=True, type=_STRING)
        sample = arrow.slice(0, _SAMPLE)
        if len(sample) and pc.count_distinct(sample).as_py() <= _REPEATS * len(sample):
            return _text_table(arrow, prefix)
        return _Chunked(prefix, kind, arrow)
    if kind != "date":
        sample = series.iloc[:_SAMPLE]
        if not len(sample) or sample.nunique(dropna=False) > _REPEATS * len(sample):
            return _Chunked(prefix, kind, series)
    codes, uniques = pd.factorize(series.array, use_na_sentinel=True)
    if kind == "date":
        stamps = np.asarray(uniques, dtype=series.dtype)
        texts = _quoted(_date_text(stamps), prefix).fill_null(_text(prefix + "null"))
    else:
        texts = _join(_text(prefix), _value_text(uniques, kind))
    return _table(codes, texts, prefix)


def _text_table(arrow: pa.Array | pa.ChunkedArray, prefix: str) -> _Table:
    """A text column as a table: one dictionary encoding, each distinct value quoted once."""
    encoded = pa.chunked_array([arrow]) if isinstance(arrow, pa.Array) else arrow
    encoded = pc.dictionary_encode(encoded)
    if len({_buffers(c.dictionary) for c in encoded.chunks}) > 1:  # pragma: no cover
        encoded = encoded.unify_dictionaries()  # Arrow's encoding shares one; else make one
    if not encoded.num_chunks:
        return _table(np.zeros(0, dtype=np.int32), pa.array([], type=_STRING), prefix)
    codes = np.concatenate(
        [pc.fill_null(c.indices, -1).to_numpy(zero_copy_only=False) for c in encoded.chunks]
    )
    dictionary = encoded.chunk(0).dictionary
    return _table(codes.astype(np.int32), _quoted(dictionary, prefix), prefix)


def _buffers(arr: pa.Array) -> tuple[int, ...]:
    """The addresses of an array's buffers (equal: the same array)."""
    return tuple(0 if b is None else b.address for b in arr.buffers())


def _table(codes: np.ndarray, texts: pa.Array, prefix: str) -> _Table:
    """A table from codes (``-1``: missing) and one text per distinct value."""
    null = _text(prefix + "null")
    texts = pa.concat_arrays([texts.fill_null(null), pa.array([null.as_py()], type=_STRING)])
    return _Table(np.where(codes < 0, len(texts) - 1, codes).astype(np.int32), texts)


def _date_text(stamps: np.ndarray) -> pa.Array:
    """Dates as ``YYYY-MM-DD`` (``YYYY-MM-DDTHH:MM:SS`` when a time of day is set)."""
    given = stamps[~np.isnat(stamps)]
    has_time = bool((given != given.astype("datetime64[D]")).any())
    unit = "s" if has_time else "D"
    text = np.datetime_as_string(stamps.astype(f"datetime64[{unit}]"), unit=unit)  # type: ignore[call-overload]
    return pa.array(text, mask=np.isnat(stamps), type=_STRING)


def _parts(gdf: gpd.GeoDataFrame, columns: list[Any]) -> list[_Table | _Chunked]:
    """Every column's part, adjacent tables joined while their texts stay few."""
    parts: list[_Table | _Chunked] = []
    for i, column in enumerate(columns):
        part = _column_part(str(column), gdf[column], first=i == 0)
        last = parts[-1] if parts else None
        if (
            isinstance(part, _Table)
            and isinstance(last, _Table)
            and len(last.texts) * len(part.texts) <= _JOINED_TEXTS
        ):
            parts[-1] = last.then(part)
        else:
            parts.append(part)
    return parts


def _supported(series: pd.Series) -> bool:
    """The writer formats this column's dtype (objects only when they are all text)."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return False
    if pd.api.types.is_object_dtype(dtype):
        return pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")
    return (
        isinstance(dtype, pd.StringDtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_integer_dtype(dtype)
        or pd.api.types.is_float_dtype(dtype)
        or pd.api.types.is_datetime64_dtype(dtype)  # naive; time-zone aware: GDAL
    )


def _rounded(values: np.ndarray) -> np.ndarray:
    return np.round(values, _DECIMALS) + 0.0  # + 0.0: no "-0.0"


def _bbox_text(box: np.ndarray) -> pa.Array:
    """``minx, miny, maxx, maxy`` per row of an (n, 4) array."""
    return pc.binary_join_element_wise(*(_float_text(box[:, i]) for i in range(4)), _SEP)


@dataclass(frozen=True)
class _Geometries:
    """Every row's ``, "bbox": [...], "geometry": {...} }`` (or ``, "geometry": null }``),
    made a chunk of rows at a time: points from their rounded coordinates, other shapes
    taken from one text per distinct shape (incidents "on the corridor" share its line)."""

    kind: np.ndarray  # per row: 0 a point, 1 another shape, -1 none (missing or empty)
    x: np.ndarray  # per row: the point's rounded coordinates (nan elsewhere)
    y: np.ndarray
    codes: np.ndarray  # per row: its shape among the distinct ones (0 elsewhere)
    shapes: pa.Array  # per distinct shape: its text
    bbox: tuple[float, float, float, float] | None  # the collection's

    @classmethod
    def of(cls, geoms: np.ndarray) -> _Geometries | None:
        """``None`` when the writer does not handle the geometries (3-D, non-finite, or a
        line/area wider than 180°)."""
        type_id = shapely.get_type_id(geoms)
        present = (type_id >= 0) & ~shapely.is_empty(geoms)
        if shapely.has_z(geoms[present]).any():
            return None
        kind = np.where(present, np.where(type_id == 0, 0, 1), -1).astype(np.int8)
        x, y = np.full(len(geoms), np.nan), np.full(len(geoms), np.nan)
        x[kind == 0] = _rounded(shapely.get_x(geoms[kind == 0]))
        y[kind == 0] = _rounded(shapely.get_y(geoms[kind == 0]))
        if not (np.isfinite(x[kind == 0]).all() and np.isfinite(y[kind == 0]).all()):
            return None
        bounds = np.column_stack([x, y, x, y])
        codes = np.zeros(len(geoms), dtype=np.int32)
        texts = pa.array([], type=_STRING)
        if (kind == 1).any():
            found = _shape_texts(geoms[kind == 1])
            if found is None:
                return None
            codes[kind == 1], texts, bounds[kind == 1] = found
        if not present.any():
            return cls(kind, x, y, codes, texts, None)
        total = (
            np.nanmin(bounds[:, :2], axis=0).tolist() + np.nanmax(bounds[:, 2:], axis=0).tolist()
        )
        return cls(kind, x, y, codes, texts, (total[0], total[1], total[2], total[3]))

    def text(self, start: int, stop: int) -> pa.Array:
        """The text of rows ``start:stop``."""
        kind = self.kind[start:stop]
        point, other = kind == 0, kind == 1
        out = pa.repeat(pa.scalar(', "geometry": null }', _STRING), stop - start)
        if point.any():
            pair = pc.binary_join_element_wise(
                _float_text(self.x[start:stop][point]), _float_text(self.y[start:stop][point]), _SEP
            )
            part = _join(
                pa.scalar(', "bbox": [ ', _STRING),
                pair,
                pa.scalar(", ", _STRING),
                pair,
                pa.scalar(' ], "geometry": { "type": "Point", "coordinates": [ ', _STRING),
                pair,
                pa.scalar(" ] } }", _STRING),
            )
            if point.all():
                return part
            out = pc.replace_with_mask(out, pa.array(point), part)
        if other.any():
            part = self.shapes.take(pa.array(self.codes[start:stop][other]))
            out = pc.replace_with_mask(out, pa.array(other), part)
        return out


def _shape_texts(shapes: np.ndarray) -> tuple[np.ndarray, pa.Array, np.ndarray] | None:
    """Lines and areas: per shape its code among the distinct ones, the text of each distinct
    one (bbox and geometry), and per shape its bounds; ``None`` for a shape wider than 180°
    or with a coordinate that is not finite."""
    box = shapely.bounds(shapes)
    if ((box[:, 2] - box[:, 0]) > 180).any():
        return None
    if hasattr(shapely, "orient_polygons"):
        shapes = shapely.orient_polygons(shapes, exterior_cw=False)
    else:  # pragma: no cover - shapely < 2.1
        shapes = np.array([_oriented(g) for g in shapes], dtype=object)
    shapes = shapely.transform(shapes, _rounded)
    if not np.isfinite(shapely.get_coordinates(shapes)).all():
        return None
    # json.dumps writes floats as their shortest text (GEOS's writer uses 17 digits)
    codes, first = pd.factorize(shapely.to_wkb(shapes))
    distinct = shapely.from_wkb(first)
    texts = _join(
        pa.scalar(', "bbox": [ ', _STRING),
        _bbox_text(shapely.bounds(distinct)),
        pa.scalar(' ], "geometry": ', _STRING),
        pa.array([json.dumps(shapely.geometry.mapping(g)) for g in distinct], type=_STRING),
        pa.scalar(" }", _STRING),
    )
    return codes.astype(np.int32), texts, shapely.bounds(shapes)


def _oriented(geom: Any) -> Any:  # pragma: no cover - shapely < 2.1
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    return geom


def geojson_chunks(gdf: gpd.GeoDataFrame, *, name: str) -> Iterator[memoryview | bytes] | None:
    """The GeoJSON document of ``gdf`` (already in WGS 84) as a sequence of byte chunks.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Longitude/latitude frame (the caller reprojects).
    name : str, keyword-only
        The collection's ``name`` member (GDAL reads it as the layer name).

    Returns
    -------
    iterator of bytes or None
        ``None`` when a column or a geometry is of a kind this writer leaves to GDAL (module
        docstring); nothing has been formatted then.
    """
    geometry_name = gdf.geometry.name
    columns = [c for c in gdf.columns if c != geometry_name]
    if len(set(map(str, columns))) != len(columns):
        return None
    if not all(_supported(gdf[c]) for c in columns):
        return None
    geometries = _Geometries.of(np.asarray(gdf.geometry.array, dtype=object))
    if geometries is None:
        return None
    return _chunks(gdf, columns, name, geometries)


def _chunks(
    gdf: gpd.GeoDataFrame, columns: list[Any], name: str, geometries: _Geometries
) -> Iterator[memoryview | bytes]:
    bbox = geometries.bbox
    head = f'{{\n"type": "FeatureCollection",\n"name": {json.dumps(name, ensure_ascii=False)},\n'
    if bbox is not None:
        head += f'"bbox": [ {", ".join(_float_text(_rounded(np.array(bbox))).to_pylist())} ],\n'
    yield (head + '"features": [\n').encode("utf-8")
    formats = _parts(gdf, columns)
    n = len(gdf)

    def features(start: int) -> memoryview:
        stop = min(start + CHUNK_ROWS, n)
        ids = pc.cast(pa.array(np.arange(start + 1, stop + 1, dtype=np.int64)), _STRING)
        pieces: list[Any] = [_text('{ "type": "Feature", "id": '), ids, _text(', "properties": { ')]
        for column in formats:
            pieces += column.text(start, stop)
        pieces += [_text(" }"), geometries.text(start, stop), _text(",\n")]
        # every feature ends with ",\n" but the last
        return _buffer_bytes(_join(*pieces), trim=0 if stop < n else 2)

    # Arrow's kernels release the GIL: two threads format the next chunks while one is written
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        pending: deque[Future[memoryview]] = deque()
        for start in range(0, n, CHUNK_ROWS):
            pending.append(pool.submit(features, start))
            if len(pending) > _THREADS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    yield b"\n]\n}\n" if n else b"]\n}\n"


def _buffer_bytes(text: pa.Array, *, trim: int) -> memoryview:
    """The concatenated values of a large-string array, less ``trim`` bytes at the end."""
    text = _single(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    first, last = int(offsets[text.offset]), int(offsets[text.offset + len(text)])
    return memoryview(text.buffers()[2])[first : last - trim]
