"""The corridors-and-borders layer: lines (the Lachin corridor, the Armenia–Azerbaijan border) and checkpoints."""

from __future__ import annotations

import geopandas as gpd

from layers._geojson import GeoJsonLayer
from layers.regions import reference_feature_layer

__all__ = ["corridors_layer"]


def corridors_layer(
    features: gpd.GeoDataFrame, *, name: str = "Corridors and borders", show: bool = True
) -> GeoJsonLayer:
    """Return the overlay of line features and checkpoints; approximate lines are dashed."""
    keep = features.geometry.geom_type.isin(["LineString", "MultiLineString"]) | (
        features["feature_class"] == "checkpoint"
    )
    return reference_feature_layer(
        features[keep],
        name=name,
        style={"weight": 4, "radius": 6, "fillOpacity": 0.9},
        show=show,
    )
