"""The one distance function: geodesic km on WGS84, for scalars and arrays alike, and from
points to shapes."""

import math

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.places.distance import distance_km, unit_vectors

GEOD = Geod(ellps="WGS84")


def test_scalars_give_the_geodesic_in_km_as_a_float():
    km = distance_km(44.5126, 40.17765, 49.89201, 40.37767)  # Yerevan -> Baku
    assert isinstance(km, float)
    assert km == GEOD.inv(44.5126, 40.17765, 49.89201, 40.37767)[2] / 1000.0


def test_lon_comes_before_lat():
    # One degree of longitude on the equator is 111.32 km; one of latitude is 110.57 km.
    assert distance_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.3195, abs=1e-3)
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(110.5743, abs=1e-3)


def test_arrays_broadcast_and_agree_with_scalars_to_the_last_bit():
    lon = np.array([44.5126, 45.8695, -0.1278])
    lat = np.array([40.17765, 40.2001, 51.5074])
    out = distance_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    assert out.shape == (3, 3)
    for i in range(3):
        for j in range(3):
            assert out[i, j] == distance_km(
                float(lon[i]), float(lat[i]), float(lon[j]), float(lat[j])
            )
    assert np.all(np.diag(out) == 0.0)
    assert np.array_equal(out, out.T)


def test_one_point_against_many():
    out = distance_km(0.0, 0.0, [0.0, 1.0, 2.0], 0.0)
    assert out.shape == (3,)
    assert out[0] == 0.0 and out[2] == pytest.approx(2 * out[1])


def test_nan_and_empty():
    out = distance_km(np.array([0.0, np.nan]), np.array([0.0, 0.0]), 1.0, 0.0)
    assert not math.isnan(out[0]) and math.isnan(out[1])
    assert distance_km(np.array([]), np.array([]), 0.0, 0.0).shape == (0,)


def test_antipodes_are_half_the_meridian():
    assert distance_km(0.0, 90.0, 0.0, -90.0) == pytest.approx(20003.93, abs=0.01)


def test_unit_vectors_order_is_great_circle_order():
    towns = np.array([[44.5126, 40.17765], [45.8695, 40.2001], [49.89201, 40.37767]])
    here = (46.0, 40.0)
    chord = np.linalg.norm(unit_vectors(towns[:, 0], towns[:, 1]) - unit_vectors(*here), axis=1)
    km = distance_km(towns[:, 0], towns[:, 1], *here)
    assert list(np.argsort(chord)) == list(np.argsort(km))
    assert np.allclose(np.linalg.norm(unit_vectors(towns[:, 0], towns[:, 1]), axis=1), 1.0)


@pytest.mark.parametrize(
    "shape",
    [
        "POLYGON ((0 0, 4 0, 4 3, 2 5, 0 3, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((3 3, 5 3, 5 5, 3 5, 3 3)))",
        "LINESTRING (0 0, 1 2, 3 2, 4 5)",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 0, 4 4))",
    ],
)
def test_nearest_points_through_edges_equal_shortest_line(shape):
    # Rows sharing one shape go through an STRtree of its edges; the answer must be the
    # point shortest_line finds on the whole shape.
    from geo.places.distance import _nearest_points

    rng = np.random.default_rng(0)
    geom = shapely.segmentize(shapely.from_wkt(shape), 0.05)  # hundreds of edges
    lon, lat = rng.uniform(-3, 8, 300), rng.uniform(-3, 8, 300)
    outside = ~shapely.intersects_xy(geom, lon, lat)  # the join asks only for these
    lon, lat = lon[outside], lat[outside]
    geoms = np.full(len(lon), geom, dtype=object)
    x, y = _nearest_points(geoms, lon, lat)
    want = shapely.get_coordinates(
        shapely.get_point(shapely.shortest_line(geoms, shapely.points(lon, lat)), 0)
    )
    np.testing.assert_allclose(
        np.hypot(x - lon, y - lat), np.hypot(want[:, 0] - lon, want[:, 1] - lat), atol=1e-12
    )


@pytest.mark.parametrize("iso2", ["AM", "AZ"])
def test_border_screens_decide_as_the_measured_distance(gazetteer, iso2):
    # The join's country check decides most points without measuring (a latitude gap, a buffer);
    # every decision must be the one the measured distance gives, swapped points included.
    from geo.places.distance import _km_to_shape, beyond_km

    shape = gazetteer.get(f"country:{iso2}").geometry
    rng = np.random.default_rng(1)
    minx, miny, maxx, maxy = shape.bounds
    lon = rng.uniform(minx - 0.3, maxx + 0.3, 6000)
    lat = rng.uniform(miny - 0.3, maxy + 0.3, 6000)
    outside = ~shapely.contains_xy(shape, lon, lat)
    lon, lat = lon[outside], lat[outside]
    for x, y in ((lon, lat), (lat, lon)):
        for km in (0.5, 5.0, 20.0):
            measured = _km_to_shape(shape, x, y) > km
            np.testing.assert_array_equal(beyond_km(shape, x, y, km), measured)
