"""The side panel: incidents that could not be placed, and notes about the map.

Incidents without geometry are listed (event id, date, type, location; a click shows every
field), never dropped. Notes say what the map leaves out and why: empty layers, free text
left out at scale, a reprojection. A control of the runtime (``bordermap.Panel``); all text
goes into the DOM as ``textContent`` or through ``bordermap.esc``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Template

from layers._element import RawRender
from layers.incidents import IncidentLayer

__all__ = ["SidePanel"]


class SidePanel(RawRender):
    """The panel (hidden when it has nothing to say).

    Parameters
    ----------
    incidents : IncidentLayer or None
        Its unplaced rows are listed.
    notes : sequence of str
        Plain-text notes.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new bordermap.Panel(
            {% if this.incidents %}{{ this.incidents.get_name() }}{% else %}null{% endif %},
            {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, incidents: IncidentLayer | None, notes: Sequence[str] = ()) -> None:
        super().__init__()
        self._name = "SidePanel"
        self.incidents = incidents
        self.options: dict[str, Any] = {"position": "topright", "notes": list(notes)}
