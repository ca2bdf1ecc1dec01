"""A categorical legend drawn as a Leaflet control (labels HTML-escaped in Python)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from jinja2 import Template

from layers._element import RawRender
from layers.styles import FLAG_COLOR, shape_vertices

__all__ = ["Legend", "swatch"]

Swatch = str | Mapping[str, Any]


def swatch(spec: Swatch) -> str:
    """Inline SVG for one legend entry.

    Parameters
    ----------
    spec : str or mapping
        A colour (a filled circle), or ``{"color", "shape", "line", "dash", "ring", "fill"}``:
        ``shape`` one of :data:`layers.styles.EVENT_TYPE_SHAPES`' values, ``line`` a stroke,
        ``dash`` dashed, ``ring`` a dashed ring around the mark (undated incidents),
        ``fill`` False for an outline only, ``hollow`` a white centre (a machine draft),
        ``flag`` a solid ring in :data:`layers.styles.FLAG_COLOR` (doubtful coordinates).
    """
    s: Mapping[str, Any] = {"color": spec} if isinstance(spec, str) else spec
    color = escape(str(s.get("color", "#555555")))
    dash = ' stroke-dasharray="0.5 0.4"' if s.get("dash") else ""
    if s.get("line"):
        body = f'<line x1="-1.4" y1="0" x2="1.4" y2="0" stroke="{color}" stroke-width="0.6"{dash}/>'
    else:
        fill = color if s.get("fill", True) else "none"
        paint = f'fill="{fill}" stroke="{color}" stroke-width="0.25"{dash}'
        verts = shape_vertices(str(s.get("shape", "circle")))
        if verts is None:
            body = f'<circle r="1" {paint}/>'
        else:
            points = " ".join(f"{x * 0.9:.2f},{y * 0.9:.2f}" for x, y in verts)
            body = f'<polygon points="{points}" {paint}/>'
        if s.get("hollow"):
            body += '<circle r="0.55" fill="#fff" stroke="#222" stroke-width="0.12"/>'
        if s.get("ring"):
            body += '<circle r="1.5" fill="none" stroke="#222" stroke-width="0.18" stroke-dasharray="0.3 0.3"/>'
        if s.get("flag"):
            body += f'<circle r="1.45" fill="none" stroke="{FLAG_COLOR}" stroke-width="0.3"/>'
    return f'<svg class="bm-sw" viewBox="-1.6 -1.6 3.2 3.2" aria-hidden="true">{body}</svg>'


class Legend(RawRender):
    """A legend with titled sections of swatches.

    Parameters
    ----------
    sections : sequence of (title, {label: swatch})
        Drawn top to bottom; a swatch is a colour or a mapping (see :func:`swatch`).
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
                var div = L.DomUtil.create("div", "bm-legend bm-box");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        sections: Sequence[tuple[str, Mapping[str, Swatch]]],
        *,
        note: str = "",
        position: str = "bottomright",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.position = position
        parts = []
        for title, entries in sections:
            parts.append(f"<h4>{escape(title)}</h4>")
            for label, spec in entries.items():
                parts.append(f"<div>{swatch(spec)}{escape(label)}</div>")
        if note:
            parts.append(f'<div class="bm-note">{escape(note)}</div>')
        self.html = "".join(parts)
