"""Incidents read back from the GIS files bordermap writes: GeoJSON, GeoPackage, GeoParquet, ACLED CSV.

The writers are in :mod:`geo.exports`; this module types what they wrote back into the
incident schema (dates, nullable integers, text), so a round trip gives equal frames.
"""

from __future__ import annotations

import json
import os

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.incidents.acled import ACLED_2023_COLUMNS
from geo.incidents.schema import DTYPES_METADATA_KEY, EXTRA_DTYPES, INCIDENT_COLUMNS, PANDAS_DTYPES

__all__ = [
    "frame_from_geopackage",
    "incidents_from_acled_export",
    "incidents_from_geojson",
    "incidents_from_geoparquet",
]


def _schema_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give schema columns their schema dtypes; other text columns become ``string``."""
    for column in frame.columns:
        if column == getattr(frame, "_geometry_column_name", None):
            continue
        if column in INCIDENT_COLUMNS:
            kind = INCIDENT_COLUMNS[column][0]
            if kind == "date":
                frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ms]")
            elif kind in ("int", "float"):
                frame[column] = pd.to_numeric(frame[column]).astype(PANDAS_DTYPES[kind])
            else:
                frame[column] = frame[column].astype(PANDAS_DTYPES[kind])
        elif column in EXTRA_DTYPES:
            frame[column] = pd.to_numeric(frame[column]).astype(EXTRA_DTYPES[column])
        elif frame[column].dtype == object or isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype("string")
    return frame


def incidents_from_geojson(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read incidents written by :func:`write_geojson` back, typed as the incident schema.

    Schema columns get their schema dtypes (dates, nullable integers...); ``source_line``
    and other known numeric extras their nullable dtypes; other text columns ``string``.
    """
    return _schema_typed(pyogrio.read_dataframe(path))


def frame_from_geopackage(path: str | os.PathLike[str], *, layer: str) -> gpd.GeoDataFrame:
    """Read one layer written by :func:`write_geopackage`, with the dtypes it was written with.

    Parameters
    ----------
    path : path-like
        The GeoPackage.
    layer : str, keyword-only
        Layer name.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns typed from the layer's ``bordermap_dtypes`` metadata (schema dtypes if absent).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from geo import incidents_from_csv, incidents_with_places, write_geopackage
    >>> joined = incidents_with_places(incidents_from_csv("seeds/incidents.csv")).incidents
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "incidents.gpkg"
    >>> _ = write_geopackage({"incidents": joined}, path)
    >>> back = frame_from_geopackage(path, layer="incidents")
    >>> back.dtypes.equals(joined.dtypes), back.crs.to_string()
    (True, 'EPSG:4326')
    """
    gdf = pyogrio.read_dataframe(path, layer=layer)
    meta = pyogrio.read_info(path, layer=layer).get("layer_metadata") or {}
    dtypes = json.loads(meta.get(DTYPES_METADATA_KEY, "{}"))
    if not dtypes:
        return _schema_typed(gdf)
    for column, dtype in dtypes.items():
        if column not in gdf.columns:
            continue
        if dtype.startswith("datetime64"):
            gdf[column] = pd.to_datetime(gdf[column]).astype(dtype)
        elif dtype in ("Int64", "Float64", "int64", "float64", "Int32"):
            gdf[column] = pd.to_numeric(gdf[column]).astype(dtype)
        elif dtype in ("bool", "boolean"):
            gdf[column] = gdf[column].astype(dtype)
        else:
            gdf[column] = gdf[column].astype(dtype)
    return gdf


def incidents_from_geoparquet(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read a GeoParquet file written by :func:`write_geoparquet` (dtypes and CRS as written)."""
    return gpd.read_parquet(path)


def incidents_from_acled_export(
    path: str | os.PathLike[str], *, crs: str = "EPSG:4326"
) -> gpd.GeoDataFrame:
    """Read a CSV written by :func:`write_acled_csv` back into a typed GeoDataFrame.

    ACLED columns that bordermap does not carry and that are empty in every row are dropped
    again; schema columns get their dtypes; ``geometry_wkt`` becomes the geometry.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for column in ACLED_2023_COLUMNS:
        if column not in INCIDENT_COLUMNS and frame[column].isna().all():
            frame = frame.drop(columns=column)
    geometry = None
    if "geometry_wkt" in frame.columns:
        wkt = frame.pop("geometry_wkt")
        geometry = shapely.from_wkt(wkt.where(wkt.notna(), None).to_numpy())
    gdf = gpd.GeoDataFrame(_schema_typed(frame), geometry=geometry, crs=crs)
    return gdf
