"""Basemaps from xyzservices, each with its provider's attribution.

OpenStreetMap (default), OpenTopoMap and Esri World Imagery need no key. CARTO's Positron
does since xyzservices 2025 (its URL carries ``?key={apikey}`` and
``xyz.CartoDB.Positron.requires_token()`` is true; folium resolves "CartoDB Positron" through
the same provider), so it is offered only when a key is given — ``carto_key=`` or the
``BORDERMAP_CARTO_KEY`` environment variable. The key then sits in the page, as with any
browser map that uses it. Offline maps use :mod:`layers.countries` instead of tiles.
"""

from __future__ import annotations

import os

import folium
import xyzservices
import xyzservices.providers as xyz

__all__ = ["BASEMAPS", "add_basemaps", "basemaps"]

#: Layer-control name -> xyzservices provider (keyless ones).
BASEMAPS: dict[str, xyzservices.TileProvider] = {
    "OpenStreetMap": xyz.OpenStreetMap.Mapnik,
    "OpenTopoMap": xyz.OpenTopoMap,
    "Esri imagery": xyz.Esri.WorldImagery,
}
CARTO_NAME = "CartoDB Positron"


def basemaps(carto_key: str | None = None) -> dict[str, tuple[str, xyzservices.TileProvider]]:
    """Name -> (tile URL, provider) of the basemaps offered, CARTO's only with a key."""
    out = {name: (p.build_url(), p) for name, p in BASEMAPS.items()}
    key = carto_key if carto_key is not None else os.environ.get("BORDERMAP_CARTO_KEY")
    if key:
        provider = xyz.CartoDB.Positron
        out[CARTO_NAME] = (provider.build_url(apikey=key), provider)
    return out


def add_basemaps(
    m: folium.Map, *, default: str = "OpenStreetMap", carto_key: str | None = None
) -> list[str]:
    """Add the basemaps as base layers (radio buttons); ``default`` is shown first.

    Returns
    -------
    list of str
        The names added, in control order.
    """
    found = basemaps(carto_key)
    names = sorted(found, key=lambda n: n != default)
    for name in names:
        url, provider = found[name]
        folium.TileLayer(
            tiles=url,
            attr=provider.html_attribution,
            name=name,
            max_zoom=provider.get("max_zoom", 19),
            overlay=False,
            control=True,
            show=name == default,
        ).add_to(m)
    return names
