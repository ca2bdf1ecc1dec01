"""The regions layer: curated polygons (Nagorno-Karabakh, border provinces...)."""

from __future__ import annotations

from typing import Any

import geopandas as gpd

from layers._geojson import GeoJsonLayer, feature_collection
from layers.styles import FEATURE_COLORS

__all__ = ["FEATURE_FIELDS", "reference_feature_layer", "regions_layer"]

FEATURE_FIELDS = [
    ["Kind", "feature_class", "text"],
    ["Country", "country", "text"],
    ["Also called", "aliases", "text"],
    ["Geometry", "derived_from", "text"],
    ["Approximate geometry", "_approximate", "text"],
    ["Id", "place_id", "text"],
]


def reference_feature_layer(
    frame: gpd.GeoDataFrame, *, name: str, style: dict[str, Any], show: bool = True
) -> GeoJsonLayer:
    """A layer of curated reference features (regions, corridors, checkpoints, borders).

    Shared by :func:`regions_layer` and :func:`layers.corridors.corridors_layer`: the same
    properties and popup, approximate geometry dashed, colour by feature class.
    """
    frame = frame.copy()
    frame["_approximate"] = [
        "yes (hand-made or coarse)" if bool(a) else "no" for a in frame["approximate"]
    ]
    props = [
        "name",
        "feature_class",
        "country",
        "aliases",
        "derived_from",
        "place_id",
        "_approximate",
        "approximate",
    ]
    data = feature_collection(frame, props, id_column="place_id")
    full_style = {"by": "feature_class", "colors": FEATURE_COLORS, "dashBy": "approximate", **style}
    return GeoJsonLayer(
        data,
        name=name,
        style=full_style,
        popup={"title": "name", "fields": FEATURE_FIELDS},
        tooltip="name",
        show=show,
    )


def regions_layer(
    features: gpd.GeoDataFrame, *, name: str = "Regions", show: bool = True
) -> GeoJsonLayer:
    """Return the overlay of region polygons; approximate outlines are dashed."""
    polygons = features.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    # A macro-region (the Caucasus) would tint the whole view; it shows as a place when named.
    frame = features[polygons & (features["feature_class"] != "macro_region")]
    return reference_feature_layer(
        frame, name=name, style={"weight": 2, "fillOpacity": 0.1}, show=show
    )
