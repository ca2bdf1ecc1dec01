"""Write and read GeoDataFrames as files GIS users open: GeoJSON (RFC 7946) and CSV.

Every writer is atomic (see :func:`geo._atomic.atomic_path`). GeoJSON follows RFC 7946:
WGS 84 longitude/latitude, no ``crs`` member, 6 decimals, bounding boxes. Dates are written
as ``YYYY-MM-DD`` strings, which GDAL reads back as dates.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo._atomic import atomic_path
from geo._errors import BordermapError
from geo.schema import INCIDENT_COLUMNS, PANDAS_DTYPES

__all__ = ["incidents_from_geojson", "write_csv", "write_geojson"]

logger = logging.getLogger(__name__)


def write_geojson(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a GeoDataFrame as RFC 7946 GeoJSON, atomically.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Must have a CRS; a projected one is reprojected to EPSG:4326 (with a warning).
    path : path-like
        Target file; replaced only when the new file is complete.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    BordermapError
        The frame has no CRS (its coordinates could be anything).
    """
    if gdf.crs is None:
        raise BordermapError(
            f"{path}: refusing to write a GeoDataFrame without a CRS; set one with .set_crs()"
        )
    if not gdf.crs.equals("EPSG:4326"):
        warnings.warn(
            f"reprojecting from {gdf.crs.to_string()} to EPSG:4326 for GeoJSON", stacklevel=2
        )
        gdf = gdf.to_crs("EPSG:4326")
    out = gdf.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype("string")
    target = Path(path)
    with atomic_path(target) as tmp:
        pyogrio.write_dataframe(
            out,
            tmp,
            driver="GeoJSON",
            layer=target.stem,
            layer_options={"RFC7946": "YES", "WRITE_BBOX": "YES", "COORDINATE_PRECISION": 6},
        )
    logger.info("wrote %s (%d features)", target, len(gdf))
    return target


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV, atomically (geometry, if any, as WKT)."""
    target = Path(path)
    out = pd.DataFrame(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        out = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        out["geometry_wkt"] = frame.geometry.to_wkt()
    with atomic_path(target) as tmp:
        out.to_csv(tmp, index=False, date_format="%Y-%m-%d")
    return target


def incidents_from_geojson(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read incidents written by :func:`write_geojson` back, typed as the incident schema.

    Schema columns get their schema dtypes (dates, nullable integers...); other columns
    are kept as GDAL reads them.
    """
    gdf = pyogrio.read_dataframe(path)
    for column, (kind, _) in INCIDENT_COLUMNS.items():
        if column not in gdf.columns:
            continue
        if kind == "date":
            gdf[column] = pd.to_datetime(gdf[column]).astype("datetime64[ms]")
        else:
            gdf[column] = gdf[column].astype(PANDAS_DTYPES[kind])
    if "source_line" in gdf.columns:
        gdf["source_line"] = gdf["source_line"].astype("Int64")
    return gdf
