"""Distances between points on the Earth: the one distance function of bordermap.

Every distance bordermap reports or ranks with is :func:`distance_km`, the geodesic on the
WGS84 ellipsoid (:class:`pyproj.Geod`, Karney's algorithm). Coordinates are in EPSG:4326,
in (lon, lat) order, as shapely and pyproj's ``Geod`` take them.

:func:`unit_vectors` is not a distance: it places points on the unit sphere so that a
nearest-neighbour search (a k-d tree, a dot product) can find the closest of many points;
the distance to the one found is then measured with :func:`distance_km`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, overload

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # pyproj is imported on the first distance (the gazetteer's cold start)
    from pyproj import Geod

__all__ = ["distance_km", "unit_vectors"]

_Coordinates = npt.ArrayLike


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
    x1, y1, x2, y2 = np.broadcast_arrays(
        *(np.asarray(v, dtype=np.float64) for v in (lon1, lat1, lon2, lat2))
    )
    if x1.size == 0:
        return np.zeros(x1.shape)
    # Geod.inv wants contiguous buffers of equal length; broadcast views are neither.
    a, b, c, d = (np.ascontiguousarray(v).ravel() for v in (x1, y1, x2, y2))
    metres = np.asarray(_geod().inv(a, b, c, d)[2], dtype=np.float64)
    return (metres / 1000.0).reshape(x1.shape)


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
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
