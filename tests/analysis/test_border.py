"""Border proximity analysis: geodesic distances, sides, provinces, counts, nearest places."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point

from geo.analysis.border import (
    BORDER_ID,
    border_distances_from_incidents,
    counts_from_incidents,
    incidents_near_border,
    nearest_places_from_incidents,
    province_polygons,
    provinces_from_incidents,
)
from geo.places.reference import reference_features


@pytest.fixture(scope="module")
def incidents(seeds_dir):
    import geo
    from geo.incidents.join import incidents_with_places

    return incidents_with_places(geo.incidents_from_csv(seeds_dir / "incidents.csv")).incidents


@pytest.fixture(scope="module")
def border_line():
    features = reference_features()
    return features.loc[features["place_id"] == BORDER_ID, "geometry"].iloc[0]


def _points(lon, lat, crs="EPSG:4326"):
    return gpd.GeoDataFrame(
        {"event_id_cnty": [f"X{i}" for i in range(len(lon))]},
        geometry=gpd.points_from_xy(lon, lat),
        crs="EPSG:4326",
    ).to_crs(crs)


def test_distance_is_geodesic_to_the_nearest_border_point(border_line):
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(44.0, 47.5, 60), rng.uniform(38.6, 41.3, 60)
    out = border_distances_from_incidents(_points(lon, lat))
    # Brute force: geodesic distance to every vertex of the border densified to ~200 m.
    dense = np.concatenate(
        [shapely.get_coordinates(shapely.segmentize(g, 0.002)) for g in border_line.geoms]
    )
    geod = Geod(ellps="WGS84")
    for i in range(len(lon)):
        _, _, m = geod.inv(
            np.full(len(dense), lon[i]), np.full(len(dense), lat[i]), dense[:, 0], dense[:, 1]
        )
        assert out["border_km"].iloc[i] == pytest.approx(m.min() / 1000, abs=0.15)
    # the nearest point lies on the border line
    feet = shapely.points(out["border_lon"], out["border_lat"])
    assert np.all(shapely.distance(feet, border_line) < 1e-4)  # straight in UTM, not in degrees


def test_seed_incidents_sides_and_distances(incidents):
    out = border_distances_from_incidents(incidents)
    sotk = out.set_index("location").loc["Sotk"]
    assert sotk["border_side"] == "Armenia"
    assert 1 < sotk["border_km"] < 15  # Sotk lies a few km from the line
    corridor = out[out["location"] == "Lachin corridor"]
    assert set(corridor["border_side"]) == {"Azerbaijan"}
    assert list(out.columns[: len(incidents.columns)]) == list(incidents.columns)


def test_sides_other_and_unknown_and_projected_input():
    gdf = _points([44.8, 45.0, 49.87, 45.87], [41.7, 36.0, 40.41, 40.2], crs="EPSG:32638")
    gdf.loc[1, "geometry"] = None
    out = border_distances_from_incidents(gdf)
    assert list(out["border_side"]) == ["other", "unknown", "Azerbaijan", "Armenia"]
    assert np.isnan(out["border_km"].iloc[1])
    assert out["border_km"].iloc[2] > 250  # Baku is far from the line (STRtree fallback)


def test_frame_without_crs_is_refused():
    gdf = gpd.GeoDataFrame(geometry=[Point(45, 40)])
    with pytest.raises(ValueError, match="no CRS"):
        border_distances_from_incidents(gdf)


def test_lines_are_measured_from_their_latitude_longitude():
    gdf = gpd.GeoDataFrame(
        {"latitude": [40.2001], "longitude": [45.8695]},
        geometry=[LineString([(45.0, 40.0), (45.1, 40.1)])],
        crs="EPSG:4326",
    )
    point = _points([45.8695], [40.2001])
    a = border_distances_from_incidents(gdf)["border_km"].iloc[0]
    b = border_distances_from_incidents(point)["border_km"].iloc[0]
    assert a == pytest.approx(b)


def test_within_km_selects_and_sorts(incidents):
    near = incidents_near_border(incidents, km=10)
    assert list(near["location"]) == ["Sotk"]
    assert len(incidents_near_border(incidents, km=0)) == 0
    with pytest.raises(ValueError):
        incidents_near_border(incidents, km=-1)


def test_provinces_are_approximate_and_joined(incidents):
    polygons = province_polygons()
    assert polygons["province_approximate"].all()
    assert {"curated", "admin1 hull"} == set(polygons["province_source"])
    out = provinces_from_incidents(incidents)
    sotk = out.set_index("location").loc["Sotk"]
    assert sotk["province"] == "Gegharkunik" and sotk["province_country"] == "AM"
    # a point in Baku is in an Azerbaijani admin1 hull
    baku = provinces_from_incidents(_points([49.87], [40.41]))
    assert baku["province_country"].iloc[0] == "AZ"


def test_province_join_matches_a_per_row_loop():
    rng = np.random.default_rng(3)
    gdf = _points(rng.uniform(44.0, 47.5, 400), rng.uniform(38.6, 41.3, 400))
    fast = provinces_from_incidents(gdf)["province_id"]
    polygons = province_polygons()
    slow = []
    for point in gdf.geometry:
        hits = polygons[polygons.geometry.contains(point)]
        if len(hits) == 0:
            slow.append(pd.NA)
            continue
        hits = hits.assign(area=shapely.area(np.asarray(hits.geometry.values, dtype=object)))
        slow.append(
            hits.sort_values(["priority", "area"], ascending=[False, True])["province_id"].iloc[0]
        )
    assert list(fast.fillna("-")) == [("-" if pd.isna(s) else s) for s in slow]


def test_counts_per_month_and_province(incidents):
    with_provinces = provinces_from_incidents(border_distances_from_incidents(incidents))
    monthly = counts_from_incidents(with_provinces, by=("month",))
    assert monthly["incidents"].sum() == len(incidents)
    assert monthly["month"].isna().sum() == 1  # the undated incident is its own group
    per = counts_from_incidents(with_provinces, by=("province", "border_side"))
    assert per["incidents"].sum() == len(incidents)
    assert per.loc[per["province"] == "Gegharkunik", "fatalities"].iloc[0] == 1
    with pytest.raises(KeyError):
        counts_from_incidents(incidents, by=("nope",))


def test_nearest_place(incidents):
    out = nearest_places_from_incidents(incidents)
    sotk = out.set_index("location").loc["Sotk"]
    assert sotk["nearest_place"] == "Sotk" and sotk["nearest_place_km"] < 1
    big = nearest_places_from_incidents(incidents, min_population=100_000)
    assert (big["nearest_place_population"] >= 100_000).all()


def test_nearest_place_numpy_fallback_agrees(incidents, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_scipy(name, *args, **kwargs):
        if name.startswith("scipy"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    expected = nearest_places_from_incidents(incidents)["nearest_place_id"]
    monkeypatch.setattr(builtins, "__import__", no_scipy)
    got = nearest_places_from_incidents(incidents)["nearest_place_id"]
    assert list(got) == list(expected)
