"""The incidents layer: colour by event type, size by casualties, opacity by geo precision.

An incident keeps the geometry of its place: a point for a village, the whole line for an
event located only "on the Lachin corridor". Popups give date (with its precision), type,
actors, casualties, location (with its precision), evidence and source.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from layers._geojson import GeoJsonLayer, feature_collection
from layers.styles import EVENT_TYPE_COLORS, PRECISION_OPACITY

__all__ = ["INCIDENT_POPUP_FIELDS", "date_text", "incidents_layer", "location_text"]

INCIDENT_POPUP_FIELDS: list[list[str]] = [
    ["Date", "_date", "text"],
    ["Type", "_type", "text"],
    ["Actors", "_actors", "text"],
    ["Casualties", "_casualties", "text"],
    ["Location", "_location", "text"],
    ["Weapons", "weapons", "text"],
    ["Evidence", "evidence", "quote"],
    ["Notes", "notes", "text"],
    ["Source", "source", "text"],
    ["Link", "source_url", "link"],
    ["Coordinates from", "coord_source", "text"],
    ["Event id", "event_id_cnty", "text"],
]
_PROPERTIES = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "fatalities",
    "injuries",
    "geo_precision",
    "time_precision",
    "weapons",
    "evidence",
    "notes",
    "source",
    "source_url",
    "coord_source",
    "location",
)


def _fmt(day: Any) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def date_text(row: Any) -> str:
    """Human-readable date with its precision ("11 May 2023", "around 25 April 2023 (...)")."""
    day, precision = row.get("event_date"), row.get("time_precision")
    earliest, latest = row.get("date_earliest"), row.get("date_latest")
    if pd.isna(day):
        if not pd.isna(latest):
            return f"not stated (before {_fmt(latest)})"
        return "not stated"
    if precision == 1:
        return _fmt(day)
    if precision == 2:
        span = ""
        if not pd.isna(earliest) and not pd.isna(latest):
            span = f" (between {_fmt(earliest)} and {_fmt(latest)})"
        return f"around {_fmt(day)}{span}"
    if precision == 3:
        return f"{day.strftime('%B %Y')} (month only)"
    return _fmt(day)


def location_text(row: Any) -> str:
    """Location with its precision ("Sotk, Gegharkunik, Armenia — near the named place")."""
    parts = [
        str(v)
        for v in (row.get("location"), row.get("admin1"), row.get("country"))
        if not pd.isna(v) and v
    ]
    where = ", ".join(dict.fromkeys(parts))
    precision = row.get("geo_precision")
    kind = str(row.get("geometry_type") or "").lower()
    if precision == 1:
        how = "at the named place"
    elif precision == 2:
        how = "near the named place (coordinates of the place)"
    elif precision == 3:
        how = f"somewhere in or on it (drawn as the whole {kind or 'area'})"
    else:
        how = "precision unknown"
    if pd.isna(row.get("coord_source")) or not row.get("coord_source"):
        how += "; not placed on the map (place unresolved)"
    return f"{where} — {how}"


def _casualties(row: Any) -> str:
    parts = []
    for column, word in (("fatalities", "killed"), ("injuries", "injured")):
        value = row.get(column)
        parts.append(f"{int(value)} {word}" if not pd.isna(value) else f"{word}: not stated")
    return ", ".join(parts)


def _actors(row: Any) -> str:
    names = [
        str(row.get(c))
        for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
        if not pd.isna(row.get(c)) and row.get(c)
    ]
    return " · ".join(names)


def incidents_layer(
    incidents: gpd.GeoDataFrame, *, name: str = "Incidents", show: bool = True
) -> GeoJsonLayer:
    """Return the incidents overlay.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Output of :func:`geo.join.incidents_with_places`; rows without geometry are skipped.
    name : str, keyword-only
        Layer name in the control.
    show : bool, keyword-only
        Visible when the page opens.
    """
    frame = incidents.copy()
    records = frame.to_dict("records")
    frame["_date"] = [date_text(r) for r in records]
    frame["_type"] = [f"{r.get('event_type')} — {r.get('sub_event_type')}" for r in records]
    frame["_actors"] = [_actors(r) for r in records]
    frame["_casualties"] = [_casualties(r) for r in records]
    frame["_location"] = [location_text(r) for r in records]
    frame["_title"] = [f"{r.get('sub_event_type')}: {r.get('location')}" for r in records]
    frame["_tooltip"] = [
        f"{r.get('event_type')} · {r.get('location')} · {d}"
        for r, d in zip(records, frame["_date"], strict=True)
    ]
    props = [
        *_PROPERTIES,
        "_date",
        "_type",
        "_actors",
        "_casualties",
        "_location",
        "_title",
        "_tooltip",
    ]
    data = feature_collection(frame, props, id_column="event_id_cnty")
    style = {
        "by": "event_type",
        "colors": EVENT_TYPE_COLORS,
        "radius": 6,
        "sizeBy": ["fatalities", "injuries"],
        "perUnit": 3,
        "maxRadius": 24,
        "weight": 5,
        "opacityBy": "geo_precision",
        "opacities": PRECISION_OPACITY,
        "fillOpacity": 0.7,
    }
    popup = {"title": "_title", "fields": INCIDENT_POPUP_FIELDS}
    return GeoJsonLayer(data, name=name, style=style, popup=popup, tooltip="_tooltip", show=show)
