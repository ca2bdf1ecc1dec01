"""The time slider: play/pause over the incident dates, filtering the incidents layer.

A small control of the runtime (``bordermap.TimeSlider`` in ``layers/js/controls.js``) rather
than folium's ``TimestampedGeoJson``, which breaks inside a layer control (folium issue 2175)
and would need a second copy of every feature. It sets a date window on the incidents layer
(which also drives the heat map), whether that layer is shown or not. Incidents without a
date stay visible and are drawn with a dashed ring.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template

from layers._element import RawRender
from layers.incidents import IncidentLayer

__all__ = ["TimeSlider"]


class TimeSlider(RawRender):
    """Slider, window selector ("all up to", a day, 7/30/365 days) and play button.

    Parameters
    ----------
    incidents : IncidentLayer
        The layer it filters.
    position : str
        Leaflet control corner.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new bordermap.TimeSlider({{ this.incidents.get_name() }},
            {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, incidents: IncidentLayer, *, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "TimeSlider"
        self.incidents = incidents
        self.options: dict[str, Any] = {"position": position}
