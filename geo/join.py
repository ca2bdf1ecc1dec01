"""Join incident records with geocoded places into one GeoDataFrame (EPSG:4326).

A record that carries coordinates keeps them (``coord_source = "record"``). A record without
them is placed on the gazetteer feature its ``location`` names, in that feature's true
geometry: a village is a point, a corridor a line, a region a polygon; ``latitude`` /
``longitude`` then hold a point *on* that feature (see :attr:`geo.gazetteer.Place.anchor`)
for ACLED-style tools, and ``geometry_type`` / ``place_precision`` say what it really is.
A record whose place cannot be resolved is kept, with an empty geometry, and listed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely import Point

from geo.gazetteer import Gazetteer, default_gazetteer

__all__ = ["UNRESOLVED_COLUMNS", "JoinResult", "incidents_with_places"]

logger = logging.getLogger(__name__)

UNRESOLVED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "source_line",
    "location",
    "country",
    "reason",
    "candidates",
)


@dataclass(frozen=True)
class JoinResult:
    """Incidents with geometry, and the ones whose place could not be resolved.

    Attributes
    ----------
    incidents : geopandas.GeoDataFrame
        Every input record, in input order, EPSG:4326; unresolved ones have an empty
        (``None``) geometry.
    unresolved : pandas.DataFrame
        Columns :data:`UNRESOLVED_COLUMNS`; one row per unresolved record.
    ambiguous : pandas.DataFrame
        Resolved records whose runner-up candidate stayed close (same columns).
    """

    incidents: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    ambiguous: pd.DataFrame


def _country_code(gaz: Gazetteer, name: object) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return None
    res = gaz.lookup(name)
    for cand in res.candidates:
        if cand.place.feature_class == "country":
            return cand.place.country
    return None


def incidents_with_places(
    incidents: pd.DataFrame, *, gazetteer: Gazetteer | None = None
) -> JoinResult:
    """Give every incident record a geometry from its coordinates or its named place.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Records in the incident schema (:func:`geo.incidents.incidents_from_csv`).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.

    Returns
    -------
    JoinResult
        The incident GeoDataFrame (EPSG:4326) and the lists of unresolved and ambiguous
        records. Nothing is dropped.
    """
    gaz = gazetteer or default_gazetteer()
    frame = incidents.copy()
    geometries: list[Any] = []
    unresolved: list[dict[str, Any]] = []
    ambiguous: list[dict[str, Any]] = []
    derived: dict[str, list[Any]] = {
        c: []
        for c in (
            "place_id",
            "place_name",
            "place_precision",
            "geometry_type",
            "coord_source",
            "geocode_confidence",
        )
    }
    lats: list[Any] = []
    lons: list[Any] = []
    for row in frame.itertuples(index=False):
        lat, lon = row.latitude, row.longitude
        has_coords = not (pd.isna(lat) or pd.isna(lon))
        iso2 = _country_code(gaz, row.country)
        res = gaz.lookup(str(row.location or ""), countries=[iso2] if iso2 else [])
        place = res.place
        base = {
            "event_id_cnty": row.event_id_cnty,
            "source_line": getattr(row, "source_line", None),
            "location": row.location,
            "country": row.country,
            "candidates": "|".join(
                f"{c.place.place_id} {c.place.name} ({c.confidence:.2f})" for c in res.candidates
            ),
        }
        if has_coords:
            geometries.append(Point(float(lon), float(lat)))
            lats.append(float(lat))
            lons.append(float(lon))
            derived["place_id"].append(place.place_id if place else None)
            derived["place_name"].append(place.name if place else None)
            derived["place_precision"].append("point")
            derived["geometry_type"].append("Point")
            derived["coord_source"].append("record")
            derived["geocode_confidence"].append(None)
            continue
        if place is None:
            geometries.append(None)
            lats.append(None)
            lons.append(None)
            for values in derived.values():
                values.append(None)
            unresolved.append({**base, "reason": "no place of that name in the gazetteer"})
            logger.warning("unresolved place %r for incident %s", row.location, row.event_id_cnty)
            continue
        if res.ambiguous:
            ambiguous.append(
                {**base, "reason": f"runner-up candidate close (confidence {res.confidence:.2f})"}
            )
        anchor_lon, anchor_lat = place.anchor
        geometries.append(place.geometry)
        lats.append(round(anchor_lat, 5))
        lons.append(round(anchor_lon, 5))
        derived["place_id"].append(place.place_id)
        derived["place_name"].append(place.name)
        derived["place_precision"].append(place.precision)
        derived["geometry_type"].append(place.geometry_type)
        derived["coord_source"].append(f"gazetteer:{place.source}:{place.source_id}")
        derived["geocode_confidence"].append(res.confidence)
    frame["latitude"] = pd.array(lats, dtype="Float64")
    frame["longitude"] = pd.array(lons, dtype="Float64")
    for column, values in derived.items():
        dtype = "Float64" if column == "geocode_confidence" else "string"
        frame[column] = pd.array(values, dtype=dtype)
    gdf = gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries(geometries, index=frame.index, crs="EPSG:4326")
    )
    return JoinResult(
        incidents=gdf,
        unresolved=pd.DataFrame(unresolved, columns=list(UNRESOLVED_COLUMNS)),
        ambiguous=pd.DataFrame(ambiguous, columns=list(UNRESOLVED_COLUMNS)),
    )
