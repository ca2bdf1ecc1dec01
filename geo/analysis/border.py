"""Border proximity: how far from the Armenia–Azerbaijan border, on which side, how often.

Every function takes an incident GeoDataFrame (the join's output, or any GeoDataFrame with a
CRS) and returns a GeoDataFrame or DataFrame that the maps and notebooks use directly.

How distances are measured
--------------------------
An incident is measured from one point: its geometry when that is a point; for a line or an
area (an incident "on the Lachin corridor") its ``latitude``/``longitude`` (a point on the
feature, see :mod:`geo.incidents.join`), or a point on its surface when those are empty.

1. The points and the border line (``border:AM-AZ`` of :func:`geo.places.reference.reference_features`,
   Natural Earth 1:10m) are projected to UTM zone 38N (EPSG:32638, which covers the whole
   border) and the nearest point *on the border* is found there, vectorised: a grid of 1 km
   cells over Armenia, Azerbaijan and their neighbourhood lists, per cell, the few border
   segments that can be nearest to a point in it (built once per process from 4 km cells:
   the "one-time preparation" of benchmarks/RESULTS.md); each incident is compared with its
   cell's candidates only (numpy), and the foot of the perpendicular on the nearest one is
   the nearest point. Points outside the grid ask an STRtree of the segments
   (``STRtree.query_nearest``), which the grid replaces for the rest because a per-row GEOS
   query is slower.
2. The distance reported is the **geodesic** distance on the WGS 84 ellipsoid between the
   incident and that nearest point (:func:`geo.places.distance.distance_km` on arrays).
   Within ~300 km of the central meridian the point found in UTM differs from the geodesic nearest point by far
   less than the border line's own generalisation (tens of metres).

Which side: inside Armenia's Natural Earth polygon (``country:AM`` of the gazetteer) ->
``Armenia``; inside Azerbaijan's (``country:AZ``, which includes Nakhchivan and
Nagorno-Karabakh) -> ``Azerbaijan``; elsewhere -> ``other``; no geometry -> ``unknown``.

Provinces: the curated Armenian border provinces (approximate hand-drawn outlines) plus the
gazetteer's admin1 regions of Armenia and Azerbaijan, which are **convex hulls of their
GeoNames towns** (approximate: they can miss the edges of a province and overlap their
neighbours). Every polygon is clipped to its country's polygon; a point in two polygons goes
to the curated one, else to the smaller one. ``province_approximate`` says so on every row.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo.errors import MissingCRSError
from geo.places.distance import distance_km, unit_vectors
from geo.places.gazetteer import Gazetteer, default_gazetteer
from geo.places.reference import reference_features

__all__ = [
    "BORDER_ID",
    "SIDES",
    "border_distances_from_incidents",
    "border_km_from_points",
    "counts_from_incidents",
    "incidents_near_border",
    "nearest_places_from_incidents",
    "points_from_incidents",
    "province_polygons",
    "provinces_from_incidents",
]

logger = logging.getLogger(__name__)

BORDER_ID: Final[str] = "border:AM-AZ"
#: Values of ``border_side``.
SIDES: Final[tuple[str, ...]] = ("Armenia", "Azerbaijan", "other", "unknown")
_UTM: Final[str] = "EPSG:32638"
_COUNTRIES: Final[dict[str, str]] = {"AM": "Armenia", "AZ": "Azerbaijan"}


# ---------------------------------------------------------------------------- inputs


def points_from_incidents(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return one (lon, lat) per incident, in EPSG:4326 (NaN where there is no geometry).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with a CRS (reprojected to EPSG:4326 if needed).

    Returns
    -------
    lon, lat : numpy.ndarray
        The point itself for point geometries; for lines and areas ``longitude``/``latitude``
        when given, else a point on the surface.

    Raises
    ------
    ValueError
        The frame has no CRS.
    """
    if gdf.crs is None:
        raise MissingCRSError("the incidents have no CRS; set one with .set_crs('EPSG:4326')")
    if not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kinds = shapely.get_type_id(geoms)
    is_point = (kinds == 0) & ~missing
    lon = np.full(len(geoms), np.nan)
    lat = np.full(len(geoms), np.nan)
    lon[is_point] = shapely.get_x(geoms[is_point])
    lat[is_point] = shapely.get_y(geoms[is_point])
    other = ~is_point & ~missing
    if other.any():
        if "longitude" in gdf.columns and "latitude" in gdf.columns:
            lon[other] = pd.to_numeric(gdf["longitude"], errors="coerce").to_numpy(float)[other]
            lat[other] = pd.to_numeric(gdf["latitude"], errors="coerce").to_numpy(float)[other]
        still = other & np.isnan(lon)
        if still.any():
            surface = shapely.point_on_surface(geoms[still])
            lon[still] = shapely.get_x(surface)
            lat[still] = shapely.get_y(surface)
    return lon, lat


@lru_cache(maxsize=1)
def _border() -> tuple[np.ndarray, np.ndarray, shapely.STRtree]:
    """The border's segments in UTM 38N: starts, ends and an STRtree of them."""
    features = reference_features()
    line = features.loc[features["place_id"] == BORDER_ID, "geometry"].iloc[0]
    to_utm = Transformer.from_crs("EPSG:4326", _UTM, always_xy=True)
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    for part in shapely.get_parts(line):
        xy = shapely.get_coordinates(part)
        x, y = to_utm.transform(xy[:, 0], xy[:, 1])
        pts = np.column_stack([x, y])
        starts.append(pts[:-1])
        ends.append(pts[1:])
    a = np.concatenate(starts)
    b = np.concatenate(ends)
    segments = shapely.linestrings(np.stack([a, b], axis=1))
    return a, b, shapely.STRtree(segments)


def _segment_distance(
    px: np.ndarray, py: np.ndarray, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distances (and segment parameters) from points (…) to segments a->b (broadcast)."""
    dx, dy = b[..., 0] - a[..., 0], b[..., 1] - a[..., 1]
    length2 = dx * dx + dy * dy
    t = ((px - a[..., 0]) * dx + (py - a[..., 1]) * dy) / np.where(length2 > 0, length2, 1.0)
    t = np.clip(t, 0.0, 1.0)
    ex, ey = a[..., 0] + t * dx - px, a[..., 1] + t * dy - py
    return np.sqrt(ex * ex + ey * ey), t


#: Grid of candidate segments (UTM metres) over lon 42.5–51°E, lat 38–42.2°N (Armenia,
#: Azerbaijan and their neighbourhood; points outside ask the STRtree): coarse cells of
#: _COARSE m, refined into cells of _CELL m (candidates of a fine cell come from its parent).
_COARSE: Final[float] = 4000.0
_REFINE: Final[int] = 4
_CELL: Final[float] = _COARSE / _REFINE


def _candidates(
    cx: np.ndarray, cy: np.ndarray, pool: np.ndarray, a: np.ndarray, b: np.ndarray, size: float
) -> np.ndarray:
    """Mask over ``pool`` (cells x k segment ids): segments that can be nearest in the cell.

    A segment can be the nearest for some point of a cell only if its distance from the
    cell's centre is at most the smallest such distance plus the cell's diagonal.
    """
    dist, _ = _segment_distance(cx[:, None], cy[:, None], a[pool], b[pool])
    return dist <= dist.min(axis=1, keepdims=True) + size * np.sqrt(2.0)


@lru_cache(maxsize=1)
def _border_grid() -> tuple[float, float, int, int, np.ndarray, np.ndarray]:
    """Per fine grid cell, the border segments that can be nearest to a point in it (CSR)."""
    a, b, _ = _border()
    to_utm = Transformer.from_crs("EPSG:4326", _UTM, always_xy=True)
    xs, ys = to_utm.transform(
        np.array([42.5, 51.0, 42.5, 51.0]), np.array([38.0, 38.0, 42.2, 42.2])
    )
    x0, y0 = float(np.min(xs)), float(np.min(ys))
    cnx = int(np.ceil((np.max(xs) - x0) / _COARSE))
    cny = int(np.ceil((np.max(ys) - y0) / _COARSE))
    nx, ny = cnx * _REFINE, cny * _REFINE
    # Coarse cells: every segment is a candidate.
    ccx, ccy = np.meshgrid(
        x0 + (np.arange(cnx) + 0.5) * _COARSE, y0 + (np.arange(cny) + 0.5) * _COARSE
    )
    ccx, ccy = ccx.ravel(), ccy.ravel()
    dist, _ = _segment_distance(ccx[:, None], ccy[:, None], a[None], b[None])
    coarse = dist <= dist.min(axis=1, keepdims=True) + _COARSE * np.sqrt(2.0)
    width = int(coarse.sum(axis=1).max())
    logger.debug("border grid: %d coarse cells, up to %d candidates", len(ccx), width)
    # Pad each coarse list to `width` (repeat the first candidate).
    order = np.argsort(~coarse, axis=1, kind="stable")[:, :width]
    counts = coarse.sum(axis=1)
    pad = np.minimum(np.arange(width)[None, :], counts[:, None] - 1)
    pools = np.take_along_axis(order, pad, axis=1)
    # Fine cells: candidates from the parent's pool.
    sub = (np.arange(_REFINE) + 0.5) * _CELL
    fine_ids: list[np.ndarray] = []
    fine_lists: list[np.ndarray] = []
    fine_counts: list[np.ndarray] = []
    for j in range(_REFINE):
        for i in range(_REFINE):
            fx, fy = ccx - _COARSE / 2 + sub[i], ccy - _COARSE / 2 + sub[j]
            keep = _candidates(fx, fy, pools, a, b, _CELL)
            # duplicates from the padding are masked out: keep the first occurrence only
            keep[:, 1:] &= pools[:, 1:] != pools[:, :-1]
            row = (np.arange(len(ccx)) // cnx) * _REFINE + j
            col = (np.arange(len(ccx)) % cnx) * _REFINE + i
            fine_ids.append(row * nx + col)
            fine_lists.append(np.where(keep, pools, -1))
            fine_counts.append(keep.sum(axis=1))
    ids = np.concatenate(fine_ids)
    lists = np.concatenate(fine_lists)[np.argsort(ids)]
    counts_fine = np.concatenate(fine_counts)[np.argsort(ids)]
    indptr = np.concatenate([[0], np.cumsum(counts_fine)]).astype(np.int64)
    indices = lists[lists >= 0]
    return x0, y0, nx, ny, indptr, indices


def _nearest_on_border(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest point on the border (UTM metres) for each (x, y), vectorised."""
    a, b, tree = _border()
    x0, y0, nx, ny, indptr, indices = _border_grid()
    ix = np.floor((x - x0) / _CELL).astype(np.int64)
    iy = np.floor((y - y0) / _CELL).astype(np.int64)
    inside = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
    cell = np.where(inside, iy * nx + ix, 0)
    count = np.where(inside, indptr[cell + 1] - indptr[cell], 0)
    best = np.full(len(x), -1, dtype=np.int64)
    width = 1
    while True:
        group = np.flatnonzero(inside & (count > width // 2) & (count <= width))
        if len(group):
            # Pad each cell's candidate list to `width` by repeating its first candidate.
            offsets = np.minimum(np.arange(width)[None, :], count[group, None] - 1)
            candidates = indices[indptr[cell[group], None] + offsets]
            dist, _ = _segment_distance(
                x[group, None], y[group, None], a[candidates], b[candidates]
            )
            best[group] = candidates[np.arange(len(group)), np.argmin(dist, axis=1)]
        if width >= int(count.max(initial=0)):
            break
        width *= 2
    outside = np.flatnonzero(best < 0)
    if len(outside):  # far away: ask the STRtree
        pairs = tree.query_nearest(shapely.points(x[outside], y[outside]), all_matches=False)
        best[outside[pairs[0]]] = pairs[1]
    _, t = _segment_distance(x, y, a[best], b[best])
    d = b[best] - a[best]
    return a[best, 0] + t * d[:, 0], a[best, 1] + t * d[:, 1]


@lru_cache(maxsize=2)
def _country(code: str) -> shapely.Geometry:
    geom = default_gazetteer().get(f"country:{code}").geometry
    shapely.prepare(geom)
    return geom


# ---------------------------------------------------------------------------- distance


def border_distances_from_incidents(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the incidents with their geodesic distance to the Armenia–Azerbaijan border.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with a CRS (see :func:`points_from_incidents` for lines and areas).

    Returns
    -------
    geopandas.GeoDataFrame
        The input's rows and columns plus ``border_km`` (geodesic, WGS 84; NaN without a
        geometry), ``border_side`` (:data:`SIDES`), and ``border_lon``/``border_lat`` (the
        nearest point on the border line).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> incidents = gpd.GeoDataFrame(
    ...     {"event_id_cnty": ["ARM1", "AZE2"]},
    ...     geometry=[Point(45.8695, 40.2001), Point(46.752, 39.815)],  # Sotk, Stepanakert
    ...     crs="EPSG:4326",
    ... )
    >>> from geo import border_distances_from_incidents
    >>> out = border_distances_from_incidents(incidents)
    >>> out["border_side"].tolist()
    ['Armenia', 'Azerbaijan']
    >>> out["border_km"].round(1).tolist()
    [6.7, 34.4]
    """
    lon, lat = points_from_incidents(gdf)
    ok = ~np.isnan(lon) & ~np.isnan(lat)
    km, blon, blat = border_km_from_points(lon, lat, ok)
    out = gdf.copy()
    out["border_km"] = km
    out["border_side"] = pd.array(_sides(lon, lat, ok), dtype="string")
    out["border_lon"] = blon
    out["border_lat"] = blat
    return out


def border_km_from_points(
    lon: np.ndarray, lat: np.ndarray, ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geodesic km to the border and the nearest border point, for arrays of points.

    The arithmetic of :func:`border_distances_from_incidents`, without a frame.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        EPSG:4326 coordinates (:func:`points_from_incidents`).
    ok : numpy.ndarray of bool
        Which points to measure.

    Returns
    -------
    km, border_lon, border_lat : numpy.ndarray
        NaN where ``ok`` is false.
    """
    n = len(lon)
    km = np.full(n, np.nan)
    blon = np.full(n, np.nan)
    blat = np.full(n, np.nan)
    if ok.any():
        to_utm = Transformer.from_crs("EPSG:4326", _UTM, always_xy=True)
        x, y = to_utm.transform(lon[ok], lat[ok])
        fx, fy = _nearest_on_border(np.asarray(x), np.asarray(y))
        flon, flat = to_utm.transform(fx, fy, direction="INVERSE")
        km[ok] = distance_km(lon[ok], lat[ok], flon, flat)
        blon[ok] = flon
        blat[ok] = flat
    return km, blon, blat


def _sides(lon: np.ndarray, lat: np.ndarray, ok: np.ndarray) -> np.ndarray:
    side = np.where(ok, "other", "unknown").astype(object)
    for code, name in _COUNTRIES.items():
        inside = np.zeros(len(lon), dtype=bool)
        inside[ok] = shapely.contains_xy(_country(code), lon[ok], lat[ok])
        side[inside] = name
    return side


def incidents_near_border(gdf: gpd.GeoDataFrame, *, km: float) -> gpd.GeoDataFrame:
    """Return the incidents within ``km`` kilometres of the border (geodesic), nearest first.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents, with or without ``border_km`` (computed when missing).
    km : float, keyword-only
        Distance threshold in kilometres (inclusive); must be >= 0.

    Returns
    -------
    geopandas.GeoDataFrame
        The selected rows with the border columns; may be empty.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> incidents = gpd.GeoDataFrame(
    ...     {"event_id_cnty": ["ARM1", "AZE2"]},
    ...     geometry=[Point(45.8695, 40.2001), Point(46.752, 39.815)],  # Sotk, Stepanakert
    ...     crs="EPSG:4326",
    ... )
    >>> from geo import incidents_near_border
    >>> near = incidents_near_border(incidents, km=10)
    >>> near["event_id_cnty"].tolist(), near["border_km"].round(1).tolist()
    (['ARM1'], [6.7])
    """
    if km < 0:
        raise ValueError(f"km must be >= 0, not {km}")
    measured = gdf if "border_km" in gdf.columns else border_distances_from_incidents(gdf)
    return measured[measured["border_km"] <= km].sort_values("border_km", kind="stable")


# ---------------------------------------------------------------------------- provinces


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum()).removesuffix("province")


@lru_cache(maxsize=1)
def _province_polygons_cached() -> gpd.GeoDataFrame:
    return _build_province_polygons(default_gazetteer())


def province_polygons(*, gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """Return the province polygons used by :func:`provinces_from_incidents`.

    Parameters
    ----------
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to :func:`geo.places.gazetteer.default_gazetteer`.

    Returns
    -------
    geopandas.GeoDataFrame
        ``province_id``, ``province``, ``province_country`` (ISO alpha-2),
        ``province_source`` (``curated`` or ``admin1 hull``), ``province_approximate``
        (always true), ``priority`` (curated 1, hulls 0), ``geometry`` (EPSG:4326), clipped
        to the country polygon.
    """
    if gazetteer is None:
        return _province_polygons_cached().copy()
    return _build_province_polygons(gazetteer)


def _build_province_polygons(gaz: Gazetteer) -> gpd.GeoDataFrame:
    rows: list[dict[str, object]] = []
    features = reference_features()
    curated = features[features["feature_class"] == "province"]
    curated_keys = set()
    for row in curated.itertuples(index=False):
        curated_keys.add((row.country, _key(str(row.name))))
        rows.append(
            {
                "province_id": row.place_id,
                "province": str(row.name).removesuffix(" Province"),
                "province_country": row.country,
                "province_source": "curated",
                "priority": 1,
                "geometry": row.geometry,
            }
        )
    for place in gaz.features:
        parts = place.place_id.split(":")
        if parts[0] != "admin1" or parts[1] not in _COUNTRIES:
            continue
        if (parts[1], _key(place.name)) in curated_keys:
            continue
        geom = place.geometry
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        rows.append(
            {
                "province_id": place.place_id,
                "province": place.name,
                "province_country": parts[1],
                "province_source": "admin1 hull",
                "priority": 0,
                "geometry": geom,
            }
        )
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs="EPSG:4326")
    clipped = [
        shapely.intersection(g, _country(str(c)))
        for g, c in zip(frame.geometry, frame["province_country"], strict=True)
    ]
    frame["geometry"] = clipped
    frame = frame[~frame.geometry.is_empty].reset_index(drop=True)
    frame.insert(4, "province_approximate", True)
    return frame


def provinces_from_incidents(
    gdf: gpd.GeoDataFrame, *, polygons: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Return the incidents with the province each lies in (a spatial join, vectorised).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with a CRS (measured from one point each, see :func:`points_from_incidents`).
    polygons : geopandas.GeoDataFrame, optional, keyword-only
        Province polygons as :func:`province_polygons` returns them (the default).

    Returns
    -------
    geopandas.GeoDataFrame
        The input plus ``province_id``, ``province``, ``province_country``,
        ``province_approximate`` (missing where no polygon holds the point). A point in two
        polygons goes to the higher ``priority``, then to the smaller polygon.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> incidents = gpd.GeoDataFrame(
    ...     {"event_id_cnty": ["ARM1", "AZE2"]},
    ...     geometry=[Point(45.8695, 40.2001), Point(46.752, 39.815)],  # Sotk, Stepanakert
    ...     crs="EPSG:4326",
    ... )
    >>> from geo import provinces_from_incidents
    >>> out = provinces_from_incidents(incidents)
    >>> out["province"].tolist(), out["province_country"].tolist()
    (['Gegharkunik', 'Xankandi Sahari'], ['AM', 'AZ'])
    """
    provinces = province_polygons() if polygons is None else polygons
    lon, lat = points_from_incidents(gdf)
    ok = ~np.isnan(lon)
    chosen = np.full(len(lon), -1, dtype=np.int64)
    areas = shapely.area(np.asarray(provinces.geometry.values, dtype=object))
    # Lowest priority and largest first: later (better) polygons overwrite.
    order = np.lexsort((-areas, provinces["priority"].to_numpy()))
    for i in order:
        geom = provinces.geometry.iloc[i]
        x0, y0, x1, y1 = geom.bounds
        box = ok & (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
        idx = np.flatnonzero(box)
        if len(idx) == 0:
            continue
        shapely.prepare(geom)
        inside = shapely.contains_xy(geom, lon[idx], lat[idx])
        chosen[idx[inside]] = i
    out = gdf.copy()
    found = chosen >= 0
    for column in ("province_id", "province", "province_country"):
        values = np.full(len(lon), None, dtype=object)
        values[found] = provinces[column].to_numpy(dtype=object)[chosen[found]]
        out[column] = pd.array(values, dtype="string")
    approximate = pd.array(np.ones(len(lon), dtype=bool), dtype="boolean")
    approximate[~found] = pd.NA
    out["province_approximate"] = approximate
    return out


# ---------------------------------------------------------------------------- counts


def counts_from_incidents(gdf: pd.DataFrame, *, by: tuple[str, ...] = ("month",)) -> pd.DataFrame:
    """Count incidents per group: ``month`` (of ``event_date``) and/or any columns.

    Parameters
    ----------
    gdf : pandas.DataFrame
        Incidents; ``month`` needs ``event_date``; other keys must be columns (for example
        ``province`` from :func:`provinces_from_incidents`, ``border_side``).
    by : tuple of str, keyword-only
        Grouping keys, in order.

    Returns
    -------
    pandas.DataFrame
        One row per group that has incidents: the keys, ``incidents`` and ``fatalities``
        (sum, missing counted as 0). Missing keys are kept as their own group
        (``month`` NaT: undated; ``province`` missing: outside every polygon).

    Examples
    --------
    >>> import pandas as pd
    >>> from geo import counts_from_incidents
    >>> incidents = pd.DataFrame(
    ...     {
    ...         "event_date": pd.to_datetime(["2023-05-11", "2023-05-12", "2023-09-19", None]),
    ...         "border_side": ["Armenia", "Armenia", "Azerbaijan", "Armenia"],
    ...         "fatalities": [4, None, 2, 0],
    ...     }
    ... )
    >>> counts_from_incidents(incidents)
         month  incidents  fatalities
    0  2023-05          2           4
    1  2023-09          1           2
    2      NaT          1           0
    >>> counts_from_incidents(incidents, by=("border_side",))
      border_side  incidents  fatalities
    0     Armenia          3           4
    1  Azerbaijan          1           2
    """
    frame = pd.DataFrame(
        gdf.drop(columns=gdf.geometry.name) if isinstance(gdf, gpd.GeoDataFrame) else gdf
    )
    keys = list(by)
    if "month" in keys:
        frame["month"] = pd.to_datetime(frame["event_date"]).dt.to_period("M")
    for key in keys:
        if key not in frame.columns:
            raise KeyError(f"no column {key!r} to count by; columns: {list(frame.columns)}")
    fatalities = (
        pd.to_numeric(frame["fatalities"], errors="coerce").fillna(0)
        if "fatalities" in frame.columns
        else pd.Series(0, index=frame.index)
    )
    frame["_fatalities"] = fatalities.astype("int64")
    grouped = frame.groupby(keys, dropna=False, observed=True)
    out = grouped.agg(incidents=("_fatalities", "size"), fatalities=("_fatalities", "sum"))
    return out.reset_index()


# ---------------------------------------------------------------------------- nearest place


def nearest_places_from_incidents(
    gdf: gpd.GeoDataFrame,
    *,
    min_population: int = 0,
    gazetteer: Gazetteer | None = None,
) -> gpd.GeoDataFrame:
    """Return the incidents with their nearest populated place (GeoNames, cities500).

    The search runs on unit-sphere (x, y, z) vectors, where the straight-line (chord) order is
    the great-circle order: a ``scipy.spatial.cKDTree`` when scipy is installed, else a
    vectorised numpy search over the towns inside the incidents' bounding window (+1°, widened
    until every incident has a town). The distance reported is geodesic
    (:func:`geo.places.distance.distance_km`).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with a CRS.
    min_population : int, keyword-only
        Only towns with at least this population.
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to :func:`geo.places.gazetteer.default_gazetteer`.

    Returns
    -------
    geopandas.GeoDataFrame
        The input plus ``nearest_place``, ``nearest_place_id`` (``geonames:<id>``),
        ``nearest_place_country``, ``nearest_place_population``, ``nearest_place_km``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> incidents = gpd.GeoDataFrame(
    ...     {"event_id_cnty": ["ARM1", "AZE2"]},
    ...     geometry=[Point(45.8695, 40.2001), Point(46.752, 39.815)],  # Sotk, Stepanakert
    ...     crs="EPSG:4326",
    ... )
    >>> from geo import nearest_places_from_incidents
    >>> out = nearest_places_from_incidents(incidents)
    >>> out["nearest_place"].tolist(), out["nearest_place_km"].round(1).tolist()
    (['Sotk', 'Khankendi'], [0.0, 0.3])
    >>> out = nearest_places_from_incidents(incidents, min_population=1000)
    >>> out["nearest_place"].tolist()
    ['Mets Masrik', 'Khankendi']
    """
    gaz = gazetteer or default_gazetteer()
    arrays = gaz._ix.a
    population = np.asarray(arrays["population"])
    keep = np.flatnonzero(population >= min_population)
    tlon = np.asarray(arrays["lon"], dtype=np.float64)[keep]
    tlat = np.asarray(arrays["lat"], dtype=np.float64)[keep]
    lon, lat = points_from_incidents(gdf)
    ok = ~np.isnan(lon)
    best = np.full(len(lon), -1, dtype=np.int64)
    if ok.any() and len(keep):
        query = unit_vectors(lon[ok], lat[ok])
        try:
            from scipy.spatial import cKDTree
        except ImportError:  # pragma: no cover - exercised with scipy hidden
            best[ok] = _nearest_numpy(query, lon[ok], lat[ok], tlon, tlat)
        else:
            _, found = cKDTree(unit_vectors(tlon, tlat)).query(query)
            best[ok] = found
    has = best >= 0
    rows = keep[best[has]]
    out = gdf.copy()
    names = np.full(len(lon), None, dtype=object)
    ids = np.full(len(lon), None, dtype=object)
    countries = np.full(len(lon), None, dtype=object)
    pops = np.full(len(lon), None, dtype=object)
    km = np.full(len(lon), np.nan)
    names[has] = [gaz._ix.city_name(int(i)) for i in rows]
    ids[has] = [f"geonames:{int(g)}" for g in np.asarray(arrays["geonameid"])[rows]]
    countries[has] = [c.decode("ascii") for c in np.asarray(arrays["country"])[rows]]
    pops[has] = population[rows]
    if has.any():
        km[has] = distance_km(lon[has], lat[has], tlon[best[has]], tlat[best[has]])
    out["nearest_place"] = pd.array(names, dtype="string")
    out["nearest_place_id"] = pd.array(ids, dtype="string")
    out["nearest_place_country"] = pd.array(countries, dtype="string")
    out["nearest_place_population"] = pd.array(pops, dtype="Int64")
    out["nearest_place_km"] = km
    return out


def _nearest_numpy(
    query: np.ndarray, lon: np.ndarray, lat: np.ndarray, tlon: np.ndarray, tlat: np.ndarray
) -> np.ndarray:
    """Nearest town per query by brute force over the towns in a bounding window."""
    margin = 1.0
    while True:
        window = np.flatnonzero(
            (tlon >= lon.min() - margin)
            & (tlon <= lon.max() + margin)
            & (tlat >= lat.min() - margin)
            & (tlat <= lat.max() + margin)
        )
        if len(window) or margin >= 360:
            break
        margin *= 4
    if not len(window):
        window = np.arange(len(tlon))
    towns = unit_vectors(tlon[window], tlat[window])
    out = np.empty(len(query), dtype=np.int64)
    step = max(1, 2_000_000 // max(len(window), 1))
    for start in range(0, len(query), step):
        chunk = query[start : start + step]
        out[start : start + step] = window[np.argmax(chunk @ towns.T, axis=1)]
    return out
