"""bordermap's geo layer: from text and records to GeoDataFrames.

Nothing here imports :mod:`layers`; data flows one way, text -> mentions -> places ->
incidents -> GeoDataFrames, and the maps are drawn by :mod:`layers`.
"""

from geo._errors import BordermapError, DataFileError, IncidentsValidationError, RowProblem
from geo.gazetteer import Gazetteer, Place, Resolution, default_gazetteer
from geo.geocode import places_from_names
from geo.geoparse import mentions_from_text, places_from_text
from geo.incidents import incidents_from_csv, read_incidents_csv

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
