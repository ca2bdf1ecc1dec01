"""Map tools: fullscreen, measure, minimap (the scale bar is folium's ``control_scale``).

Fullscreen and measure are folium's plugins. The minimap is drawn here so that it can use
either a tile layer (online) or the offline country outlines (:mod:`layers.countries`), which
folium's ``MiniMap`` (tiles only) cannot.
"""

from __future__ import annotations

from typing import Any

import folium
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen, MeasureControl
from jinja2 import Template

from layers._element import RawRender
from layers.countries import CountriesBasemap

__all__ = ["MiniMap", "add_tools"]


class MiniMap(JSCSSMixin, RawRender):
    """Leaflet-MiniMap over a tile URL or over the offline countries layer.

    Parameters
    ----------
    tiles : str, optional
        Tile URL template (online maps).
    attribution : str
        Attribution of those tiles.
    countries : CountriesBasemap, optional
        Offline maps: reuse its FeatureCollection instead of tiles.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var layer = {% if this.countries %}L.geoJSON({{ this.countries.data_var() }},
                {style: {{ this.countries.style|tojson }}, interactive: false}){% else %}L.tileLayer(
                {{ this.tiles|tojson }}, {attribution: {{ this.attribution|tojson }}}){% endif %};
            new L.Control.MiniMap(layer, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )
    default_js = [  # noqa: RUF012 - folium's JSCSSMixin reads the class attribute
        (
            "Control_MiniMap_js",
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js",
        )
    ]
    default_css = [  # noqa: RUF012 - as default_js
        (
            "Control_MiniMap_css",
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css",
        )
    ]

    def __init__(
        self,
        *,
        tiles: str | None = None,
        attribution: str = "",
        countries: CountriesBasemap | None = None,
    ) -> None:
        super().__init__()
        self._name = "MiniMap"
        self.tiles = tiles
        self.attribution = attribution
        self.countries = countries
        self.options: dict[str, Any] = {
            "position": "bottomright",
            "width": 140,
            "height": 140,
            "zoomLevelOffset": -5,
            "toggleDisplay": True,
        }


def add_tools(
    m: folium.Map,
    *,
    tiles: str | None = None,
    attribution: str = "",
    countries: CountriesBasemap | None = None,
) -> None:
    """Add fullscreen, measure and minimap controls to ``m``."""
    Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen").add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="hectares",
        secondary_area_unit="sqmiles",
    ).add_to(m)
    MiniMap(tiles=tiles, attribution=attribution, countries=countries).add_to(m)
