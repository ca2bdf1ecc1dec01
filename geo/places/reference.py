"""The curated reference features shipped in ``geo/data``: regions, corridors, checkpoints, the border.

Coordinates: every geometry is shapely (lon, lat) in EPSG:4326.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import box, shape

__all__ = ["reference_features"]


def reference_features(
    *, bbox: tuple[float, float, float, float] | None = None
) -> gpd.GeoDataFrame:
    """Return the curated reference features (not the countries) as a GeoDataFrame.

    The Nagorno-Karabakh polygon, the Lachin corridor line, the Hakari bridge checkpoint,
    the border provinces, the Caucasus, the Armenia–Azerbaijan border line and the border
    villages no GeoNames extract holds (points), with their provenance properties (``derived_from``, ``approximate``, ``licence``) and ``aliases``.

    Parameters
    ----------
    bbox : tuple of float, optional, keyword-only
        ``(min lon, min lat, max lon, max lat)``: only the features that meet this box (a
        map of incidents in Africa has no use for the Lachin corridor). Default: all.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, in EPSG:4326. Columns: ``place_id``, ``name``,
        ``feature_class``, ``country``, ``precision``, ``aliases`` (``|``-separated),
        ``derived_from``, ``approximate``, ``licence``, ``geometry``.

    Examples
    --------
    >>> import geo
    >>> features = geo.reference_features()
    >>> features.crs.to_string()
    'EPSG:4326'
    >>> corridor = features.set_index("place_id").loc["bm:lachin-corridor"]
    >>> corridor["feature_class"], corridor.geometry.geom_type, bool(corridor["approximate"])
    ('corridor', 'LineString', True)
    >>> sorted(features["feature_class"].unique())
    ['border', 'checkpoint', 'corridor', 'macro_region', 'populated_place', 'province', 'region']
    >>> len(geo.reference_features(bbox=(2.0, 6.0, 4.0, 12.0)))  # Benin: none of them
    0
    """
    rows: list[dict[str, Any]] = []
    geoms: list[Any] = []
    for name in ("caucasus.geojson", "borders.geojson"):
        text = resources.files("geo").joinpath("data").joinpath(name).read_text(encoding="utf-8")
        for feature in json.loads(text)["features"]:
            props = feature["properties"]
            rows.append(
                {
                    "place_id": props["id"],
                    "name": props["name"],
                    "feature_class": props.get("feature_class"),
                    "country": props.get("country"),
                    "precision": props.get("precision"),
                    "aliases": props.get("aliases") or "",
                    "derived_from": props.get("derived_from") or "",
                    "approximate": bool(props.get("approximate")),
                    "licence": props.get("licence") or "",
                }
            )
            geoms.append(shape(feature["geometry"]))
    features = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326")
    if bbox is None:
        return features
    return features[features.intersects(box(*bbox))].reset_index(drop=True)
