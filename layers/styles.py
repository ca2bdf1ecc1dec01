"""Colours and style tables shared by the layers and the legend (one place, so they agree)."""

from __future__ import annotations

from typing import Final

__all__ = [
    "EVENT_TYPE_COLORS",
    "FEATURE_COLORS",
    "FEATURE_LABELS",
    "PRECISION_OPACITY",
    "ROLE_COLORS",
    "ROLE_LABELS",
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
