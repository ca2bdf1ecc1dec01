"""Colours and style tables shared by the layers and the legend (one place, so they agree)."""

from __future__ import annotations

import math
from typing import Final

__all__ = [
    "DRAFT_LABEL",
    "EVENT_TYPE_COLORS",
    "EVENT_TYPE_SHAPES",
    "FEATURE_COLORS",
    "FEATURE_LABELS",
    "FLAG_COLOR",
    "OTHER_COLOR",
    "PRECISION_OPACITY",
    "ROLE_COLORS",
    "ROLE_LABELS",
    "shape_vertices",
]

#: ACLED event type -> colour (colour-blind-safe-ish categorical palette).
EVENT_TYPE_COLORS: Final[dict[str, str]] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4",
    "Riots": "#8c564b",
    "Strategic developments": "#2ca02c",
}

#: Colour of an event type outside the ACLED list (and of a missing one).
OTHER_COLOR: Final[str] = "#7f7f7f"

#: What the map says of an incident drafted from a story by rules (legend, popup, tooltip).
#: Drafts are drawn hollow: white inside, the event type's colour as a thick outline.
DRAFT_LABEL: Final[str] = "machine draft, not reviewed"
#: Ring (and outline) of an incident whose coordinates fail a check of the join
#: (``coord_check``: swapped latitude/longitude, far from the named place, outside the country).
FLAG_COLOR: Final[str] = "#d4006a"

#: ACLED event type -> marker shape, so the type reads without colour too (print, colour
#: blindness). Shapes are drawn from :func:`shape_vertices` by the page and by the legend.
EVENT_TYPE_SHAPES: Final[dict[str, str]] = {
    "Battles": "circle",
    "Explosions/Remote violence": "star",
    "Violence against civilians": "triangle",
    "Protests": "square",
    "Riots": "diamond",
    "Strategic developments": "hexagon",
}


def shape_vertices(shape: str) -> list[list[float]] | None:
    """Unit vertices of a marker shape in screen orientation (y down); ``None`` = a circle.

    Polygons are sized so that their area is close to the unit circle's, so a triangle and a
    circle of the same radius look equally heavy.

    Parameters
    ----------
    shape : str
        ``circle``, ``square``, ``diamond``, ``triangle``, ``hexagon`` or ``star``.

    Returns
    -------
    list of [x, y] or None
        Vertices rounded to 3 decimals (they go into the page).
    """
    if shape == "circle":
        return None
    if shape == "star":  # five points, inner radius 0.45 of the outer
        pts = [(1.45 if k % 2 == 0 else 0.65, -math.pi / 2 + k * math.pi / 5) for k in range(10)]
    else:
        sides, radius, start = {
            "square": (4, 1.25, math.pi / 4),
            "diamond": (4, 1.25, 0.0),
            "triangle": (3, 1.55, -math.pi / 2),
            "hexagon": (6, 1.1, 0.0),
        }[shape]
        pts = [(radius, start + 2 * math.pi * k / sides) for k in range(sides)]
    return [[round(r * math.cos(a), 3), round(r * math.sin(a), 3)] for r, a in pts]


#: ACLED geo_precision -> opacity: the vaguer the place, the fainter the mark.
PRECISION_OPACITY: Final[dict[str, float]] = {"1": 0.95, "2": 0.75, "3": 0.5}

#: Geoparser role -> colour.
ROLE_COLORS: Final[dict[str, str]] = {
    "incident_site": "#d62728",
    "venue": "#1f77b4",
    "actor_seat": "#6a3d9a",
    "context": "#7f7f7f",
}
ROLE_LABELS: Final[dict[str, str]] = {
    "incident_site": "incident site",
    "venue": "venue of talks",
    "actor_seat": "seat of an actor",
    "context": "context",
}

#: Reference feature class -> colour (regions, provinces, corridors, borders, checkpoints).
FEATURE_COLORS: Final[dict[str, str]] = {
    "region": "#b15928",
    "province": "#6a51a3",
    "corridor": "#e31a1c",
    "border": "#252525",
    "checkpoint": "#ff7f00",
}
FEATURE_LABELS: Final[dict[str, str]] = {
    "region": "disputed region",
    "province": "border province",
    "corridor": "corridor",
    "border": "international border",
    "checkpoint": "checkpoint",
}
