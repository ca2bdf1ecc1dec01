"""Map assembly: basemaps, overlays, legend and layer control in one folium map.

:func:`incident_map` builds the map; :func:`html_from_map` renders it with stable element
ids (so the same input gives a byte-identical file); :func:`save_map` writes it atomically.
Coordinates: folium takes (lat, lon); everything upstream is (lon, lat) — the only
conversion is the bounds computed here.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import geopandas as gpd

from geo._atomic import atomic_path
from layers._geojson import GeoJsonLayer
from layers._runtime import Runtime
from layers.basemaps import add_basemaps
from layers.corridors import corridors_layer
from layers.incidents import incidents_layer
from layers.legend import Legend
from layers.places import places_layer
from layers.regions import regions_layer
from layers.styles import (
    EVENT_TYPE_COLORS,
    FEATURE_COLORS,
    FEATURE_LABELS,
    ROLE_COLORS,
    ROLE_LABELS,
)

__all__ = ["html_from_map", "incident_map", "save_map"]


def incident_map(
    incidents: gpd.GeoDataFrame,
    *,
    places: gpd.GeoDataFrame | None = None,
    features: gpd.GeoDataFrame | None = None,
    title: str | None = None,
) -> folium.Map:
    """Build the layered map of incidents, the places a story names and reference features.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Joined incidents (:func:`geo.join.incidents_with_places`).
    places : geopandas.GeoDataFrame, optional, keyword-only
        Places mentioned (:func:`geo.geoparse.places_from_text`).
    features : geopandas.GeoDataFrame, optional, keyword-only
        Reference features (:func:`geo.geocode.reference_features`): polygons go to the
        "Regions" layer, lines and checkpoints to "Corridors and borders".
    title : str, optional, keyword-only
        Page title.

    Returns
    -------
    folium.Map
        With a layer control listing every non-empty overlay, and a legend.
    """
    m = folium.Map(location=[40.0, 45.5], zoom_start=7, tiles=None, control_scale=True)
    if title:
        m.get_root().title = title  # type: ignore[attr-defined]
    Runtime().add_to(m)
    add_basemaps(m)
    overlays: list[GeoJsonLayer] = []
    if features is not None and len(features):
        overlays.append(regions_layer(features))
        overlays.append(corridors_layer(features))
    if places is not None and len(places):
        overlays.append(places_layer(places))
    overlays.append(incidents_layer(incidents))
    for layer in overlays:
        if layer.feature_count:
            layer.add_to(m)
    present = [t for t in EVENT_TYPE_COLORS if t in set(incidents["event_type"].dropna())]
    sections = [("Incidents by event type", {t: EVENT_TYPE_COLORS[t] for t in present})]
    if places is not None and len(places):
        sections.append(
            ("Places mentioned, by role", {ROLE_LABELS[r]: c for r, c in ROLE_COLORS.items()})
        )
    if features is not None and len(features):
        shown = set(features["feature_class"])
        sections.append(
            (
                "Reference features",
                {FEATURE_LABELS[k]: c for k, c in FEATURE_COLORS.items() if k in shown},
            )
        )
    Legend(sections, note="Fainter = vaguer location; dashed = approximate geometry.").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    _fit(m, incidents, places)
    return m


def _fit(m: folium.Map, incidents: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None) -> None:
    located = incidents[incidents.geometry.notna() & ~incidents.geometry.is_empty]
    if not len(located) and places is not None:
        located = places[places["feature_class"] != "country"]
    if len(located):
        minx, miny, maxx, maxy = located.total_bounds
        pad = 0.3
        m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])  # folium: (lat, lon)


def _stable_ids(m: folium.Map) -> None:
    """Replace folium's random element ids by their order in the tree."""
    counter = 0

    def walk(element: object) -> None:
        nonlocal counter
        element._id = f"{counter:04d}"  # type: ignore[attr-defined]
        counter += 1
        for child in list(getattr(element, "_children", {}).values()):
            walk(child)

    walk(m.get_root())


def html_from_map(m: folium.Map) -> str:
    """Render a map to a standalone HTML string, deterministically."""
    _stable_ids(m)
    html = m.get_root().render()
    return html


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write the map's HTML atomically; return the path."""
    target = Path(path)
    html = html_from_map(m)
    with atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return target
