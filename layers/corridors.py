"""The corridors-and-borders layer: lines (the Lachin corridor, the Armenia–Azerbaijan border) and checkpoints."""

from __future__ import annotations

import geopandas as gpd

from layers._geojson import GeoJsonLayer, feature_collection
from layers.regions import FEATURE_FIELDS
from layers.styles import FEATURE_COLORS

__all__ = ["corridors_layer"]


def corridors_layer(
    features: gpd.GeoDataFrame, *, name: str = "Corridors and borders", show: bool = True
) -> GeoJsonLayer:
    """Return the overlay of line features and checkpoints; approximate lines are dashed."""
    keep = features.geometry.geom_type.isin(["LineString", "MultiLineString"]) | (
        features["feature_class"] == "checkpoint"
    )
    frame = features[keep].copy()
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
    style = {
        "by": "feature_class",
        "colors": FEATURE_COLORS,
        "weight": 4,
        "radius": 6,
        "fillOpacity": 0.9,
        "dashBy": "approximate",
    }
    return GeoJsonLayer(
        data,
        name=name,
        style=style,
        popup={"title": "name", "fields": FEATURE_FIELDS},
        tooltip="name",
        show=show,
    )
