"""The grid-cell layer and map: incidents counted per cell (the day × cell aggregate, summed).

Drawn from :func:`geo.analysis.cells.cells_from_incidents` (or :func:`geo.analysis.distributed.aggregate`),
never from the incidents themselves, so a map of 10 million incidents is a few hundred cell
squares. Each square's colour is its class of incident count (classes from the quantiles of
the counts); its popup gives incidents, fatalities, incidents near the border, days with
incidents, first and last day, and the nearest approach to the border.
"""

from __future__ import annotations

import html
from typing import Final

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers._geojson import GeoJsonLayer, feature_collection
from layers._runtime import Runtime
from layers.basemaps import add_basemaps
from layers.countries import CountriesBasemap, country_outlines
from layers.legend import Legend

__all__ = ["CELL_FIELDS", "cell_totals", "cells_layer", "cells_map"]

#: Popup rows: label, property, kind.
CELL_FIELDS: Final[list[list[str]]] = [
    ["Incidents", "incidents", "text"],
    ["Fatalities", "fatalities", "text"],
    ["Within the border distance", "near_border", "text"],
    ["Days with incidents", "days", "text"],
    ["First day", "first_day", "text"],
    ["Last day", "last_day", "text"],
    ["Nearest to the border (km)", "border_km_min", "text"],
    ["Cell (south-west corner)", "corner", "text"],
]
#: Colours of the count classes, light to dark (ColorBrewer YlOrRd).
CLASS_COLORS: Final[tuple[str, ...]] = (
    "#ffffb2",
    "#fed976",
    "#feb24c",
    "#fd8d3c",
    "#f03b20",
    "#bd0026",
)
_LEAFLET: Final[list[tuple[str, str]]] = [
    ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
]
_LEAFLET_CSS: Final[list[tuple[str, str]]] = [
    ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
]


def cell_totals(cells: pd.DataFrame, *, cell_deg: float) -> gpd.GeoDataFrame:
    """Sum a day × cell aggregate over the days: one square per cell (EPSG:4326).

    Parameters
    ----------
    cells : pandas.DataFrame
        :data:`geo.analysis.cells.CELL_COLUMNS` rows.
    cell_deg : float, keyword-only
        The cell size the aggregate was made with.

    Returns
    -------
    geopandas.GeoDataFrame
        ``cell_x``, ``cell_y``, ``incidents``, ``fatalities``, ``near_border``, ``days``,
        ``first_day``, ``last_day``, ``border_km_min``, geometry (the cell's square), sorted
        by cell. Groups without a cell (incidents without geometry) are left out.
    """
    placed = cells[cells["cell_x"].notna() & cells["cell_y"].notna()]
    grouped = placed.groupby(["cell_x", "cell_y"], sort=True)
    totals = grouped.agg(
        incidents=("incidents", "sum"),
        fatalities=("fatalities", "sum"),
        near_border=("near_border", "sum"),
        days=("day", "nunique"),
        first_day=("day", "min"),
        last_day=("day", "max"),
        border_km_min=("border_km_min", "min"),
    ).reset_index()
    x = totals["cell_x"].to_numpy(dtype=float) * cell_deg
    y = totals["cell_y"].to_numpy(dtype=float) * cell_deg
    squares = shapely.box(x, y, x + cell_deg, y + cell_deg)
    return gpd.GeoDataFrame(totals, geometry=squares, crs="EPSG:4326")


def _classes(counts: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Class of each count (0..5) and the class labels, from quantiles of the counts."""
    if not len(counts):
        return np.zeros(0, dtype=int), []
    qs = np.quantile(counts, [0.5, 0.75, 0.9, 0.97, 0.995])
    edges = np.unique(np.ceil(qs).astype(np.int64))
    edges = edges[edges < counts.max()]
    bins = np.searchsorted(edges, counts, side="left")
    lows = np.concatenate([[counts.min()], edges + 1])
    highs = np.concatenate([edges, [counts.max()]])
    labels = [
        f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}" for lo, hi in zip(lows, highs, strict=True)
    ]
    return bins, labels


def cells_layer(
    totals: gpd.GeoDataFrame, *, name: str = "Incidents per cell", show: bool = True
) -> tuple[GeoJsonLayer, dict[str, str]]:
    """The grid-cell layer of :func:`cell_totals`; also returns the legend entries.

    Returns
    -------
    (GeoJsonLayer, dict)
        The layer, and ``{class label: colour}`` for the legend.
    """
    frame = totals.copy()
    counts = frame["incidents"].to_numpy(dtype=np.int64)
    bins, labels = _classes(counts)
    # The darkest colours for the classes there are (none when no cell has an incident).
    colors = CLASS_COLORS[max(len(CLASS_COLORS) - len(labels), 0) :]
    frame["_class"] = [str(b) for b in bins]
    frame["label"] = [f"{c:,} incidents" for c in counts]
    frame["corner"] = [
        f"{x:.4f}, {y:.4f}"
        for x, y in zip(frame.geometry.bounds["minx"], frame.geometry.bounds["miny"], strict=True)
    ]
    frame["border_km_min"] = frame["border_km_min"].round(1)
    props = ["_class", "label", *(f[1] for f in CELL_FIELDS)]
    data = feature_collection(frame, props)
    style = {
        "by": "_class",
        "colors": {str(i): c for i, c in enumerate(colors)},
        "weight": 0.5,
        "fillOpacity": 0.7,
    }
    layer = GeoJsonLayer(
        data,
        name=name,
        style=style,
        popup={"title": "label", "fields": CELL_FIELDS},
        tooltip="label",
        show=show,
    )
    return layer, dict(zip(labels, colors, strict=True))


def cells_map(
    cells: pd.DataFrame,
    *,
    cell_deg: float,
    title: str | None = None,
    offline: bool = False,
    carto_key: str | None = None,
) -> folium.Map:
    """A map of a day × cell aggregate: one square per cell, coloured by incident count.

    Parameters
    ----------
    cells : pandas.DataFrame
        The aggregate (:data:`geo.analysis.cells.CELL_COLUMNS`).
    cell_deg : float, keyword-only
        Its cell size in degrees.
    title : str, optional, keyword-only
        Page title (escaped).
    offline : bool, keyword-only
        Country outlines instead of tiles (render with ``html_from_map(m, offline=True)``).
    carto_key : str, optional, keyword-only
        CARTO API key for the CartoDB Positron basemap.

    Returns
    -------
    folium.Map
        Render with :func:`layers.map.html_from_map` or :func:`layers.map.save_map`.
    """
    totals = cell_totals(cells, cell_deg=cell_deg)
    m = folium.Map(location=[40.0, 45.5], zoom_start=7, tiles=None, control_scale=True)
    m.default_js, m.default_css = list(_LEAFLET), list(_LEAFLET_CSS)
    if title:
        m.get_root().title = html.escape(title)  # type: ignore[attr-defined]
    Runtime().add_to(m)
    if offline:
        bounds = tuple(totals.total_bounds) if len(totals) else None
        CountriesBasemap(country_outlines(bounds)).add_to(m)
    else:
        add_basemaps(m, carto_key=carto_key)
    layer, entries = cells_layer(totals)
    if layer.feature_count:
        layer.add_to(m)
    unplaced = int(cells.loc[cells["cell_x"].isna(), "incidents"].sum())
    total = int(cells["incidents"].sum())
    note = f"{total:,} incidents in {len(totals):,} cells of {cell_deg:g}°, summed over every day."
    if unplaced:
        note += f" {unplaced:,} incidents without a place are not drawn."
    Legend([("Incidents per cell", entries)], note=note).add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    if len(totals):
        minx, miny, maxx, maxy = totals.total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m
