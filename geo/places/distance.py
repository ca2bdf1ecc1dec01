"""Distances between points on the Earth: the one distance function of bordermap.

Every distance bordermap reports or ranks with is :func:`distance_km`, the geodesic on the
WGS84 ellipsoid (:class:`pyproj.Geod`, Karney's algorithm). Coordinates are in EPSG:4326,
in (lon, lat) order, as shapely and pyproj's ``Geod`` take them.

:func:`unit_vectors` is not a distance: it places points on the unit sphere so that a
nearest-neighbour search (a k-d tree, a dot product) can find the closest of many points;
the distance to the one found is then measured with :func:`distance_km`.

:func:`km_to_geometries` and :func:`beyond_km` measure from points to shapes (an outline, a
line): :func:`distance_km` to the shape's nearest point, found in degrees. shapely is
imported on their first call.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Final, overload

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # pyproj is imported on the first distance (the gazetteer's cold start)
    from pyproj import Geod

__all__ = ["ABROAD_KM", "beyond_km", "distance_km", "km_to_geometries", "unit_vectors"]

_Coordinates = npt.ArrayLike

#: A place this far (km) or farther outside a country is abroad: a namesake elsewhere
#: ("Barcelona" in a record of South Africa), not a place across a disputed line
#: (Nagorno-Karabakh in a note of Armenia).
ABROAD_KM: Final[float] = 100.0


@cache
def _geod() -> Geod:
    from pyproj import Geod

    return Geod(ellps="WGS84")


@overload
def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float: ...
@overload
def distance_km(
    lon1: _Coordinates, lat1: _Coordinates, lon2: _Coordinates, lat2: _Coordinates
) -> np.ndarray: ...
def distance_km(
    lon1: _Coordinates, lat1: _Coordinates, lon2: _Coordinates, lat2: _Coordinates
) -> float | np.ndarray:
    """Geodesic distance in km on the WGS84 ellipsoid between (lon1, lat1) and (lon2, lat2).

    Parameters
    ----------
    lon1, lat1 : float or array-like
        First point(s), longitude then latitude, in degrees (EPSG:4326).
    lon2, lat2 : float or array-like
        Second point(s), same order and units.

    Returns
    -------
    float or numpy.ndarray
        A float when all four arguments are scalars; else an array of the four arguments'
        broadcast shape (one point against many, many against many). NaN where a coordinate
        is NaN.

    Examples
    --------
    >>> from geo.places.distance import distance_km
    >>> round(distance_km(44.5126, 40.1777, 49.8920, 40.3777), 1)  # Yerevan to Baku
    458.0
    >>> distance_km(0.0, 0.0, [0.0, 1.0], 0.0).round(3)  # one point against two
    array([  0.   , 111.319])
    """
    if all(isinstance(v, float | int) for v in (lon1, lat1, lon2, lat2)):
        return float(_geod().inv(lon1, lat1, lon2, lat2)[2]) / 1000.0
    coords = [np.asarray(v, dtype=np.float64) for v in (lon1, lat1, lon2, lat2)]
    shape = np.broadcast(*coords).shape
    if 0 in shape:
        return np.zeros(shape)
    # Geod.inv wants contiguous buffers of equal length: each argument filled out to the shape
    for k, v in enumerate(coords):
        if v.shape != shape or not v.flags.c_contiguous:
            full = np.empty(shape)
            full[...] = v
            coords[k] = full
    a, b, c, d = (v.ravel() for v in coords)
    metres = np.asarray(_geod().inv(a, b, c, d)[2], dtype=np.float64)
    return (metres / 1000.0).reshape(shape)


def unit_vectors(lon: _Coordinates, lat: _Coordinates) -> np.ndarray:
    """(x, y, z) on the unit sphere of each (lon, lat), one row a point, for nearest searches.

    The straight-line order between these vectors is the great-circle order between the
    points, so a k-d tree over them finds the nearest of many points. Measure the distance
    to the point found with :func:`distance_km`.

    Examples
    --------
    >>> from geo.places.distance import unit_vectors
    >>> unit_vectors([0.0, 90.0], [0.0, 0.0]).round(6)
    array([[1., 0., 0.],
           [0., 1., 0.]])
    """
    lo, la = np.radians(lon), np.radians(lat)
    cos_la = np.cos(la)
    return np.column_stack([cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)])


def km_to_geometries(geoms: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Distance (km) from each point to the geometry beside it (0 inside a polygon).

    Parameters
    ----------
    geoms : numpy.ndarray of object
        One shapely geometry (or ``None``) per point; rows may share one shape.
    lon, lat : numpy.ndarray
        The points, in degrees (EPSG:4326).

    Returns
    -------
    numpy.ndarray
        :func:`distance_km` from each point to the nearest point of its geometry; 0 inside
        a polygon, NaN where the geometry is ``None``.

    Examples
    --------
    >>> import numpy as np, shapely
    >>> from geo.places.distance import km_to_geometries
    >>> square = shapely.box(0.0, 0.0, 1.0, 1.0)
    >>> shapes, lon, lat = np.array([square, square]), np.array([0.5, 2.0]), np.array([0.5, 0.5])
    >>> km_to_geometries(shapes, lon, lat).round(1)
    array([  0. , 111.3])
    """
    import shapely

    out = np.full(len(lon), np.nan)
    kinds = shapely.get_type_id(geoms)  # -1 for None
    point = kinds == 0
    if point.any():
        gx, gy = shapely.get_x(geoms[point]), shapely.get_y(geoms[point])
        out[point] = distance_km(lon[point], lat[point], gx, gy)
    rest = np.flatnonzero(kinds > 0)
    if len(rest):
        shapely.prepare(geoms[rest])  # each distinct shape once (rows share them)
        inside = shapely.intersects_xy(geoms[rest], lon[rest], lat[rest])
        out[rest[inside]] = 0.0
        far = rest[~inside]
        if len(far):
            near_x, near_y = _nearest_points(geoms[far], lon[far], lat[far])
            out[far] = distance_km(lon[far], lat[far], near_x, near_y)
    return out


def _nearest_points(
    geoms: np.ndarray, lon: np.ndarray, lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The point of each geometry nearest (planar, in degrees) to the point beside it.

    The points lie outside their geometries (the caller answers the inside ones with 0 km).

    Many rows share one detailed shape (a Natural Earth 1:10m country): for those, the
    shape's edges go into an STRtree and each point meets only its nearest edge, which gives
    the point ``shapely.shortest_line`` finds on the whole shape, without walking every vertex
    for every row.
    """
    import shapely

    near_x, near_y = np.empty(len(lon)), np.empty(len(lon))
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(geoms):
        groups.setdefault(id(g), []).append(i)
    for members in groups.values():
        idx = np.asarray(members)
        g = geoms[idx[0]]
        pts = shapely.points(lon[idx], lat[idx])
        edges = _edges(g) if len(idx) >= _TREE_MIN_ROWS else None
        if edges is not None and len(edges) >= _TREE_MIN_ROWS:
            which = shapely.STRtree(edges).query_nearest(pts, all_matches=False)
            targets = np.empty(len(idx), dtype=object)
            targets[which[0]] = edges[which[1]]
        else:
            targets = np.full(len(idx), g, dtype=object)
        start = shapely.get_coordinates(shapely.get_point(shapely.shortest_line(targets, pts), 0))
        near_x[idx], near_y[idx] = start[:, 0], start[:, 1]
    return near_x, near_y


#: Rows sharing a shape (and edges of that shape) from which the STRtree of edges pays off.
_TREE_MIN_ROWS = 64


def _edges(geom: Any) -> np.ndarray | None:
    """Two-point LineStrings, one per edge of a (multi)polygon's rings or a (multi)line."""
    import shapely

    pieces = []
    for part in shapely.get_parts(geom):
        kind = shapely.get_type_id(part)
        if kind == 3:  # Polygon: its exterior and interior rings
            lines = list(shapely.get_rings(part))
        elif kind in (1, 2):  # LineString, LinearRing
            lines = [part]
        else:
            return None
        for line in lines:
            xy = shapely.get_coordinates(line)
            if len(xy) >= 2:
                pieces.append(np.stack([xy[:-1], xy[1:]], axis=1))
    if not pieces:
        return None
    return shapely.linestrings(np.concatenate(pieces))


def _km_to_shape(shape: Any, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:

    return km_to_geometries(np.full(len(lon), shape, dtype=object), lon, lat)


#: Bounds of the geodesic per degree on WGS84, for screens that decide a distance test
#: without measuring: a curve between two latitudes is at least as long as the meridian arc
#: between them, at least 110.574 km per degree (the equator's); a straight lon/lat segment
#: spans at most 111.695 km per degree (a degree of latitude at a pole).
_KM_PER_LATITUDE_DEGREE_MIN: Final[float] = 110.57
_KM_PER_DEGREE_MAX: Final[float] = 111.70
_SCREEN_SLACK: Final[float] = 1e-6


def beyond_km(shape: Any, lon: np.ndarray, lat: np.ndarray, km: float) -> np.ndarray:
    """Per point: :func:`km_to_geometries` is more than ``km`` — most points decided unmeasured.

    A point whose latitude lies farther than ``km`` / 110.57 degrees from the shape's is
    beyond; a point inside the shape buffered by ``km`` / 111.70 degrees (planar) is not
    (the buffer's arcs are drawn inside their circles). Only the points between are
    measured. The buffer pays off for many points against a small outline.
    """
    import shapely

    beyond = np.zeros(len(lon), dtype=bool)
    _, low, _, high = shapely.bounds(shape)
    with np.errstate(invalid="ignore"):
        gap = np.maximum(np.maximum(low - lat, lat - high), 0.0)
        beyond[gap * _KM_PER_LATITUDE_DEGREE_MIN > km * (1 + _SCREEN_SLACK)] = True
    rest = np.flatnonzero(~beyond)
    if len(rest) >= max(_TREE_MIN_ROWS, shapely.get_num_coordinates(shape) // 2):
        within = shapely.buffer(shape, km / _KM_PER_DEGREE_MAX * (1 - _SCREEN_SLACK))
        rest = rest[~shapely.contains_xy(within, lon[rest], lat[rest])]
    if len(rest):
        beyond[rest] = _km_to_shape(shape, lon[rest], lat[rest]) > km
    return beyond
