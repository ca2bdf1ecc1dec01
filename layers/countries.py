"""The offline basemap: country polygons drawn as vectors instead of tiles.

From the gazetteer's Natural Earth countries (``feature_class == "country"``), simplified:
countries near the data keep about 300 m of detail (tolerance 0.003°), the rest of the world
about 5 km (0.05°), so the outlines stay small in the page. The sea is the map's background
colour.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import shapely
from folium.map import Layer
from jinja2 import Template

from layers._element import RawRender

__all__ = ["CountriesBasemap", "country_outlines"]

NEAR, FAR = 0.003, 0.05  # simplification tolerances, degrees
_STYLE = {"color": "#8c8c8c", "weight": 0.7, "fillColor": "#f4f1ea", "fillOpacity": 1.0}


@functools.lru_cache(maxsize=8)
def _outlines(focus: tuple[float, float, float, float] | None) -> str:
    from geo import default_gazetteer

    countries = [p for p in default_gazetteer().features if p.feature_class == "country"]
    countries.sort(key=lambda p: p.place_id)
    window = shapely.box(*focus) if focus else None
    features = []
    for place in countries:
        geom = place.geometry
        near = window is not None and geom.intersects(window)
        tol, grid = (NEAR, 1e-4) if near else (FAR, 1e-3)
        geom = shapely.set_precision(
            geom.simplify(tol, preserve_topology=True), grid, mode="pointwise"
        )
        if geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": place.name},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def country_outlines(focus: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
    """FeatureCollection of simplified country polygons.

    Parameters
    ----------
    focus : (minx, miny, maxx, maxy), optional
        Countries meeting this box (degrees) keep more detail.
    """
    if focus is not None:
        focus = tuple(round(v, 1) for v in focus)  # type: ignore[assignment]
    result: dict[str, Any] = json.loads(_outlines(focus))
    return result


class CountriesBasemap(Layer, RawRender):
    """A base layer of country polygons (no network); also the minimap's layer when offline.

    Parameters
    ----------
    data : dict
        FeatureCollection (:func:`country_outlines`).
    name : str
        Name in the layer control.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_data = {{ this.data|tojson }};
        var {{ this.get_name() }} = L.geoJSON({{ this.get_name() }}_data,
            {style: {{ this.style|tojson }}, interactive: false,
             renderer: L.canvas({pane: "tilePane", padding: 0.5}),
             attribution: "Countries: Natural Earth"});
        {{ this._parent.get_name() }}.getContainer().classList.add("bm-offline");
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any], *, name: str = "Countries (offline)") -> None:
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "CountriesBasemap"
        self.data = data
        self.style = _STYLE

    def data_var(self) -> str:
        """The JS variable holding the FeatureCollection (for the minimap)."""
        return f"{self.get_name()}_data"
