"""Join incident records with geocoded places into one GeoDataFrame (EPSG:4326).

A record that carries coordinates keeps them (``coord_source = "record"``). A record without
them is placed on the gazetteer feature its ``location`` names, in that feature's true
geometry: a village is a point, a corridor a line, a region a polygon; ``latitude`` /
``longitude`` then hold a point *on* that feature (see :attr:`geo.places.gazetteer.Place.anchor`)
for ACLED-style tools, and ``geometry_type`` / ``place_precision`` say what it really is.
A record whose place cannot be resolved is kept, with an empty geometry, and listed. A
record that names a country gets no place far from it: a name whose every candidate lies in
another country, more than 100 km away ("Barcelona" in a South African record), is not
resolved, and its namesakes abroad are listed as what was found. Likewise inside the
country: a record whose ``admin1`` the gazetteer knows gets no place whose every candidate
lies outside that region (25 km outside its outline, 100 km outside a region known only as
the hull of its towns): "Kabwe" in Southern province is not Kabwe town in Central. A
location written "City - Part", as ACLED writes neighbourhoods, is the part when the
gazetteer holds it in the city, else the city (:meth:`geo.places.gazetteer.Gazetteer.lookup`).

Coordinate checks
-----------------
Record coordinates are checked against the place the record names (``coord_check``, and
``coord_check_km``: the distance to the nearest candidate of the named place, empty when
not checked); the records that fail are listed in :attr:`JoinResult.flagged`, with that
distance as ``km_from_named_place``:

=========================== =================================================================
``ok``                      within the precision's distance of the named place (nearest of its
                            gazetteer candidates) and inside the named country
``far_from_named_place``    farther than the precision allows: ``geo_precision`` 1: 25 km,
                            2: 50 km, 3 (or empty): 200 km
``outside_country``         more than 5 km outside the named country's polygon (the slack
                            absorbs the generalised Natural Earth outline)
``swapped_lat_lon?``        outside the country (or far from the place), but the point with
                            latitude and longitude swapped is inside (near)
``not_checked``             no record coordinates, or neither place nor country found
=========================== =================================================================

Rows whose ``coord_source`` starts with ``gazetteer:`` were placed by an earlier join (a
bordermap GeoJSON read back): their latitude/longitude are not record coordinates and they
are placed again from the gazetteer.

Duplicates across sources
-------------------------
:func:`merged_duplicates` merges records of *different* datasets (the ``dataset`` column:
``ACLED``, ``UCDP GED``...) that have the same ``event_date`` and ``event_type`` and lie within
1 km: one row per event, the first in input order kept, ``source`` and ``dataset`` joined with
`` | ``, ``merged_ids`` listing every original ``event_id_cnty``. Records of one dataset are
never merged with each other (ACLED codes two clashes in one village on one day as two events).
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.places.distance import ABROAD_KM, beyond_km, distance_km, km_to_geometries
from geo.places.gazetteer import Gazetteer, Place, Resolution, default_gazetteer
from geo.places.geocode import country_code_from_name

__all__ = [
    "COORD_CHECKS",
    "FLAGGED_COLUMNS",
    "PRECISION_KM",
    "UNRESOLVED_COLUMNS",
    "JoinResult",
    "incidents_with_places",
    "merged_duplicates",
]

logger = logging.getLogger(__name__)

UNRESOLVED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "source_line",
    "location",
    "country",
    "admin1",
    "reason",
    "candidates",
)
FLAGGED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "source_line",
    "location",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "coord_check",
    "km_from_named_place",
    "named_place",
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
    flagged : pandas.DataFrame
        Records whose coordinates disagree with their place (``coord_check`` other than
        ``ok``/``not_checked``), columns :data:`FLAGGED_COLUMNS`; ``km_from_named_place`` is
        the distance to the nearest candidate of the named place.
    """

    incidents: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    ambiguous: pd.DataFrame
    flagged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLAGGED_COLUMNS))


#: Values of the ``coord_check`` column.
COORD_CHECKS: Final[tuple[str, ...]] = (
    "ok",
    "far_from_named_place",
    "outside_country",
    "swapped_lat_lon?",
    "not_checked",
)
#: How far (km) record coordinates may lie from the named place, by ``geo_precision``.
PRECISION_KM: Final[dict[int, float]] = {1: 25.0, 2: 50.0, 3: 200.0}
_BORDER_KM: Final[float] = 5.0
#: A name whose every candidate in the record's country lies this far (km) outside the real
#: outline of the record's ``admin1`` is no place of that record (a namesake in another
#: province); nearer, the outline's generalisation or a border town may explain it.
_REGION_KM: Final[float] = 25.0
#: The same for a region the gazetteer knows only as the hull of its towns, which the real
#: region overflows.
_REGION_HULL_KM: Final[float] = 100.0
#: Why a record's place was not resolved although the gazetteer holds its name.
_ONLY_ABROAD: Final = "no place of that name in the named country (only namesakes abroad)"
_ONLY_ELSEWHERE: Final = (
    "no place of that name in the named admin1 region (only namesakes elsewhere in the country)"
)
_MERGE_KM: Final[float] = 1.0


def incidents_with_places(
    incidents: pd.DataFrame,
    *,
    gazetteer: Gazetteer | None = None,
    merge_duplicates: bool = False,
) -> JoinResult:
    """Give every incident record a geometry from its coordinates or its named place.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Records in the incident schema (:func:`geo.incidents.records.incidents_from_csv`,
        :func:`geo.incidents.readers.read_incidents`).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.
    merge_duplicates : bool, keyword-only
        Merge records of different datasets that describe the same event
        (:func:`merged_duplicates`). Off by default: then nothing is dropped.

    Returns
    -------
    JoinResult
        The incident GeoDataFrame (EPSG:4326) with a ``coord_check`` column (module
        docstring), and the lists of unresolved, ambiguous and flagged records.

    Notes
    -----
    Places are looked up once per distinct (location, country, admin1) triple and spread over
    the rows with numpy.

    Examples
    --------
    >>> from geo.incidents.records import incidents_from_csv
    >>> joined = incidents_with_places(incidents_from_csv("seeds/incidents.csv"))
    >>> joined.incidents[["location", "geometry_type", "place_precision"]]
              location geometry_type place_precision
    0             Sotk         Point           point
    1  Lachin corridor    LineString        corridor
    2  Lachin corridor    LineString        corridor
    >>> joined.incidents.crs.to_string(), len(joined.unresolved)
    ('EPSG:4326', 0)
    """
    gaz = gazetteer or default_gazetteer()
    frame = incidents.copy(deep=False)  # copy on write: the caller's frame is not changed
    lon, lat, has = _record_coordinates(frame)
    lookup = _lookup(frame, gaz)
    placed = ~has & lookup.found
    geometry = _place_columns(frame, lon, lat, has, placed, lookup)
    status, km = _coordinate_checks(lon, lat, has, lookup, frame.get("geo_precision"), gaz)
    frame["coord_check"] = _string_array(pa.array(status, type=pa.large_string()))
    frame["coord_check_km"] = pd.arrays.FloatingArray(np.nan_to_num(np.round(km, 1)), np.isnan(km))
    listing = _Listing.of(frame)
    candidates = _candidates_text(lookup)
    unresolved = _unresolved(listing, ~has & ~lookup.found, lookup, candidates)
    ambiguous = _ambiguous(listing, placed, lookup, candidates)
    gdf = gpd.GeoDataFrame(
        frame,
        geometry=gpd.GeoSeries(
            gpd.array.from_shapely(geometry, crs="EPSG:4326"), index=frame.index
        ),
    )
    flagged = _flagged(listing, lon, lat, status, km, lookup)
    if merge_duplicates:
        gdf = merged_duplicates(gdf)
    return JoinResult(
        incidents=gdf,
        unresolved=unresolved[list(UNRESOLVED_COLUMNS)].reset_index(drop=True),
        ambiguous=ambiguous[list(UNRESOLVED_COLUMNS)].reset_index(drop=True),
        flagged=flagged.reset_index(drop=True),
    )


@dataclass(frozen=True)
class _Lookup:
    """The gazetteer's answer for every distinct (location, country, admin1) triple of the records.

    Attributes
    ----------
    codes : numpy.ndarray
        Per row: the position of its pair in the lists below.
    countries : list of str or None
        Per key: ISO code of the named country (``None`` when not found).
    results : list of Resolution
        Per key: the lookup of the location in that country; unresolved when every
        candidate lies in another country than the named one.
    abroad : list of Resolution or None
        Per key: the lookup whose candidates all lie abroad, or outside the named admin1
        region (``results`` then holds none), else ``None``.
    why : list of str
        Per key: why ``abroad`` holds a lookup (:data:`_ONLY_ABROAD`,
        :data:`_ONLY_ELSEWHERE`), else ``""``.
    """

    codes: np.ndarray
    countries: list[str | None]
    results: list[Any]
    abroad: list[Any]
    why: list[str]

    @property
    def places(self) -> list[Place | None]:
        """Per key: the place chosen, or ``None``."""
        return [res.place for res in self.results]

    @property
    def found(self) -> np.ndarray:
        """Per row: its place was found."""
        return np.array([p is not None for p in self.places], dtype=bool)[self.codes]

    def per_row(self, per_pair: list[Any]) -> np.ndarray:
        """Spread one value per key (location, country, admin1) over the rows (an object array)."""
        out = np.empty(len(per_pair), dtype=object)
        out[:] = per_pair
        return out[self.codes]


def _record_coordinates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lon, lat, has)``: the record coordinates, and where a record has both.

    Rows placed by an earlier join (``coord_source`` starting with ``gazetteer:``) have none.
    """
    lat = pd.to_numeric(frame["latitude"]).to_numpy(dtype="float64", na_value=np.nan)
    lon = pd.to_numeric(frame["longitude"]).to_numpy(dtype="float64", na_value=np.nan)
    has = ~(np.isnan(lat) | np.isnan(lon))
    if "coord_source" in frame.columns:
        derived_before = (
            frame["coord_source"]
            .astype("string")
            .str.startswith("gazetteer:")
            .to_numpy(dtype=bool, na_value=False)
        )
        has &= ~derived_before
    return lon, lat, has


def _lookup(frame: pd.DataFrame, gaz: Gazetteer) -> _Lookup:
    """Look up every distinct (location, country, admin1) triple: in the named country when
    found there, inside the named admin1 region when the gazetteer has its real outline."""
    codes, keys = _place_keys(frame)
    iso_of: dict[str, str | None] = {}
    regions: dict[tuple[str, str], Any] = {}
    countries: list[str | None] = []
    results: list[Resolution] = []
    abroad: list[Resolution | None] = []
    why: list[str] = []
    shapes: dict[str, Any] = {}
    for location, country, admin1 in keys:
        if country not in iso_of:
            iso_of[country] = country_code_from_name(country, gazetteer=gaz)
        iso2 = iso_of[country]
        countries.append(iso2)
        # the record's country: its local units (communes, woredas...), none of another's
        local = gaz.local_units_in([iso2]) if iso2 else gaz
        found = local.lookup(location, countries=[iso2] if iso2 else [])
        reason = ""
        if iso2 and _only_abroad(found, iso2, shapes, gaz):
            reason = _ONLY_ABROAD  # Barcelona, South Africa is not in Spain
        elif iso2:
            found = found.preferring(partial(_in_country, code=iso2))
            region = _region(admin1, iso2, regions, gaz)
            if region is not None and found.place is not None:
                inside = _near_region(found, region)
                if inside:
                    found = found.preferring(partial(_is_one_of, ids=inside))
                else:
                    reason = _ONLY_ELSEWHERE  # Kabwe, Kalomo district, is not Kabwe town
        abroad.append(found if reason else None)
        why.append(reason)
        results.append(Resolution(query=location) if reason else found)
    return _Lookup(codes, countries, results, abroad, why)


def _is_one_of(place: Place, *, ids: set[str]) -> bool:
    return place.place_id in ids


def _region(admin1: str, iso2: str, cache: dict[tuple[str, str], Any], gaz: Gazetteer) -> Any:
    """``(region, slack km)``: the record's first-level region in the record's country (a
    place with a polygon) and how far outside its outline a place may lie
    (:data:`_REGION_KM` for a real outline, :data:`_REGION_HULL_KM` for a hull of its
    towns), or ``None`` when the gazetteer has no such region."""
    key = (admin1, iso2)
    if key not in cache:
        found = None
        if admin1:
            for c in gaz.lookup(admin1, countries=[iso2]).candidates:
                p = c.place
                if (
                    p.country == iso2
                    and p.feature_class == "admin1"
                    and p.geometry_type in ("Polygon", "MultiPolygon")
                ):
                    shapely.prepare(p.geometry)
                    found = (p, _REGION_HULL_KM if p.approximate else _REGION_KM)
                    break
        cache[key] = found
    return cache[key]


def _near_region(found: Resolution, region: tuple[Place, float]) -> set[str]:
    """Ids of the candidates in the record's admin1 region (:func:`_region`): within the slack
    of its outline, or holding its GeoNames admin1 code, as
    :meth:`~geo.places.gazetteer.Gazetteer.contains` counts them (outlines go stale as codes
    do: Dong Hoi has Quang Tri's code since the 2025 merger, 51 km off its old outline), or
    an area or line crossing it ("Sudan" in a record of North Darfur)."""
    area, slack = region
    cands = [c.place for c in found.candidates]
    lon = np.array([p.anchor[0] for p in cands])
    lat = np.array([p.anchor[1] for p in cands])
    near = ~beyond_km(area.geometry, lon, lat, slack)
    for k, p in enumerate(cands):
        if not near[k] and p.geometry_type != "Point":
            near[k] = shapely.intersects(area.geometry, p.geometry)
        if area.admin1_code and p.in_admin1(area.country, area.admin1_code):
            near[k] = True
    return {p.place_id for p, ok in zip(cands, near, strict=True) if ok}


def _in_country(place: Place, *, code: str) -> bool:
    """The record names its country: a candidate there beats any namesake abroad."""
    return place.country == code


def _only_abroad(found: Resolution, code: str, shapes: dict[str, Any], gaz: Gazetteer) -> bool:
    """Every candidate lies in another country than the record's, and farther than
    :data:`~geo.places.distance.ABROAD_KM` from it: a namesake abroad ("Barcelona" in a
    South African record), not a place across a disputed line ("Nagorno-Karabakh" in a
    record of Armenia)."""
    if not len(found) or any(
        not c.place.country or c.place.country == code for c in found.candidates
    ):
        return False
    if code not in shapes:
        shapes.update(_country_shapes([code], gaz))
    shape = shapes[code]
    if shape is None:
        return False
    lon = np.array([c.place.anchor[0] for c in found.candidates])
    lat = np.array([c.place.anchor[1] for c in found.candidates])
    return bool(beyond_km(shape, lon, lat, ABROAD_KM).all())


def _place_columns(
    frame: pd.DataFrame,
    lon: np.ndarray,
    lat: np.ndarray,
    has: np.ndarray,
    placed: np.ndarray,
    lookup: _Lookup,
) -> np.ndarray:
    """Write the coordinates and the place columns; return the geometry of every row."""
    places = lookup.places
    geometry = np.full(len(frame), None, dtype=object)
    geometry[has] = _points(lon[has], lat[has])
    geometry[placed] = lookup.per_row([p.geometry if p else None for p in places])[placed]
    anchor_lon = np.array([round(p.anchor[0], 5) if p else np.nan for p in places])[lookup.codes]
    anchor_lat = np.array([round(p.anchor[1], 5) if p else np.nan for p in places])[lookup.codes]
    located = has | placed
    frame["latitude"] = pd.arrays.FloatingArray(
        np.where(has, lat, np.where(placed, anchor_lat, 0.0)), ~located
    )
    frame["longitude"] = pd.arrays.FloatingArray(
        np.where(has, lon, np.where(placed, anchor_lon, 0.0)), ~located
    )
    both = located, lookup.codes
    frame["place_id"] = _place_text([p.place_id if p else None for p in places], *both)
    frame["place_name"] = _place_text([p.name if p else None for p in places], *both)
    where = has, placed, lookup.codes
    frame["place_precision"] = _text("point", [p.precision if p else None for p in places], *where)
    frame["geometry_type"] = _text(
        "Point", [p.geometry_type if p else None for p in places], *where
    )
    sources = [f"gazetteer:{p.source}:{p.source_id}" if p else None for p in places]
    frame["coord_source"] = _text("record", sources, *where)
    per_pair = np.array([res.confidence if res.place else np.nan for res in lookup.results])
    confidence = np.where(placed, per_pair[lookup.codes], np.nan)
    frame["geocode_confidence"] = pd.arrays.FloatingArray(
        np.nan_to_num(confidence), np.isnan(confidence)
    )
    return geometry


def _points(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Shapely points of coordinate arrays, the cycle collector paused meanwhile: points
    hold no references, and a million new objects would set it off again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return shapely.points(lon, lat)
    finally:
        if enabled:
            gc.enable()


def _text(
    record: str, from_place: list[Any], has: np.ndarray, placed: np.ndarray, codes: np.ndarray
) -> Any:
    """Per row: ``record`` where the record has coordinates, the place's value where the
    place gave them, else missing (a pandas ``string`` array)."""
    table = pa.array([*from_place, record, None], type=pa.large_string())
    k = len(from_place)
    index = np.where(has, k, np.where(placed, codes, k + 1))
    return _string_array(table.take(pa.array(index)))


def _place_text(from_place: list[Any], located: np.ndarray, codes: np.ndarray) -> Any:
    """Per row: the place's value wherever the row is located (by the record or the place)."""
    table = pa.array([*from_place, None], type=pa.large_string())
    index = np.where(located, codes, len(from_place))
    return _string_array(table.take(pa.array(index)))


#: The columns that identify a record in the lists of a :class:`JoinResult`.
_LISTED: Final[tuple[str, ...]] = ("event_id_cnty", "source_line", "location", "country", "admin1")


@dataclass(frozen=True)
class _Listing:
    """Picks the identifying columns of some rows of the joined frame."""

    frame: pd.DataFrame
    #: Listed columns of text without gaps: pandas makes such object columns ``str``, so the
    #: lists do too.
    text: frozenset[str]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Listing:
        return cls(frame, frozenset(c for c in _LISTED if c in frame and _all_text(frame[c])))

    def rows(self, mask: np.ndarray) -> pd.DataFrame:
        """The identifying columns of the rows in ``mask`` (index: their positions)."""
        index = np.flatnonzero(mask)
        return pd.DataFrame({c: self._values(c, index) for c in _LISTED}, index=index)

    def _values(self, column: str, index: np.ndarray) -> pd.Series | None:
        if column not in self.frame.columns:
            return None
        picked = self.frame[column].iloc[index].to_numpy(dtype=object)
        values = pd.Series(picked, index=index, dtype=object)
        return values.astype("str") if column in self.text else values


def _all_text(values: pd.Series) -> bool:
    if isinstance(values.dtype, pd.StringDtype):
        return not bool(values.isna().any())
    return pd.api.types.infer_dtype(values, skipna=False) == "string"


def _candidates_text(lookup: _Lookup) -> np.ndarray:
    """Per key: its candidates as ``id name (confidence)``, joined with ``|`` (the namesakes
    abroad when there are only those)."""
    return np.array(
        [
            "|".join(
                f"{c.place.place_id} {c.place.name} ({c.confidence:.2f})"
                for c in (far or res).candidates
            )
            for res, far in zip(lookup.results, lookup.abroad, strict=True)
        ],
        dtype=object,
    )


def _unresolved(
    listing: _Listing, rows: np.ndarray, lookup: _Lookup, candidates: np.ndarray
) -> pd.DataFrame:
    """The records without coordinates whose place was not found (the first 20 logged)."""
    why = np.array(
        [w or "no place of that name in the gazetteer" for w in lookup.why], dtype=object
    )
    unresolved = listing.rows(rows).assign(
        reason=why[lookup.codes[rows]],
        candidates=candidates[lookup.codes[rows]],
    )
    for row in unresolved.head(20).itertuples(index=False):
        logger.warning("unresolved place %.80r for incident %s", row.location, row.event_id_cnty)
    if len(unresolved) > 20:
        logger.warning("... and %d more unresolved incidents", len(unresolved) - 20)
    return unresolved


def _ambiguous(
    listing: _Listing, placed: np.ndarray, lookup: _Lookup, candidates: np.ndarray
) -> pd.DataFrame:
    """The records placed on a place whose runner-up candidate stayed close."""
    per_pair = np.array([bool(res.ambiguous) for res in lookup.results], dtype=bool)
    rows = placed & per_pair[lookup.codes]
    confidence = np.array([res.confidence for res in lookup.results], dtype=float)
    return listing.rows(rows).assign(
        reason=[
            f"runner-up candidate close (confidence {c:.2f})"
            for c in confidence[lookup.codes[rows]]
        ],
        candidates=candidates[lookup.codes[rows]],
    )


def _flagged(
    listing: _Listing,
    lon: np.ndarray,
    lat: np.ndarray,
    status: np.ndarray,
    km: np.ndarray,
    lookup: _Lookup,
) -> pd.DataFrame:
    """The records whose coordinates disagree with their place (:data:`FLAGGED_COLUMNS`)."""
    bad = ~np.isin(status, ("ok", "not_checked"))
    frame = listing.frame
    named_place = lookup.per_row([p.place_id if p else None for p in lookup.places])
    flagged = listing.rows(bad).assign(
        latitude=lat[bad],
        longitude=lon[bad],
        geo_precision=frame["geo_precision"].to_numpy(dtype=object)[bad]
        if "geo_precision" in frame.columns
        else None,
        coord_check=status[bad],
        km_from_named_place=np.round(km[bad], 1),
        named_place=named_place[bad],
    )[list(FLAGGED_COLUMNS)]
    if len(flagged):
        logger.warning("%d record(s) with coordinates that disagree with their place", len(flagged))
    return flagged


def _string_array(values: pa.Array) -> Any:
    """A pandas ``string`` array of Arrow text (no Python objects in between)."""
    if pd.StringDtype().storage == "pyarrow":
        return pd.arrays.ArrowStringArray(values)
    return pd.array(values.to_pandas(), dtype="string")  # pragma: no cover - pandas < 3


def _place_keys(frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str, str]]]:
    """Codes of the distinct (location, country, admin1) triples, in order of first appearance."""
    columns = [
        frame[c].astype("string").fillna("")
        if c in frame.columns
        else pd.Series("", index=frame.index)
        for c in ("location", "country", "admin1")
    ]
    factors = [pd.factorize(c) for c in columns]
    combined = np.zeros(len(frame), dtype=np.int64)
    for codes, names in factors:
        combined = combined * max(len(names), 1) + codes
    codes, triples = pd.factorize(combined)
    keys = []
    for t in triples.tolist():
        parts = []
        for _, names in reversed(factors):
            width = max(len(names), 1)
            parts.append(str(names[t % width]) if len(names) else "")
            t //= width
        keys.append(tuple(reversed(parts)))
    return codes, keys  # type: ignore[return-value]


def _coordinate_checks(
    lon: np.ndarray,
    lat: np.ndarray,
    has: np.ndarray,
    lookup: _Lookup,
    geo_precision: pd.Series | None,
    gaz: Gazetteer,
) -> tuple[np.ndarray, np.ndarray]:
    """``coord_check`` of every row (see the module docstring) and the distance (km) from the
    record coordinates to the nearest candidate of the named place (``nan`` if none)."""
    n = len(lon)
    status = np.full(n, "not_checked", dtype=object)
    km = np.full(n, np.nan)
    rows = np.flatnonzero(has)
    if not len(rows):
        return status, km
    x, y, key = lon[rows], lat[rows], lookup.codes[rows]
    tolerance = _tolerance_km(geo_precision, rows)
    iso = np.array([iso2 or "" for iso2 in lookup.countries], dtype=object)[key]
    shapes = _country_shapes(lookup.countries, gaz)
    country_known, outside, swap_inside = _country_checks(x, y, iso, shapes)

    # the named place: nearest of its candidates (in the named country when any is)
    ranked = _candidate_geometries(lookup)
    distance = _km_to_candidates(ranked, key, x, y)
    place_known = ~np.isnan(distance)
    far = place_known & (distance > tolerance)
    swap_distance = np.full(len(rows), np.nan)
    swap_rows = np.flatnonzero(far & (np.abs(x) <= 90))
    if len(swap_rows):
        swap_distance[swap_rows] = _km_to_candidates(
            ranked, key[swap_rows], y[swap_rows], x[swap_rows]
        )

    result = np.full(len(rows), "not_checked", dtype=object)
    result[place_known | country_known] = "ok"
    result[far] = "far_from_named_place"
    result[outside] = "outside_country"
    with np.errstate(invalid="ignore"):
        swapped = (outside & swap_inside) | (far & ~outside & (swap_distance <= tolerance))
    result[swapped] = "swapped_lat_lon?"
    status[rows] = result
    km[rows] = distance
    return status, km


def _tolerance_km(geo_precision: pd.Series | None, rows: np.ndarray) -> np.ndarray:
    """How far (km) the coordinates of these rows may lie from the named place."""
    if geo_precision is None:
        return np.full(len(rows), PRECISION_KM[3])
    gp = pd.to_numeric(geo_precision).to_numpy(dtype="float64", na_value=np.nan)[rows]
    return np.select([gp == 1, gp == 2], [PRECISION_KM[1], PRECISION_KM[2]], PRECISION_KM[3])


def _country_shapes(countries: list[str | None], gaz: Gazetteer) -> dict[str, Any]:
    """The prepared outline of every named country (``None`` when the gazetteer has none)."""
    shapes: dict[str, Any] = {}
    for iso2 in countries:
        if iso2 and iso2 not in shapes:
            try:
                shape = gaz.get(f"country:{iso2}").geometry
                shapely.prepare(shape)
                shapes[iso2] = shape
            except KeyError:
                shapes[iso2] = None
    return shapes


def _country_checks(
    x: np.ndarray, y: np.ndarray, iso: np.ndarray, shapes: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(country known, outside it, inside it once swapped)`` for each point.

    Outside means farther than the border slack (:data:`_BORDER_KM`); the swapped point gets
    the same slack.
    """
    country_known = np.zeros(len(x), dtype=bool)
    outside = np.zeros(len(x), dtype=bool)
    swap_inside = np.zeros(len(x), dtype=bool)
    for iso2, shape in shapes.items():
        m = np.flatnonzero(iso == iso2)
        if shape is None or not len(m):
            continue
        country_known[m] = True
        out_m = m[~shapely.contains_xy(shape, x[m], y[m])]
        if not len(out_m):
            continue
        outside[out_m] = beyond_km(shape, x[out_m], y[out_m], _BORDER_KM)
        swappable = out_m[np.abs(x[out_m]) <= 90]
        fits = shapely.contains_xy(shape, y[swappable], x[swappable])
        near = swappable[~fits]
        if len(near):
            fits[~fits] = ~beyond_km(shape, y[near], x[near], _BORDER_KM)
        swap_inside[swappable] = fits
    return country_known, outside, swap_inside


def _candidate_geometries(lookup: _Lookup) -> list[list[Any]]:
    """Per key: the geometries of its candidates (those in the named country, when any)."""
    ranked = []
    for iso2, res in zip(lookup.countries, lookup.results, strict=True):
        cands = [c.place for c in res.candidates]
        inside_country = [p for p in cands if iso2 and p.country == iso2]
        ranked.append([p.geometry for p in (inside_country or cands)])
    return ranked


def _km_to_candidates(
    ranked: list[list[Any]], key: np.ndarray, lon: np.ndarray, lat: np.ndarray
) -> np.ndarray:
    """Distance (km) from each point to the nearest candidate of its pair ``key``.

    A point candidate after the first is measured only where its straight-line (chord)
    distance, never more than the geodesic, could beat the nearest one so far.
    """
    distance = np.full(len(lon), np.nan)
    xyz: np.ndarray | None = None
    for rank in range(max((len(r) for r in ranked), default=0)):
        per_key = np.empty(len(ranked), dtype=object)
        per_key[:] = [r[rank] if rank < len(r) else None for r in ranked]
        kinds = shapely.get_type_id(per_key)
        gx, gy = np.full(len(per_key), np.nan), np.full(len(per_key), np.nan)
        gx[kinds == 0] = shapely.get_x(per_key[kinds == 0])
        gy[kinds == 0] = shapely.get_y(per_key[kinds == 0])
        rows = np.flatnonzero(kinds[key] >= 0)
        if rank:
            xyz = _ecef(lon, lat) if xyz is None else xyz
            point = kinds[key[rows]] == 0
            chord = np.linalg.norm(xyz[rows] - _ecef(gx, gy)[key[rows]], axis=1)
            beaten = point & (chord > distance[rows] + _CHORD_SLACK_KM)
            rows = rows[~beaten]
        found = _km_to_keyed(per_key, kinds, gx, gy, key[rows], lon[rows], lat[rows])
        distance[rows] = np.fmin(distance[rows], found)
    return distance


def _km_to_keyed(
    per_key: np.ndarray,
    kinds: np.ndarray,
    gx: np.ndarray,
    gy: np.ndarray,
    key: np.ndarray,
    lon: np.ndarray,
    lat: np.ndarray,
) -> np.ndarray:
    """:func:`~geo.places.distance.km_to_geometries` of each point to the geometry of its
    ``key``: a point geometry's coordinates are read once per key, not once per row."""
    out = np.full(len(lon), np.nan)
    kind = kinds[key]
    point = kind == 0
    if point.any():
        out[point] = distance_km(lon[point], lat[point], gx[key[point]], gy[key[point]])
    other = kind > 0
    if other.any():
        out[other] = km_to_geometries(per_key[key[other]], lon[other], lat[other])
    return out


#: WGS84: semi-major axis (km) and first eccentricity squared.
_WGS84_A_KM: Final[float] = 6378.137
_WGS84_E2: Final[float] = 0.0066943799901413165
#: Rounding room when a chord is compared with a geodesic (km).
_CHORD_SLACK_KM: Final[float] = 1e-6


def _ecef(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Earth-centred coordinates (km) of points on the WGS84 ellipsoid, one row a point."""
    lo, la = np.radians(lon), np.radians(lat)
    normal = _WGS84_A_KM / np.sqrt(1.0 - _WGS84_E2 * np.sin(la) ** 2)
    return np.column_stack(
        [
            normal * np.cos(la) * np.cos(lo),
            normal * np.cos(la) * np.sin(lo),
            normal * (1.0 - _WGS84_E2) * np.sin(la),
        ]
    )


def merged_duplicates(incidents: gpd.GeoDataFrame, *, km: float = _MERGE_KM) -> gpd.GeoDataFrame:
    """Merge records of different datasets that describe the same event.

    Two records are the same event when they come from different datasets (``dataset``
    column), have the same ``event_date`` and ``event_type``, and lie within ``km`` of each
    other (``latitude``/``longitude``). Each record is merged with at most one record of each
    other dataset: the nearest, greedily.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Joined incidents (:func:`incidents_with_places`).
    km : float, keyword-only
        Largest distance between the two records.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event, input order, index reset: the first record of a group is kept;
        its ``source`` and ``dataset`` list every record's (joined with `` | ``, repeats
        dropped) and ``merged_ids`` every ``event_id_cnty`` (empty for unmerged rows).
        Without a ``dataset`` column nothing is merged.
    """
    out = incidents.reset_index(drop=True)
    merged_ids = _string_array(pa.nulls(len(out), pa.large_string()))
    if "dataset" not in out.columns or out["dataset"].nunique() < 2:
        return out.assign(merged_ids=merged_ids)
    dataset_codes, _ = pd.factorize(out["dataset"].astype("string").fillna(""))
    ra, rb = _close_pairs(out, dataset_codes, km)
    group, members = _events(ra, rb, dataset_codes)
    if not members:
        return out.assign(merged_ids=merged_ids)
    source = out["source"].astype("string").to_numpy(dtype=object)
    dataset = out["dataset"].astype("string").to_numpy(dtype=object)
    ids = out["event_id_cnty"].astype("string").to_numpy(dtype=object)
    new_source = out["source"].astype("string").copy()
    new_dataset = out["dataset"].astype("string").copy()
    for root, rows in members.items():
        merged_ids[root] = " | ".join(str(ids[r]) for r in rows)
        new_source[root] = " | ".join(
            dict.fromkeys(str(source[r]) for r in rows if source[r] is not pd.NA)
        )
        new_dataset[root] = " | ".join(dict.fromkeys(str(dataset[r]) for r in rows))
    out = out.assign(source=new_source, dataset=new_dataset, merged_ids=merged_ids)
    keep = group == np.arange(len(out))
    logger.info("merged %d duplicate record(s) into %d event(s)", int((~keep).sum()), len(members))
    return out[keep].reset_index(drop=True)


def _close_pairs(
    out: pd.DataFrame, dataset_codes: np.ndarray, km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows of different datasets, same date and type, within ``km``: nearest first.

    Rows are paired within bands of latitude ``km`` wide (and the bands beside them).
    """
    date = pd.to_datetime(out["event_date"]).to_numpy(dtype="datetime64[D]")
    lat = pd.to_numeric(out["latitude"]).to_numpy(dtype="float64", na_value=np.nan)
    lon = pd.to_numeric(out["longitude"]).to_numpy(dtype="float64", na_value=np.nan)
    usable = (
        ~(np.isnat(date) | np.isnan(lat) | np.isnan(lon)) & out["event_type"].notna().to_numpy()
    )
    band = np.floor(lat / (km / 111.0)).astype("float64")
    base = pd.DataFrame(
        {
            "row": np.arange(len(out)),
            "date": date,
            "type": out["event_type"].astype("string").to_numpy(dtype=object),
            "band": band,
            "ds": dataset_codes,
        }
    )[usable]
    pairs: list[pd.DataFrame] = []
    datasets = int(dataset_codes.max()) + 1 if len(dataset_codes) else 0
    for a in range(datasets):
        left = base[base["ds"] == a]
        for b in range(a + 1, datasets):
            right = base[base["ds"] == b]
            for shift in (-1.0, 0.0, 1.0):
                shifted = right.assign(band=right["band"] + shift)
                pairs.append(
                    left.merge(shifted, on=["date", "type", "band"], suffixes=("_a", "_b"))
                )
    found = pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame()
    if found.empty:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ra, rb = found["row_a"].to_numpy(), found["row_b"].to_numpy()
    dist = distance_km(lon[ra], lat[ra], lon[rb], lat[rb])
    close = dist <= km
    order = np.argsort(dist[close], kind="stable")
    return ra[close][order], rb[close][order]


def _events(
    ra: np.ndarray, rb: np.ndarray, dataset_codes: np.ndarray
) -> tuple[np.ndarray, dict[int, list[int]]]:
    """Join the pairs, in order, into events of at most one record per dataset.

    Returns each row's event (the first row of its event) and the rows of every event of more
    than one record.
    """
    group = np.arange(len(dataset_codes))
    members: dict[int, list[int]] = {}
    kinds: dict[int, set[int]] = {}
    for i, j in zip(ra.tolist(), rb.tolist(), strict=True):
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        ki = kinds.get(gi, {int(dataset_codes[i])})
        kj = kinds.get(gj, {int(dataset_codes[j])})
        if ki & kj:
            continue  # one record per dataset in an event
        mi, mj = members.pop(gi, [gi]), members.pop(gj, [gj])
        kinds.pop(gi, None)
        kinds.pop(gj, None)
        root = min(gi, gj)
        group[mi + mj] = root
        members[root] = sorted(mi + mj)
        kinds[root] = ki | kj
    return group, members
