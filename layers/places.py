"""The places-mentioned layer: every place a story names, in its true geometry, styled by role."""

from __future__ import annotations

import geopandas as gpd

from layers._geojson import GeoJsonLayer, feature_collection
from layers.styles import ROLE_COLORS, ROLE_LABELS

__all__ = ["places_layer"]

_FIELDS = [
    ["Role in the story", "_role", "text"],
    ["Kind", "feature_class", "text"],
    ["Country", "country", "text"],
    ["Precision", "precision", "text"],
    ["Mentions", "mentions", "text"],
    ["Written as", "surfaces", "text"],
    ["Cited sentence", "sentence", "quote"],
    ["Geometry", "derived_from", "text"],
    ["Approximate geometry", "_approximate", "text"],
    ["Confidence", "confidence", "text"],
    ["Place id", "place_id", "text"],
]


def places_layer(
    places: gpd.GeoDataFrame, *, name: str = "Places mentioned", show: bool = True
) -> GeoJsonLayer:
    """Return the overlay of places named in the source text.

    Countries and regions are drawn as faint polygons (simplified to about 1 km for the
    page), towns as small circles; colour says the role the geoparser gave them.
    """
    frame = places.copy()
    frame["_role"] = [ROLE_LABELS.get(str(r), str(r)) for r in frame.get("role", [])]
    frame["_approximate"] = ["yes" if bool(a) else "no" for a in frame.get("approximate", [])]
    frame["_tooltip"] = [
        f"{n} ({ROLE_LABELS.get(str(r), r)})"
        for n, r in zip(frame["name"], frame["role"], strict=True)
    ]
    props = [
        "name",
        "role",
        "feature_class",
        "country",
        "precision",
        "mentions",
        "surfaces",
        "sentence",
        "derived_from",
        "confidence",
        "place_id",
        "_role",
        "_approximate",
        "_tooltip",
        "approximate",
    ]
    data = feature_collection(frame, props, id_column="place_id", simplify=0.01)
    # Countries and regions: outline only (a fill would tint the whole view); towns: filled dots.
    style = {
        "by": "role",
        "colors": ROLE_COLORS,
        "radius": 5,
        "weight": 1.5,
        "fillOpacity": 0.0,
        "pointFillOpacity": 0.85,
        "dashBy": "approximate",
    }
    popup = {"title": "name", "fields": _FIELDS}
    return GeoJsonLayer(data, name=name, style=style, popup=popup, tooltip="_tooltip", show=show)
