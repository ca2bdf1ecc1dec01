"""GeoParquet tables straight from Arrow (used by :func:`geo.exports.writers.write_geoparquet`).

geopandas' writer (``GeoDataFrame.to_parquet``) asks GEOS for every geometry's WKB and then
makes an Arrow array of as many Python ``bytes`` objects. A point (most incidents) is 21 bytes
of ISO WKB — byte order, type 1, x, y — which numpy writes for every point at once from the
coordinates; other geometries keep GEOS's WKB. The rest is geopandas' own: the attribute
columns converted as it converts them, its geometry field (``geoarrow.wkb``, the CRS as
PROJJSON) and its ``geo`` metadata, so the file is the one geopandas writes. Where those
helpers are missing (another geopandas) or the frame is one this path does not take (several
geometry columns, ``attrs``), :func:`geoparquet_table` returns ``None`` and the caller uses
``to_parquet``.
"""

from __future__ import annotations

import sys
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

__all__ = ["geoparquet_table"]

#: One point's ISO WKB: byte order, geometry type, x, y (packed, native byte order).
_POINT_WKB: Final = np.dtype([("order", "u1"), ("type", "=u4"), ("x", "=f8"), ("y", "=f8")])
_NATIVE_ORDER: Final[int] = 1 if sys.byteorder == "little" else 0


def geoparquet_table(gdf: gpd.GeoDataFrame) -> pa.Table | None:
    """The Arrow table geopandas writes as GeoParquet for ``gdf`` (no index), or ``None``.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        With a CRS.

    Returns
    -------
    pyarrow.Table or None
        ``None``: leave the frame to ``GeoDataFrame.to_parquet`` (see the module docstring).
    """
    try:
        from geopandas.io._geoarrow import construct_wkb_array
        from geopandas.io.arrow import _create_metadata, _encode_metadata, _validate_dataframe
    except ImportError:  # pragma: no cover - another geopandas
        return None
    name = gdf.geometry.name
    if int((gdf.dtypes == "geometry").sum()) != 1 or gdf.attrs or len(gdf) * 21 >= 2**31:
        return None
    _validate_dataframe(gdf)
    attributes = pd.DataFrame(gdf.copy(deep=False))
    attributes[name] = None  # an Arrow null column, replaced by the WKB below
    table = pa.Table.from_pandas(attributes, preserve_index=False)
    field, _ = construct_wkb_array(np.empty(0, dtype=object), field_name=name, crs=gdf.crs)
    wkb = _wkb(np.asarray(gdf.geometry.array, dtype=object))
    table = table.set_column(table.schema.get_field_index(name), field, wkb)
    geo = _create_metadata(gdf, geometry_encoding={name: "WKB"})
    return table.replace_schema_metadata({**table.schema.metadata, b"geo": _encode_metadata(geo)})


def _wkb(geoms: np.ndarray) -> pa.Array:
    """ISO WKB of every geometry as GEOS writes it (null for a missing geometry)."""
    point = (shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms) & ~shapely.has_z(geoms)
    rest = np.flatnonzero(~point)
    others = pa.array(np.asarray(shapely.to_wkb(geoms[rest], flavor="iso")), pa.binary())
    if not point.any():
        return others
    points = _point_wkb(shapely.get_x(geoms[point]), shapely.get_y(geoms[point]))
    if not len(rest):
        return points
    order = np.empty(len(geoms), dtype=np.int64)
    order[point] = np.arange(len(points))
    order[rest] = len(points) + np.arange(len(rest))
    return pa.concat_arrays([points, others]).take(pa.array(order))


def _point_wkb(x: np.ndarray, y: np.ndarray) -> pa.Array:
    """ISO WKB of 2-D points, one 21-byte value each."""
    records = np.empty(len(x), dtype=_POINT_WKB)
    records["order"] = _NATIVE_ORDER
    records["type"] = 1
    records["x"] = x
    records["y"] = y
    offsets = np.arange(0, _POINT_WKB.itemsize * (len(x) + 1), _POINT_WKB.itemsize, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.binary(), len(x), [None, pa.py_buffer(offsets), pa.py_buffer(records.view(np.uint8))]
    )
