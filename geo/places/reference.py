"""The curated reference features shipped in ``geo/data``: regions, corridors, checkpoints, the border.

Coordinates: every geometry is shapely (lon, lat) in EPSG:4326.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

__all__ = ["reference_features"]


def reference_features() -> gpd.GeoDataFrame:
    """Return the curated reference features (not the countries) as a GeoDataFrame.

    The Nagorno-Karabakh polygon, the Lachin corridor line, the Hakari bridge checkpoint,
    the border provinces, the Caucasus, the Armenia–Azerbaijan border line and the border
    villages no GeoNames extract holds (points), with their provenance properties (``derived_from``, ``approximate``, ``licence``) and ``aliases``.

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
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326")
