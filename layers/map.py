"""Map assembly: basemaps, overlays, tools, legend, time slider, search, side panel, control.

:func:`incident_map` builds the map; :func:`html_from_map` renders it with stable element
ids (so the same input gives a byte-identical file) and, for offline maps, inlines every
script and stylesheet; :func:`save_map` writes it atomically. Coordinates: folium takes
(lat, lon); everything upstream is (lon, lat) — the only conversion is the bounds here.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.elements import ElementAddToElement

from geo import atomic_path
from layers._geojson import GeoJsonLayer
from layers._runtime import DraftStyle, FlagStyle, Runtime
from layers.basemaps import add_basemaps, basemaps
from layers.controls import add_tools
from layers.corridors import corridors_layer
from layers.countries import CountriesBasemap, country_outlines
from layers.heat import heat_layer
from layers.incidents import IncidentLayer, incidents_layer, to_wgs84
from layers.legend import Legend
from layers.panel import SidePanel
from layers.places import places_layer
from layers.regions import regions_layer
from layers.search import SearchControl
from layers.styles import (
    DRAFT_LABEL,
    EVENT_TYPE_COLORS,
    EVENT_TYPE_SHAPES,
    FEATURE_COLORS,
    FEATURE_LABELS,
    OTHER_COLOR,
    ROLE_COLORS,
    ROLE_LABELS,
)
from layers.timeslider import TimeSlider

__all__ = ["html_from_map", "incident_map", "save_map"]

_LEAFLET = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
_LEAFLET_CSS = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


def _legend(incidents: Any, places: Any, features: Any, n_undated: int) -> Legend:
    sections: list[tuple[str, dict[str, Any]]] = []
    if incidents is not None and incidents.feature_count:
        present = list(incidents.event_types)
        known = [t for t in EVENT_TYPE_COLORS if t in present]
        entries: dict[str, Any] = {
            t: {"color": EVENT_TYPE_COLORS[t], "shape": EVENT_TYPE_SHAPES[t]} for t in known
        }
        for t in sorted(set(present) - set(known)):
            entries[t] = {"color": OTHER_COLOR, "shape": "circle"}
        if n_undated:
            entries["no date (always shown)"] = {"color": "#ffffff", "ring": True}
        if incidents.n_drafts:
            entries[DRAFT_LABEL] = {"color": "#555555", "hollow": True}
        if incidents.n_flagged:
            entries["coordinates doubtful (see popup)"] = {"color": "#ffffff", "flag": True}
        sections.append(("Incidents by event type", entries))
    if places is not None:
        roles = {ROLE_LABELS[r]: c for r, c in ROLE_COLORS.items()}
        sections.append(("Places mentioned, by role", roles))
    if features is not None:
        shown = set(features["feature_class"])
        entries = {}
        for k, c in FEATURE_COLORS.items():
            if k in shown:
                line = k in ("corridor", "border")
                entries[FEATURE_LABELS[k]] = {"color": c, "line": line, "fill": not line}
        sections.append(("Reference features", entries))
    note = (
        "Size: killed + injured. Fainter: vaguer location. Dashed: approximate geometry. "
        "Numbered circles: clusters (click to zoom)."
    )
    return Legend(sections, note=note)


def incident_map(
    incidents: gpd.GeoDataFrame,
    *,
    places: gpd.GeoDataFrame | None = None,
    features: gpd.GeoDataFrame | None = None,
    title: str | None = None,
    offline: bool = False,
    carto_key: str | None = None,
    free_text_limit: int = 250_000,
    compact_above: int = 2000,
) -> folium.Map:
    """Build the layered map of incidents, the places a story names and reference features.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Joined incidents (:func:`geo.incidents.join.incidents_with_places`); any CRS (reprojected).
        Rows without geometry are listed in the side panel.
    places : geopandas.GeoDataFrame, optional, keyword-only
        Places mentioned (:func:`geo.text.geoparse.places_from_text`).
    features : geopandas.GeoDataFrame, optional, keyword-only
        Reference features (:func:`geo.places.reference.reference_features`): polygons go to the
        "Regions" layer, lines and checkpoints to "Corridors and borders".
    title : str, optional, keyword-only
        Page title.
    offline : bool, keyword-only
        A basemap of country outlines instead of tiles (render with
        :func:`html_from_map` ``(..., offline=True)`` to inline the scripts too).
    carto_key : str, optional, keyword-only
        CARTO API key: adds the CartoDB Positron basemap (default ``$BORDERMAP_CARTO_KEY``).
    free_text_limit : int, keyword-only
        Above this many incidents, notes and evidence stay out of the page.
    compact_above : int, keyword-only
        Above this many incidents their table goes into the page deflated (base64); up to
        it as readable JSON (see :mod:`layers._columnar`).

    Returns
    -------
    folium.Map
        With a layer control listing every non-empty overlay, tools, legend, time slider,
        search box and side panel.

    Examples
    --------
    >>> import geo
    >>> from layers import incident_map
    >>> joined = geo.incidents_with_places(geo.incidents_from_csv("seeds/incidents.csv"))
    >>> m = incident_map(joined.incidents, features=geo.reference_features(), title="Sotk")
    >>> type(m).__name__, m.get_root().title
    ('Map', 'Sotk')
    """
    incidents, reprojected = to_wgs84(incidents)
    places = _in_wgs84(places)
    features = _in_wgs84(features)
    m = folium.Map(
        location=[40.0, 45.5], zoom_start=7, tiles=None, control_scale=True, prefer_canvas=False
    )
    m.default_js, m.default_css = list(_LEAFLET), list(_LEAFLET_CSS)  # no jQuery/Bootstrap
    if title:
        # The figure writes the title into <title> as it is: escape it (it comes from data).
        m.get_root().title = html.escape(title)  # type: ignore[attr-defined]
    Runtime().add_to(m)
    countries: CountriesBasemap | None = None
    tiles: tuple[str, str] | None = None
    if offline:
        countries = CountriesBasemap(country_outlines(_bounds(incidents, places, pad=4.0)))
        countries.add_to(m)
    else:
        tiles = _add_tiles(m, carto_key=carto_key)

    notes: list[str] = []
    overlays = _add_overlays(m, places, features, notes)
    inc = incidents_layer(incidents, free_text_limit=free_text_limit, compact_above=compact_above)
    if inc.n_drafts:
        DraftStyle().add_to(m)
    if inc.n_flagged:
        FlagStyle().add_to(m)
    notes += _incident_notes(inc, reprojected)
    _add_incidents(m, inc)
    _legend(inc, places, features, inc.n_undated).add_to(m)
    if inc.feature_count:
        TimeSlider(inc).add_to(m)
    searchable = [
        layer.layer_name
        for layer in overlays
        if layer.feature_count
        and layer.layer_name in ("Places mentioned", "Regions", "Corridors and borders")
    ]
    SearchControl(inc if inc.n_rows else None, searchable).add_to(m)
    add_tools(
        m,
        tiles=tiles[0] if tiles else None,
        attribution=tiles[1] if tiles else "",
        countries=countries,
    )
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    # The panel comes after the layer control so that it sits below it.
    SidePanel(inc if inc.n_rows else None, notes).add_to(m)
    _fit(m, incidents, places)
    return m


def _in_wgs84(gdf: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The frame in WGS 84, or ``None`` when there is none or it is empty."""
    return to_wgs84(gdf)[0] if gdf is not None and len(gdf) else None


def _add_tiles(m: folium.Map, *, carto_key: str | None) -> tuple[str, str]:
    """Add the tile basemaps; return the first one's URL and attribution (for the minimap)."""
    names = add_basemaps(m, carto_key=carto_key)
    url, provider = basemaps(carto_key)[names[0]]
    return url, provider.html_attribution


def _add_overlays(
    m: folium.Map,
    places: gpd.GeoDataFrame | None,
    features: gpd.GeoDataFrame | None,
    notes: list[str],
) -> list[Any]:
    """Add the regions, corridors and places layers that have something to draw.

    Return every layer made (drawn or not); append to ``notes`` what was left out.
    """
    overlays: list[Any] = []
    if features is not None:
        overlays.append(regions_layer(features))
        overlays.append(corridors_layer(features))
    else:
        notes.append(
            "No reference features in the incidents' area: Regions and Corridors and borders "
            "left out."
        )
    if places is not None:
        overlays.append(places_layer(places))
    else:
        notes.append("No places mentioned (no articles given): that layer is left out.")
    for layer in overlays:
        if layer.feature_count:
            layer.add_to(m)
        elif isinstance(layer, GeoJsonLayer) and features is not None:
            notes.append(f"{layer.layer_name}: nothing to draw, left out of the layer control.")
    return overlays


def _incident_notes(inc: IncidentLayer, reprojected: str | None) -> list[str]:
    """The side panel's notes on the incidents: reprojection, omitted text, unplaced rows."""
    notes = []
    if reprojected:
        notes.append(f"Incidents were in {reprojected}; reprojected to WGS 84 (EPSG:4326).")
    if inc.omitted:
        cols = " and ".join(inc.omitted)
        notes.append(
            f"{cols.capitalize()} are left out of the map at this size ({inc.n_rows:,} incidents) "
            "to keep the page small; the exported data (incidents.geojson) has them."
        )
    if inc.n_drafts:
        notes.append(
            f"{inc.n_drafts:,} incident(s) are machine drafts read from news stories by rules, "
            "not reviewed: drawn hollow; the popup says so and quotes the evidence."
        )
    if inc.n_flagged:
        notes.append(
            f"{inc.n_flagged:,} incident(s) have coordinates that disagree with the place they "
            "name (swapped latitude/longitude, far from the place, outside the country): drawn "
            "where the record puts them, ringed; the popup says which check failed and how far."
        )
    if inc.n_unplaced:
        notes.append(
            f"{inc.n_unplaced:,} of {inc.n_rows:,} incidents could not be placed; they are "
            "listed below, not drawn."
        )
    if not inc.n_rows:
        notes.append("No incidents: the incidents layer and the heat map are left out.")
    elif not inc.feature_count:
        notes.append("No incident could be placed: the incidents layer and heat map are left out.")
    return notes


def _add_incidents(m: folium.Map, inc: IncidentLayer) -> None:
    """Add the incidents layer and its heat map (the table alone when nothing is placed)."""
    if not inc.n_rows:
        return
    if not inc.feature_count:
        # Nothing to draw, but the table stays in the page for the side panel and search.
        inc.show = inc.control = False
        inc.add_to(m)
        return
    inc.add_to(m)
    heat_layer(inc).add_to(m)


def _bounds(
    incidents: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None, *, pad: float = 0.3
) -> tuple[float, float, float, float] | None:
    """Bounds of the placed incidents (else of the places named), padded; None if nothing."""
    minx, miny, maxx, maxy = _total_bounds(incidents)
    if np.isnan(minx) and places is not None:
        minx, miny, maxx, maxy = _total_bounds(places[places["feature_class"] != "country"])
    if np.isnan(minx):
        return None
    return (float(minx) - pad, float(miny) - pad, float(maxx) + pad, float(maxy) + pad)


def _total_bounds(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """``(minx, miny, maxx, maxy)`` of the frame's geometries; NaN when it has none."""
    if not len(gdf):
        return np.full(4, np.nan)
    return np.asarray(shapely.total_bounds(np.asarray(gdf.geometry.array)))


def _fit(m: folium.Map, incidents: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None) -> None:
    bounds = _bounds(incidents, places)
    if bounds:
        minx, miny, maxx, maxy = bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])  # folium: (lat, lon)


def _page_parts(m: folium.Map) -> list[Any]:
    """The figure's header, body and script: where rendering puts each element's text."""
    figure = m.get_root()
    return [getattr(figure, p) for p in ("header", "html", "script") if hasattr(figure, p)]


def _tree(m: folium.Map) -> list[Any]:
    """Every element of the map's tree, depth first, leaving out the page parts' contents."""
    parts = {id(p) for p in _page_parts(m)}
    found: list[Any] = []
    stack: list[Any] = [m.get_root()]
    while stack:
        element = stack.pop()
        found.append(element)
        if id(element) not in parts:
            stack.extend(reversed(list(getattr(element, "_children", {}).values())))
    return found


#: Keys under which rendering put an element's text into the page parts: the element's name,
#: with folium's random id (32 hex digits) or the stable one of :func:`_stable_ids`.
_RENDERED = re.compile(r"^\w+_(?:[0-9a-f]{32}|\d{4,})$")


def _forget_renders(m: folium.Map) -> None:
    """Take out what earlier renders of the map added to it.

    Rendering adds each element's text to the page parts (header, body, script) under the
    element's name, each element's scripts and stylesheets to the header, and to each shown
    layer an ``addTo`` child. :func:`_stable_ids` renames the elements, so what a render made
    before (a notebook showing the map, an earlier save) would stay beside the new text: two
    legends, two sliders, two panels, a layer added twice.
    """
    assets: set[str] = set()
    for element in _tree(m):
        assets.update(name for name, _ in getattr(element, "default_js", []))
        assets.update(name for name, _ in getattr(element, "default_css", []))
        children = getattr(element, "_children", {})
        for key in [k for k, c in children.items() if isinstance(c, ElementAddToElement)]:
            del children[key]
    for part in _page_parts(m):
        for key in [k for k in part._children if k in assets or _RENDERED.match(k)]:
            del part._children[key]


def _stable_ids(m: folium.Map) -> None:
    """Replace folium's random element ids by their order in the tree (depth first).

    Run after :func:`_forget_renders`, when the page parts hold only what the figure was
    made with: the numbers are then the same for every render (and as they always were).
    """
    stack: list[Any] = [m.get_root()]
    counter = 0
    while stack:
        element = stack.pop()
        element._id = f"{counter:04d}"
        counter += 1
        stack.extend(reversed(list(getattr(element, "_children", {}).values())))


def html_from_map(m: folium.Map, *, offline: bool = False) -> str:
    """Render a map to a standalone HTML string, deterministically.

    The same map renders to the same string every time, whatever was rendered before (a
    notebook showing it, an earlier save).

    Parameters
    ----------
    m : folium.Map
        The map (:func:`incident_map`; with ``offline=True`` for a self-contained page).
    offline : bool, keyword-only
        Inline every script and stylesheet (:func:`layers.offline.inline_assets`).
    """
    _forget_renders(m)
    _stable_ids(m)
    html = m.get_root().render()
    if offline:
        from layers.offline import inline_assets

        html = inline_assets(html)
    return html


def save_map(m: folium.Map, path: str | os.PathLike[str], *, offline: bool = False) -> Path:
    """Write the map's HTML (:func:`html_from_map`) atomically; return the path.

    Parameters
    ----------
    m : folium.Map
        The map (:func:`incident_map`).
    path : path-like
        Target file; its folder is created if missing.
    offline : bool, keyword-only
        Inline every script and stylesheet (a map built with ``offline=True`` then renders
        with no network).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import geo
    >>> from layers import incident_map, save_map
    >>> joined = geo.incidents_with_places(geo.incidents_from_csv("seeds/incidents.csv"))
    >>> m = incident_map(joined.incidents, title="Sotk")
    >>> path = save_map(m, Path(tempfile.mkdtemp()) / "map.html")
    >>> html = path.read_text(encoding="utf-8")
    >>> html.startswith("<!DOCTYPE html>"), "<title>Sotk</title>" in html
    (True, True)
    """
    target = Path(path)
    html = html_from_map(m, offline=offline)
    with atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return target
