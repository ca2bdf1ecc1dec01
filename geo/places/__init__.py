"""Names to places: the offline gazetteer (index, ranking, name normalisation), the opt-in
online geocoders, and the curated reference features.

The names below are imported lazily; import them from here (``from geo.places import ...``)
or from :mod:`geo`, not from the modules, which may move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "ABROAD_KM": "geo.places.distance",
    "beyond_km": "geo.places.distance",
    "distance_km": "geo.places.distance",
    "km_to_geometries": "geo.places.distance",
    "unit_vectors": "geo.places.distance",
    "Candidate": "geo.places.gazetteer",
    "Gazetteer": "geo.places.gazetteer",
    "Resolution": "geo.places.gazetteer",
    "default_gazetteer": "geo.places.gazetteer",
    "PLACE_COLUMNS": "geo.places.geocode",
    "RECORD_COUNTRY_NAMES": "geo.places.geocode",
    "country_code_from_iso": "geo.places.geocode",
    "country_code_from_name": "geo.places.geocode",
    "place_record": "geo.places.geocode",
    "places_from_names": "geo.places.geocode",
    "resolution_record": "geo.places.geocode",
    "EXACT_PREFIX": "geo.places.names",
    "FEATURE_WORDS": "geo.places.names",
    "NAME_PARTICLES": "geo.places.names",
    "PLACE_WORDS": "geo.places.names",
    "PlaceWord": "geo.places.names",
    "QUALIFIER_WORDS": "geo.places.names",
    "US_STATE_ABBREVIATIONS": "geo.places.names",
    "admin_name_variants": "geo.places.names",
    "arabic_article_variants": "geo.places.names",
    "exact_key": "geo.places.names",
    "normalize": "geo.places.names",
    "query_variants": "geo.places.names",
    "romanisation_skeleton": "geo.places.names",
    "transliteration_variants": "geo.places.names",
    "OnlineGeocoder": "geo.places.online",
    "OnlineResult": "geo.places.online",
    "Place": "geo.places.place",
    "reference_features": "geo.places.reference",
}

__all__ = [
    "ABROAD_KM",
    "EXACT_PREFIX",
    "FEATURE_WORDS",
    "NAME_PARTICLES",
    "PLACE_COLUMNS",
    "PLACE_WORDS",
    "QUALIFIER_WORDS",
    "RECORD_COUNTRY_NAMES",
    "US_STATE_ABBREVIATIONS",
    "Candidate",
    "Gazetteer",
    "OnlineGeocoder",
    "OnlineResult",
    "Place",
    "PlaceWord",
    "Resolution",
    "admin_name_variants",
    "arabic_article_variants",
    "beyond_km",
    "country_code_from_iso",
    "country_code_from_name",
    "default_gazetteer",
    "distance_km",
    "exact_key",
    "km_to_geometries",
    "normalize",
    "place_record",
    "places_from_names",
    "query_variants",
    "reference_features",
    "resolution_record",
    "romanisation_skeleton",
    "transliteration_variants",
    "unit_vectors",
]

if TYPE_CHECKING:
    from geo.places.distance import (
        ABROAD_KM,
        beyond_km,
        distance_km,
        km_to_geometries,
        unit_vectors,
    )
    from geo.places.gazetteer import Candidate, Gazetteer, Resolution, default_gazetteer
    from geo.places.geocode import (
        PLACE_COLUMNS,
        RECORD_COUNTRY_NAMES,
        country_code_from_iso,
        country_code_from_name,
        place_record,
        places_from_names,
        resolution_record,
    )
    from geo.places.names import (
        EXACT_PREFIX,
        FEATURE_WORDS,
        NAME_PARTICLES,
        PLACE_WORDS,
        QUALIFIER_WORDS,
        US_STATE_ABBREVIATIONS,
        PlaceWord,
        admin_name_variants,
        arabic_article_variants,
        exact_key,
        normalize,
        query_variants,
        romanisation_skeleton,
        transliteration_variants,
    )
    from geo.places.online import OnlineGeocoder, OnlineResult
    from geo.places.place import Place
    from geo.places.reference import reference_features

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
