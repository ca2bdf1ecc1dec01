"""The regions layer: curated polygons (Nagorno-Karabakh, border provinces...)."""

from __future__ import annotations

import geopandas as gpd

from layers._geojson import GeoJsonLayer, feature_collection

__all__ = ["FEATURE_FIELDS", "regions_layer"]

FEATURE_FIELDS = [
    ["Kind", "feature_class", "text"],
    ["Country", "country", "text"],
    ["Also called", "aliases", "text"],
    ["Geometry", "derived_from", "text"],
    ["Approximate geometry", "_approximate", "text"],
    ["Id", "place_id", "text"],
]


def regions_layer(features: gpd.GeoDataFrame, *, name: str = "Regions", show: bool = True) -> GeoJsonLayer:
    """Return the overlay of region polygons; approximate outlines are dashed."""
    frame = features[features.geometry.geom_type.isin(["Polygon", "MultiPolygon"])].copy()
    frame["_approximate"] = ["yes (hand-made or coarse)" if bool(a) else "no" for a in frame["approximate"]]
    props = ["name", "feature_class", "country", "aliases", "derived_from", "place_id", "_approximate", "approximate"]
    data = feature_collection(frame, props, id_column="place_id")
    style = {"color": "#b15928", "weight": 2, "fillOpacity": 0.12, "dashBy": "approximate"}
    return GeoJsonLayer(data, name=name, style=style, popup={"title": "name", "fields": FEATURE_FIELDS}, tooltip="name", show=show)
