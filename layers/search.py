"""Search by place name: incident locations and the features of the other layers.

A control of the runtime (``bordermap.Search``): matching ignores case and accents ("lacin"
finds "Laçın"); results are written as DOM text (never HTML); choosing one zooms to it and
opens its popup — or, for an incident that could not be placed, its entry in the side panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Template

from layers._element import RawRender
from layers.incidents import IncidentLayer

__all__ = ["SearchControl"]


class SearchControl(RawRender):
    """The search box.

    Parameters
    ----------
    incidents : IncidentLayer or None
        Its ``location`` values are searched.
    layers : sequence of str
        Names (in ``window.bordermapLayers``) of GeoJSON layers whose features' ``name`` is
        searched too.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new bordermap.Search(
            {% if this.incidents %}{{ this.incidents.get_name() }}{% else %}null{% endif %},
            {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, incidents: IncidentLayer | None, layers: Sequence[str] = ()) -> None:
        super().__init__()
        self._name = "SearchControl"
        self.incidents = incidents
        self.options: dict[str, Any] = {"position": "topleft", "layers": list(layers)}
