"""Incidents counted per day and grid cell, with their border figures (one aggregate, any engine).

:func:`cells_from_incidents` is the single-process engine; :mod:`geo.analysis.distributed` runs its two
halves on dask partitions — :func:`cell_rows_from_incidents` per partition, then the same
reductions (:data:`CELL_REDUCTIONS`) in a tree — and gets the identical result, because the
aggregate holds only integer sums and minima.

The grid is plain longitude/latitude: cell ``(x, y)`` = ``(floor(lon / cell_deg),
floor(lat / cell_deg))``, computed on integer micro-degrees so that a point on an edge always
falls in the same cell (``45.3 / 0.1`` is ``452.99999999999994`` in floats). The day is
``event_date`` floored to the day (for week- or month-precise dates ACLED gives the middle day;
``vague_dates`` counts them). Incidents without a date or a geometry stay in the aggregate as
their own groups (NaT day, missing cell), last.
"""

from __future__ import annotations

from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.border import border_km_from_points, points_from_incidents

__all__ = [
    "CELL_COLUMNS",
    "CELL_INPUT_COLUMNS",
    "CELL_KEYS",
    "CELL_REDUCTIONS",
    "CELL_SUMS",
    "cell_deg_problem",
    "cell_rows_from_incidents",
    "cells_from_cell_rows",
    "cells_from_incidents",
    "finished_cells",
]

#: Grouping keys of :func:`cells_from_incidents`.
CELL_KEYS: Final[tuple[str, ...]] = ("day", "cell_x", "cell_y")
#: Summed columns of the per-incident rows (``border_km_min`` is a minimum).
CELL_SUMS: Final[tuple[str, ...]] = ("incidents", "fatalities", "near_border", "vague_dates")
#: How each measure of a cell row is reduced (the same in every engine).
CELL_REDUCTIONS: Final[dict[str, str]] = {**dict.fromkeys(CELL_SUMS, "sum"), "border_km_min": "min"}
#: Columns of the aggregate, in order.
CELL_COLUMNS: Final[tuple[str, ...]] = (
    *CELL_KEYS,
    "cell_lon",
    "cell_lat",
    *CELL_SUMS,
    "border_km_min",
)
#: Columns :func:`cell_rows_from_incidents` reads besides the geometry (when present).
CELL_INPUT_COLUMNS: Final[tuple[str, ...]] = (
    "event_date",
    "fatalities",
    "time_precision",
    "latitude",
    "longitude",
)
_MICRO: Final[int] = 1_000_000
# (day, cell_x, cell_y) packed into one int64 ``key`` (grouping on one integer is several times
# faster than on three nullable columns): 24 bits of days since 1970 (offset 2**23), 19 bits
# each of cell x and y (offset 2**18; cells of >= 0.001° keep |x| < 2**18). The all-ones
# field is "missing" (NaT day, no cell), so the key's order is day, x, y, missing last.
_XY_BITS: Final[int] = 19
_DAY_NA: Final[int] = (1 << 24) - 1
_XY_NA: Final[int] = (1 << _XY_BITS) - 1
_XY_OFFSET: Final[int] = 1 << 18
_DAY_OFFSET: Final[int] = 1 << 23


def cell_deg_problem(cell_deg: float) -> str | None:
    """What is wrong with a grid cell size, or ``None`` when the grid can use it.

    A cell is 0.001 to 10 degrees, with at most 6 decimals (the grid counts in integer
    micro-degrees).

    Examples
    --------
    >>> from geo.analysis import cell_deg_problem
    >>> cell_deg_problem(0.1) is None
    True
    >>> cell_deg_problem(1000.0)
    'must be between 0.001 and 10 with at most 6 decimals, not 1000.0'
    """
    if not 0.001 <= cell_deg <= 10 or abs(round(cell_deg * _MICRO) - cell_deg * _MICRO) > 1e-6:
        return f"must be between 0.001 and 10 with at most 6 decimals, not {cell_deg}"
    return None


def _micro_cell(cell_deg: float) -> int:
    problem = cell_deg_problem(cell_deg)
    if problem is not None:
        raise ValueError(f"cell_deg {problem}")
    return round(cell_deg * _MICRO)


def _packed(day: np.ndarray, cx: np.ndarray, cy: np.ndarray, placed: np.ndarray) -> np.ndarray:
    """The int64 key of (day in days since 1970 or NaT, cell x, cell y, placed or not)."""
    days = day.astype("datetime64[D]")
    dated = ~np.isnat(days)
    d = np.where(dated, days.astype(np.int64) + _DAY_OFFSET, _DAY_NA)
    x = np.where(placed, cx + _XY_OFFSET, _XY_NA)
    y = np.where(placed, cy + _XY_OFFSET, _XY_NA)
    return (d << (2 * _XY_BITS)) | (x << _XY_BITS) | y


def _unpacked(key: np.ndarray) -> dict[str, Any]:
    """``day``, ``cell_x``, ``cell_y`` of packed keys (NaT / missing for the sentinels)."""
    key = np.asarray(key, dtype=np.int64)
    d = key >> (2 * _XY_BITS)
    x = (key >> _XY_BITS) & _XY_NA
    y = key & _XY_NA
    day = (d - _DAY_OFFSET).astype("datetime64[D]").astype("datetime64[s]")
    day[d == _DAY_NA] = np.datetime64("NaT")
    missing = x == _XY_NA
    return {
        "day": day,
        "cell_x": pd.arrays.IntegerArray(x - _XY_OFFSET, missing),
        "cell_y": pd.arrays.IntegerArray(y - _XY_OFFSET, missing),
    }


def cell_rows_from_incidents(
    gdf: gpd.GeoDataFrame, *, cell_deg: float = 0.1, near_km: float = 10.0
) -> pd.DataFrame:
    """Return one row per incident with its day × cell key and border figures (no geometry).

    The first half of :func:`cells_from_incidents`, row by row (so it runs on any partition
    of the incidents; :mod:`geo.analysis.distributed` maps it over partitions); group the rows with
    :func:`cells_from_cell_rows`.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with a CRS; ``event_date``, ``fatalities`` and ``time_precision`` are read
        when present.
    cell_deg : float, keyword-only
        Side of a grid cell in degrees of longitude and latitude (0.001 to 10, up to 6
        decimals).
    near_km : float, keyword-only
        ``near_border`` counts incidents within this geodesic distance of the border.

    Returns
    -------
    pandas.DataFrame
        ``key`` (int64: the day — ``event_date`` floored to the day — and the cell
        ``floor(lon / cell_deg)``, ``floor(lat / cell_deg)``, computed on integer
        micro-degrees so cell edges are exact; packed into one integer, missing day or cell
        included), ``incidents`` (1), ``fatalities`` (missing counted as 0), ``near_border``
        (0/1), ``vague_dates`` (1 when ``time_precision`` is 2 or 3), ``border_km_min``
        (geodesic km to the border; NaN without geometry).
    """
    size = _micro_cell(cell_deg)
    if near_km < 0:
        raise ValueError(f"near_km must be >= 0, not {near_km}")
    lon, lat = points_from_incidents(gdf)
    ok = ~np.isnan(lon) & ~np.isnan(lat)
    km = border_km_from_points(lon, lat, ok)[0]  # no copy of the frame
    cx = np.zeros(len(lon), dtype=np.int64)
    cy = np.zeros(len(lon), dtype=np.int64)
    cx[ok] = np.floor_divide(np.round(lon[ok] * _MICRO).astype(np.int64), size)
    cy[ok] = np.floor_divide(np.round(lat[ok] * _MICRO).astype(np.int64), size)
    n = len(gdf)
    if "event_date" in gdf.columns:
        day = pd.to_datetime(gdf["event_date"]).to_numpy(dtype="datetime64[s]")
    else:
        day = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    if "fatalities" in gdf.columns:
        killed = pd.to_numeric(gdf["fatalities"], errors="coerce").fillna(0).to_numpy(np.int64)
    else:
        killed = np.zeros(n, dtype=np.int64)
    if "time_precision" in gdf.columns:
        precision = pd.to_numeric(gdf["time_precision"], errors="coerce").to_numpy(float)
        vague = (precision >= 2).astype(np.int64)
    else:
        vague = np.zeros(n, dtype=np.int64)
    return pd.DataFrame(
        {
            "key": _packed(day, cx, cy, ok),
            "incidents": np.ones(n, dtype=np.int64),
            "fatalities": killed,
            "near_border": (km <= near_km).astype(np.int64),
            "vague_dates": vague,
            "border_km_min": km,
        }
    )


def cells_from_cell_rows(rows: pd.DataFrame, *, cell_deg: float = 0.1) -> pd.DataFrame:
    """Group per-incident rows (or partial aggregates) by day and cell; return the aggregate.

    ``rows`` may be :func:`cell_rows_from_incidents`' output, or aggregates of parts of the
    incidents (this function's output, or anything with ``key`` and the measures): sums add
    up and minima take the minimum, so grouping parts and then their results gives the same
    numbers as grouping the whole (integer sums and minima are exact in any order).

    Returns
    -------
    pandas.DataFrame
        :data:`CELL_COLUMNS` (see :func:`finished_cells`).
    """
    if "key" not in rows.columns:  # finished aggregates: pack their keys again
        rows = rows.assign(
            key=_packed(
                rows["day"].to_numpy(dtype="datetime64[s]"),
                rows["cell_x"].to_numpy(dtype=np.int64, na_value=0),
                rows["cell_y"].to_numpy(dtype=np.int64, na_value=0),
                rows["cell_x"].notna().to_numpy(),
            )
        )
    grouped = rows.groupby("key", sort=False)[list(CELL_REDUCTIONS)].agg(CELL_REDUCTIONS)
    return finished_cells(grouped.reset_index(), cell_deg=cell_deg)


def finished_cells(frame: pd.DataFrame, *, cell_deg: float) -> pd.DataFrame:
    """Turn grouped rows (``key`` + measures) into the aggregate: keys unpacked, sorted.

    Returns
    -------
    pandas.DataFrame
        :data:`CELL_COLUMNS`, one row per (day, cell) with incidents, sorted by day, cell_x,
        cell_y (undated and unplaced groups last); ``cell_lon``/``cell_lat`` are the cell's
        centre.
    """
    size = _micro_cell(cell_deg)
    frame = frame.sort_values("key", kind="stable")
    keys = _unpacked(frame["key"].to_numpy())
    out = pd.DataFrame(keys)
    x = keys["cell_x"].to_numpy(dtype=float, na_value=np.nan)
    y = keys["cell_y"].to_numpy(dtype=float, na_value=np.nan)
    out["cell_lon"] = (x * size + size / 2) / _MICRO
    out["cell_lat"] = (y * size + size / 2) / _MICRO
    for column in CELL_SUMS:
        out[column] = frame[column].to_numpy(dtype=np.int64)
    out["border_km_min"] = frame["border_km_min"].to_numpy(dtype=float)
    return out[list(CELL_COLUMNS)]


def cells_from_incidents(
    gdf: gpd.GeoDataFrame, *, cell_deg: float = 0.1, near_km: float = 10.0
) -> pd.DataFrame:
    """Count incidents per day and grid cell, with their fatalities and border distances.

    The single-process engine of the aggregation that :func:`geo.analysis.distributed.aggregate`
    also runs on a dask cluster (same rows, same numbers).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with a CRS (measured from one point each, see
        :func:`points_from_incidents`).
    cell_deg : float, keyword-only
        Side of a cell in degrees (0.1° is about 11 km north–south and 8.5 km east–west
        here); a plain longitude/latitude grid.
    near_km : float, keyword-only
        Threshold of the ``near_border`` count, in geodesic km.

    Returns
    -------
    pandas.DataFrame
        :data:`CELL_COLUMNS`: ``day``, ``cell_x``, ``cell_y``, ``cell_lon``, ``cell_lat``
        (centre), ``incidents``, ``fatalities``, ``near_border``, ``vague_dates`` (incidents
        whose date is a week or a month, counted on the middle day ACLED gives),
        ``border_km_min``. Undated incidents and incidents without geometry are kept as
        their own groups (NaT day, missing cell).
    """
    rows = cell_rows_from_incidents(gdf, cell_deg=cell_deg, near_km=near_km)
    return cells_from_cell_rows(rows, cell_deg=cell_deg)
