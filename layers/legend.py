"""A categorical legend drawn as a Leaflet control (labels HTML-escaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from branca.element import MacroElement
from jinja2 import Template

__all__ = ["Legend"]


class Legend(MacroElement):
    """A legend with titled sections of coloured swatches.

    Parameters
    ----------
    sections : sequence of (title, {label: colour})
        Drawn top to bottom.
    note : str, optional
        A line of small print under the swatches.
    position : str
        Leaflet control corner.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "bm-legend leaflet-bar");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        {% macro header(this, kwargs) %}
        <style>
        .bm-legend { background: rgba(255,255,255,0.92); padding: 6px 9px; font: 12px/1.4 system-ui, sans-serif; max-width: 260px; }
        .bm-legend h4 { margin: 4px 0 2px; font-size: 12px; }
        .bm-legend i { display: inline-block; width: 11px; height: 11px; margin-right: 5px; border-radius: 50%; vertical-align: -1px; }
        .bm-legend .bm-note { color: #555; margin-top: 4px; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(
        self,
        sections: Sequence[tuple[str, Mapping[str, str]]],
        *,
        note: str = "",
        position: str = "bottomleft",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.position = position
        parts = []
        for title, entries in sections:
            parts.append(f"<h4>{escape(title)}</h4>")
            for label, color in entries.items():
                parts.append(
                    f'<div><i style="background:{escape(color)}"></i>{escape(label)}</div>'
                )
        if note:
            parts.append(f'<div class="bm-note">{escape(note)}</div>')
        self.html = "".join(parts)
