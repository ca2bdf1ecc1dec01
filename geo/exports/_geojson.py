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
CHUNK_ROWS = 16_384
_DECIMALS = 6
#: A text column whose first rows repeat this much is formatted once per distinct value.
_REPEATS = 0.5
_SAMPLE = 20_000
_THREADS = 2
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


class _Column:
    """Formats one column as ``, "name": value`` text, a chunk of rows at a time.

    Text that repeats (codes, names, dates) is formatted once per distinct value and taken
    per row; other columns are formatted chunk by chunk.
    """

    def __init__(self, name: str, series: pd.Series, *, first: bool) -> None:
        self.prefix = ("" if first else ", ") + json.dumps(name, ensure_ascii=False) + ": "
        self.null = _text(self.prefix + "null")
        self.series = series
        self.codes: pa.Array | None = None
        self.table: pa.Array | None = None
        dtype = series.dtype
        if pd.api.types.is_datetime64_dtype(dtype):
            self.kind = "date"
            stamps = series.to_numpy()
            codes, uniques = pd.factorize(stamps, use_na_sentinel=True)
            self._lookup(codes, _quoted(self._dates(np.asarray(uniques)), self.prefix))
        elif isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype):
            self.kind = "text"
            self.arrow = pa.array(series, from_pandas=True, type=_STRING)
            sample = self.arrow.slice(0, _SAMPLE)
            if len(sample) and pc.count_distinct(sample).as_py() <= _REPEATS * len(sample):
                uniques = _single(pc.unique(self.arrow))  # with null, if any: index_in finds it
                codes = pc.index_in(self.arrow, value_set=uniques).to_numpy(zero_copy_only=False)
                self._lookup(codes.astype(np.int64), _quoted(uniques, self.prefix))
        elif pd.api.types.is_bool_dtype(dtype):
            self.kind = "bool"
        elif pd.api.types.is_integer_dtype(dtype):
            self.kind = "int"
        elif pd.api.types.is_float_dtype(dtype):
            self.kind = "float"
        else:  # pragma: no cover - screened by _supported
            raise TypeError(f"column {name!r}: dtype {dtype} is left to GDAL")

    def _lookup(self, codes: np.ndarray, table: pa.Array) -> None:
        self.codes = pa.array(codes, mask=codes < 0)
        self.table = table.fill_null(self.null)

    @staticmethod
    def _dates(stamps: np.ndarray) -> pa.Array:
        given = stamps[~np.isnat(stamps)]
        has_time = bool((given != given.astype("datetime64[D]")).any())
        unit = "s" if has_time else "D"
        text = np.datetime_as_string(stamps.astype(f"datetime64[{unit}]"), unit=unit)  # type: ignore[call-overload]
        return pa.array(text, mask=np.isnat(stamps), type=_STRING)

    def text(self, start: int, stop: int) -> list[Any]:
        """Pieces to join for rows ``start:stop`` (``prefix`` + value, or the two apart)."""
        if self.table is not None and self.codes is not None:
            rows = self.table.take(self.codes.slice(start, stop - start))
            return [rows.fill_null(self.null) if rows.null_count else rows]
        part = self.series.iloc[start:stop]
        if self.kind == "text":
            return [
                _quoted(self.arrow.slice(start, stop - start), self.prefix).fill_null(self.null)
            ]
        if self.kind == "bool":
            arr = pa.array(part, from_pandas=True, type=pa.bool_())
            value = pc.if_else(arr, _text("true"), _text("false"))
        elif self.kind == "int":
            value = pc.cast(pa.array(part, from_pandas=True), _STRING)
        else:
            value = _float_text(part.to_numpy(dtype="float64", na_value=np.nan))
        return [_text(self.prefix), _single(value).fill_null(_text("null"))]


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


def _geometry_text(
    geoms: np.ndarray,
) -> tuple[pa.Array, tuple[float, float, float, float] | None] | None:
    """Per row ``, "bbox": [...], "geometry": {...} }`` (or ``, "geometry": null }``).

    Returns the text and the collection's bbox, or ``None`` when the writer does not handle
    the geometries (3-D, or a line/area wider than 180°).
    """
    n = len(geoms)
    kind = shapely.get_type_id(geoms)
    present = (kind >= 0) & ~shapely.is_empty(geoms)
    if shapely.has_z(geoms[present]).any():
        return None
    text = pa.repeat(pa.scalar(', "geometry": null }', _STRING), n)
    bounds = np.full((n, 4), np.nan)
    point = present & (kind == 0)
    if point.any():
        x = _rounded(shapely.get_x(geoms[point]))
        y = _rounded(shapely.get_y(geoms[point]))
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            return None
        pair = pc.binary_join_element_wise(_float_text(x), _float_text(y), _SEP)
        part = _join(
            pa.scalar(', "bbox": [ ', _STRING),
            pair,
            pa.scalar(", ", _STRING),
            pair,
            pa.scalar(' ], "geometry": { "type": "Point", "coordinates": [ ', _STRING),
            pair,
            pa.scalar(" ] } }", _STRING),
        )
        text = pc.replace_with_mask(text, pa.array(point), part)
        bounds[point] = np.column_stack([x, y, x, y])
    other = present & (kind != 0)
    if other.any():
        shapes = geoms[other]
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
        box = shapely.bounds(shapes)
        # json.dumps writes floats as their shortest text (GEOS's writer uses 17 digits);
        # each distinct shape once (incidents "on the corridor" share its line)
        codes, first = pd.factorize(shapely.to_wkb(shapes))
        distinct = shapely.from_wkb(first)
        texts = [json.dumps(shapely.geometry.mapping(g)) for g in distinct]
        part = _join(
            pa.scalar(', "bbox": [ ', _STRING),
            _bbox_text(box),
            pa.scalar(' ], "geometry": ', _STRING),
            pa.array(texts, type=_STRING).take(pa.array(codes)),
            pa.scalar(" }", _STRING),
        )
        text = pc.replace_with_mask(text, pa.array(other), part)
        bounds[other] = box
    if not present.any():
        return text, None
    total = (
        float(np.nanmin(bounds[:, 0])),
        float(np.nanmin(bounds[:, 1])),
        float(np.nanmax(bounds[:, 2])),
        float(np.nanmax(bounds[:, 3])),
    )
    return text, total


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
    geometry = _geometry_text(np.asarray(gdf.geometry.array, dtype=object))
    if geometry is None:
        return None
    return _chunks(gdf, columns, name, *geometry)


def _chunks(
    gdf: gpd.GeoDataFrame,
    columns: list[Any],
    name: str,
    tails: pa.Array,
    bbox: tuple[float, float, float, float] | None,
) -> Iterator[memoryview | bytes]:
    head = f'{{\n"type": "FeatureCollection",\n"name": {json.dumps(name, ensure_ascii=False)},\n'
    if bbox is not None:
        head += f'"bbox": [ {", ".join(_float_text(_rounded(np.array(bbox))).to_pylist())} ],\n'
    yield (head + '"features": [\n').encode("utf-8")
    formats = [_Column(str(c), gdf[c], first=i == 0) for i, c in enumerate(columns)]
    n = len(gdf)

    def features(start: int) -> memoryview:
        stop = min(start + CHUNK_ROWS, n)
        ids = pc.cast(pa.array(np.arange(start + 1, stop + 1, dtype=np.int64)), _STRING)
        pieces: list[Any] = [_text('{ "type": "Feature", "id": '), ids, _text(', "properties": { ')]
        for column in formats:
            pieces += column.text(start, stop)
        pieces += [_text(" }"), tails.slice(start, stop - start), _text(",\n")]
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
