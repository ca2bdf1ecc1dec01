"""The heat map layer: density of the incidents shown (it follows the time slider).

Drawn by Leaflet.heat (folium ships it) from the incidents layer's own table, so the points
are not written into the page twice. Hidden when the page opens.
"""

from __future__ import annotations

from typing import Any

from folium.elements import JSCSSMixin
from folium.map import Layer
from jinja2 import Template

from layers._element import RawRender
from layers.incidents import IncidentLayer

__all__ = ["HeatLayer", "heat_layer"]

LEAFLET_HEAT = "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"


class HeatLayer(JSCSSMixin, Layer, RawRender):
    """A heat map over an :class:`~layers.incidents.IncidentLayer`.

    Parameters
    ----------
    incidents : IncidentLayer
        The layer whose shown incidents are counted.
    name : str
        Name in the layer control.
    show : bool
        Visible when the page opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = bordermap.register({{ this.layer_name|tojson }},
            bordermap.heatFor({{ this.incidents.get_name() }}, {{ this.options|tojson }}));
        {% endmacro %}
        """
    )
    default_js = [("leaflet-heat.js", LEAFLET_HEAT)]  # noqa: RUF012 - read by JSCSSMixin

    def __init__(
        self, incidents: IncidentLayer, *, name: str = "Heat map", show: bool = False
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "HeatLayer"
        self.incidents = incidents
        self.options: dict[str, Any] = {"radius": 14, "blur": 16, "minOpacity": 0.25, "maxZoom": 11}


def heat_layer(
    incidents: IncidentLayer, *, name: str = "Heat map", show: bool = False
) -> HeatLayer:
    """Return the heat map of ``incidents`` (hidden at first)."""
    return HeatLayer(incidents, name=name, show=show)
