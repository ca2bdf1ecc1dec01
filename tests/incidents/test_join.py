"""Join records with places; write RFC 7946 GeoJSON that reads back equal."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import Geod

from geo.exports.writers import write_geojson
from geo.incidents.geofiles import incidents_from_geojson
from geo.incidents.join import incidents_with_places
from geo.incidents.records import incidents_from_csv

GEOD = Geod(ellps="WGS84")


def test_seed_join_keeps_geometry_precision_and_source(seeds_dir, gazetteer):
    result = incidents_with_places(
        incidents_from_csv(seeds_dir / "incidents.csv"), gazetteer=gazetteer
    )
    gdf = result.incidents.set_index("event_id_cnty")
    assert gdf.crs == "EPSG:4326" and len(gdf) == 3 and result.unresolved.empty
    sotk = gdf.loc["BM-2023-0001"]
    assert sotk.geometry.geom_type == "Point"
    assert GEOD.inv(sotk.geometry.x, sotk.geometry.y, 45.8695, 40.2001)[2] < 1000
    assert sotk["coord_source"] == "gazetteer:geonames:616041"
    assert sotk["place_precision"] == "point" and sotk["geo_precision"] == 2
    for event_id in ("BM-2023-0002", "BM-2023-0003"):
        row = gdf.loc[event_id]
        # Region-level facts keep the corridor's line: no fake-precise point.
        assert row.geometry.geom_type == "LineString"
        assert row["geometry_type"] == "LineString" and row["place_precision"] == "corridor"
        assert row["coord_source"] == "gazetteer:bordermap:bm:lachin-corridor"
        # latitude/longitude hold a point on the line for ACLED-style tools
        assert (
            row.geometry.distance(gpd.points_from_xy([row["longitude"]], [row["latitude"]])[0])
            < 1e-3
        )


def test_record_coordinates_are_kept(seeds_dir, gazetteer):
    df = incidents_from_csv(seeds_dir / "incidents.csv")
    df.loc[0, ["latitude", "longitude"]] = [40.21, 45.88]
    gdf = incidents_with_places(df, gazetteer=gazetteer).incidents
    assert (gdf.geometry[0].x, gdf.geometry[0].y) == (45.88, 40.21)
    assert gdf.loc[0, "coord_source"] == "record"


def test_the_records_country_beats_a_larger_namesake_abroad(seeds_dir, gazetteer):
    """'Kut' alone is Al-Kut, Iraq (315k people); a record in Armenia means the village."""
    df = incidents_from_csv(seeds_dir / "incidents.csv")
    df.loc[0, ["location", "latitude", "longitude"]] = ["Kut", None, None]
    assert df.loc[0, "country"] == "Armenia"
    assert gazetteer.lookup("Kut").place.country == "IQ"
    gdf = incidents_with_places(df, gazetteer=gazetteer).incidents
    assert gdf.loc[0, "place_id"] == "bm:am-village-kut"
    assert gdf.loc[0, "coord_source"] != "record"


def test_a_name_known_only_abroad_is_not_the_records_place(seeds_dir, gazetteer):
    """'Barcelona' in a South African record is a township of Cape Town, not Spain's city: a
    record whose country holds no place of its name gets none (36 of the 500 real 2016 ACLED
    records were ringed as 'far from the named place', measured to a namesake abroad)."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(2).copy()
    df["country"] = "South Africa"
    df["location"] = "Barcelona"
    df.loc[0, ["latitude", "longitude"]] = [-33.96, 18.62]  # the record's own point
    df.loc[1, ["latitude", "longitude"]] = [None, None]
    assert {c.place.country for c in gazetteer.lookup("Barcelona").candidates} & {"ES"}
    result = incidents_with_places(df, gazetteer=gazetteer)
    gdf = result.incidents
    assert gdf.loc[0, "coord_source"] == "record" and pd.isna(gdf.loc[0, "place_id"])
    assert gdf.loc[0, "coord_check"] == "ok" and pd.isna(gdf.loc[0, "coord_check_km"])
    assert result.flagged.empty
    assert gdf.geometry[1] is None  # not placed in Spain
    (reason,) = result.unresolved["reason"]
    assert reason == "no place of that name in the named country (only namesakes abroad)"
    assert "Barcelona" in result.unresolved.loc[0, "candidates"]  # what was found, abroad


def test_a_place_across_a_border_or_disputed_line_is_not_abroad(seeds_dir, gazetteer):
    """Sources on either side name the country differently: Nagorno-Karabakh and the Lachin
    corridor in a record of Armenia, Sotk in a record of Azerbaijan keep their places."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(3).copy()
    df["country"] = ["Armenia", "Armenia", "Azerbaijan"]
    df["location"] = ["Nagorno-Karabakh", "Lachin corridor", "Sotk"]
    df[["latitude", "longitude"]] = None
    result = incidents_with_places(df, gazetteer=gazetteer)
    assert list(result.incidents["place_id"]) == [
        "bm:nagorno-karabakh",
        "bm:lachin-corridor",
        "geonames:616041",
    ]
    assert result.unresolved.empty


def test_a_namesake_in_another_region_is_not_the_records_place(seeds_dir, gazetteer):
    """A record of Kalomo district, Southern province, names 'Kabwe': not Kabwe town, 280 km
    away in Central province (a real 2016 ACLED record, ringed 'far from the named place'
    because of that namesake). The record's admin1 settles it; a region the gazetteer does
    not know settles nothing."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(3).copy()
    df["country"] = "Zambia"
    df["location"] = "Kabwe"
    df["admin1"] = ["Southern", "Central", "Nowhere Province"]
    df[["latitude", "longitude"]] = None
    result = incidents_with_places(df, gazetteer=gazetteer)
    town = gazetteer.lookup("Kabwe", countries=["ZM"]).place
    assert list(result.incidents["place_id"].fillna("")) == ["", town.place_id, town.place_id]
    (reason,) = result.unresolved["reason"]
    assert reason.startswith("no place of that name in the named admin1 region")
    assert town.place_id in result.unresolved.loc[0, "candidates"]  # what was found, elsewhere
    assert result.unresolved.loc[0, "admin1"] == "Southern"  # the region the reason names


def test_a_place_coded_in_the_named_region_is_in_it_beyond_the_outline(seeds_dir, gazetteer):
    """Outlines go stale too: Vietnam merged Quang Binh into Quang Tri in 2025, and GeoNames
    gives Dong Hoi Quang Tri's code while the outline is the old province, 51 km off. A place
    the gazetteer holds in the named region (:meth:`Gazetteer.contains`) is in it."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(1).copy()
    df["country"], df["admin1"], df["location"] = "Vietnam", "Quang Tri", "Dong Hoi"
    df[["latitude", "longitude"]] = None
    town = gazetteer.lookup("Dong Hoi", countries=["VN"]).place
    assert gazetteer.contains("admin1:VN:Quang Tri", town)
    result = incidents_with_places(df, gazetteer=gazetteer)
    assert list(result.incidents["place_id"]) == [town.place_id]
    assert result.unresolved.empty


def test_an_area_holding_the_named_region_is_not_elsewhere(seeds_dir, gazetteer):
    """A location that is a larger area than the record's admin1 ("Sudan" in a record of
    North Darfur) overlaps the region though its anchor lies far from it: it is no namesake
    elsewhere, and stays the record's place, as before the admin1 check."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(2).copy()
    df["country"] = ["Sudan", "Somalia"]
    df["location"] = ["Sudan", "Somalia"]
    df["admin1"] = ["North Darfur", "Banaadir"]
    df[["latitude", "longitude"]] = None
    result = incidents_with_places(df, gazetteer=gazetteer)
    assert list(result.incidents["place_id"]) == ["country:SD", "country:SO"]
    assert result.unresolved.empty


def test_a_part_of_a_city_is_placed_in_the_city(seeds_dir, gazetteer):
    """ACLED writes a neighbourhood as "City - Part": the part when the gazetteer holds one of
    its name in the city, else the city; the part is never looked up alone ("Suba" alone
    is Suva, Fiji)."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(3).copy()
    df["country"] = ["Somalia", "Iraq", "Colombia"]
    df["location"] = ["Mogadishu - Wadajir", "Baghdad - Sadr City", "Bogota - Suba"]
    df[["latitude", "longitude"]] = None
    result = incidents_with_places(df, gazetteer=gazetteer)
    gdf = result.incidents
    assert list(gdf["place_name"]) == ["Mogadishu", "Sadr City", "Bogotá"]
    assert list(gdf["location"]) == list(df["location"])  # the record's words are kept
    assert result.unresolved.empty
    assert gazetteer.lookup("Mogadishu - Wadajir").qualifier == "part of"
    assert gazetteer.lookup("Suba", countries=["CO"]).place.country == "FJ"


def test_unresolved_place_is_kept_and_listed(seeds_dir, gazetteer):
    df = incidents_from_csv(seeds_dir / "incidents.csv")
    df.loc[1, "location"] = "Qwxzzy Heights"
    result = incidents_with_places(df, gazetteer=gazetteer)
    assert len(result.incidents) == 3
    assert result.incidents.geometry[1] is None
    assert list(result.unresolved["event_id_cnty"]) == ["BM-2023-0002"]
    assert result.unresolved.loc[0, "location"] == "Qwxzzy Heights"


def test_geojson_is_rfc7946_and_reads_back_equal(seed_build, tmp_path):
    gdf = seed_build.incidents
    path = write_geojson(gdf, tmp_path / "incidents.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in doc
    assert len(doc["features"]) == 3 and "bbox" in doc
    back = incidents_from_geojson(path)
    assert len(back) == len(gdf)
    assert list(back.columns) == list(gdf.columns)
    expected = pd.DataFrame(gdf.drop(columns="geometry"))
    got = pd.DataFrame(back.drop(columns="geometry"))
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=False, atol=1e-6)
    assert back.crs.to_epsg() == 4326
    for a, b in zip(back.geometry, gdf.geometry, strict=True):
        assert a.equals_exact(b, tolerance=1e-6)


def test_places_geojson_reads_back(seed_build):
    places = pyogrio.read_dataframe(seed_build.files["places"])
    assert set(places["name"]) == set(seed_build.places["name"])
    assert len(places) == len(seed_build.places)


def test_geojson_refuses_a_frame_without_crs(tmp_path):
    from shapely import Point

    from geo import BordermapError

    with pytest.raises(BordermapError, match="without a CRS"):
        write_geojson(gpd.GeoDataFrame({"a": [1]}, geometry=[Point(0, 0)]), tmp_path / "x.geojson")
    assert not (tmp_path / "x.geojson").exists()


def test_projected_frame_is_reprojected_with_a_warning(tmp_path):
    from shapely import Point

    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(45.87, 40.2)], crs="EPSG:4326").to_crs(
        "EPSG:32638"
    )
    with pytest.warns(UserWarning, match="reprojecting"):
        write_geojson(gdf, tmp_path / "x.geojson")
    back = pyogrio.read_dataframe(tmp_path / "x.geojson")
    assert abs(back.geometry[0].x - 45.87) < 1e-5


def test_candidate_distances_skip_only_what_cannot_be_nearer():
    # Candidates after the first are measured only where their chord could beat the
    # nearest so far: the result is the minimum over every candidate, measured.
    from geo.incidents.join import _km_to_candidates
    from geo.places.distance import distance_km

    rng = np.random.default_rng(2)
    towns = shapely.points(rng.uniform(44, 47, (6, 3)), rng.uniform(38, 41, (6, 3)))
    ranked = [list(row[: 1 + i % 3]) for i, row in enumerate(towns)]
    ranked[5][1] = shapely.box(45, 39, 45.5, 39.5)  # an area among the points
    key = rng.integers(0, 6, 4000)
    lon, lat = rng.uniform(43, 48, 4000), rng.uniform(37, 42, 4000)
    want = np.full(4000, np.inf)
    for k, candidates in enumerate(ranked):
        rows = key == k
        for c in candidates:
            if c.geom_type == "Point":
                d = distance_km(lon[rows], lat[rows], c.x, c.y)
            else:
                d = np.where(shapely.contains_xy(c, lon[rows], lat[rows]), 0.0, np.nan)
                d[np.isnan(d)] = _km_via_shortest_line(
                    c, lon[rows][np.isnan(d)], lat[rows][np.isnan(d)]
                )
            want[rows] = np.fmin(want[rows], d)
    np.testing.assert_array_equal(_km_to_candidates(ranked, key, lon, lat), want)


def _km_via_shortest_line(shape, lon, lat):
    from geo.places.distance import distance_km

    line = shapely.shortest_line(np.full(len(lon), shape, dtype=object), shapely.points(lon, lat))
    start = shapely.get_coordinates(shapely.get_point(line, 0))
    return distance_km(lon, lat, start[:, 0], start[:, 1])


def test_a_record_is_placed_at_a_local_unit_of_its_country_only(seeds_dir, gazetteer):
    """A village known only as the locality named after it (geoBoundaries) is placed at the
    locality, a point standing for it; a record of another country never is."""
    df = incidents_from_csv(seeds_dir / "incidents.csv").head(2).copy()
    df["country"] = ["Sudan", "Chad"]
    df["location"] = ["Tawila", "Tawila"]
    df[["latitude", "longitude"]] = None
    gdf = incidents_with_places(df, gazetteer=gazetteer).incidents
    first = gdf.iloc[0]
    assert (first["place_name"], first["place_precision"]) == ("Tawila", "admin2")
    assert str(gdf.iloc[1]["place_id"]) != first["place_id"]  # unresolved, or not it
