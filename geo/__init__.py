"""bordermap's geo layer: from text and records to GeoDataFrames.

Nothing here imports :mod:`layers`; data flows one way, text -> mentions -> places ->
incidents -> GeoDataFrames, and the maps are drawn by :mod:`layers`.

The names below are imported lazily, so ``import geo.gazetteer`` does not pay for geopandas
and pandera.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "BordermapError": "geo._errors",
    "DataFileError": "geo._errors",
    "IncidentsValidationError": "geo._errors",
    "RowProblem": "geo._errors",
    "Gazetteer": "geo.gazetteer",
    "Place": "geo.gazetteer",
    "Resolution": "geo.gazetteer",
    "default_gazetteer": "geo.gazetteer",
    "places_from_names": "geo.geocode",
    "mentions_from_text": "geo.geoparse",
    "places_from_text": "geo.geoparse",
    "incidents_from_csv": "geo.incidents",
    "read_incidents_csv": "geo.incidents",
}

__all__ = [
    "BordermapError",
    "DataFileError",
    "Gazetteer",
    "IncidentsValidationError",
    "Place",
    "Resolution",
    "RowProblem",
    "default_gazetteer",
    "incidents_from_csv",
    "mentions_from_text",
    "places_from_names",
    "places_from_text",
    "read_incidents_csv",
]

if TYPE_CHECKING:
    from geo._errors import BordermapError, DataFileError, IncidentsValidationError, RowProblem
    from geo.gazetteer import Gazetteer, Place, Resolution, default_gazetteer
    from geo.geocode import places_from_names
    from geo.geoparse import mentions_from_text, places_from_text
    from geo.incidents import incidents_from_csv, read_incidents_csv


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
