"""Basemaps from xyzservices, each with its provider's attribution."""

from __future__ import annotations

import folium
import xyzservices.providers as xyz

__all__ = ["BASEMAPS", "add_basemaps"]

#: Layer-control name -> xyzservices provider. (CARTO's basemaps need an API key since
#: xyzservices 2025; they are left out until a key option exists.)
BASEMAPS = {
    "OpenStreetMap": xyz.OpenStreetMap.Mapnik,
    "OpenTopoMap": xyz.OpenTopoMap,
    "Esri imagery": xyz.Esri.WorldImagery,
}


def add_basemaps(m: folium.Map, *, default: str = "OpenStreetMap") -> None:
    """Add the basemaps as base layers (radio buttons); ``default`` is shown first."""
    for name in sorted(BASEMAPS, key=lambda n: n != default):
        provider = BASEMAPS[name]
        folium.TileLayer(
            tiles=provider.build_url(),
            attr=provider.html_attribution,
            name=name,
            max_zoom=provider.get("max_zoom", 19),
            overlay=False,
            control=True,
            show=name == default,
        ).add_to(m)
