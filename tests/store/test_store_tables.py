"""What an import writes: typed columns, EPSG:4326 geometry with a GiST index, provenance,
places and reference features; and that reading back gives the frame that was written."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo
from geo import incidents_from_store, open_store, runs_from_store, store_incidents

pytestmark = pytest.mark.slow


def _plain(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(frame).reset_index(drop=True)


def _column_types(store, table: str) -> dict[str, str]:
    rows = store.connection.execute(
        """SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'bordermap' AND table_name = %s""",
        (table,),
    ).fetchall()
    return dict(rows)


def test_round_trip_gives_the_frame_that_was_written(store, acled, ucdp):
    store_incidents(store, acled, files=["acled_2023.csv"])
    back = incidents_from_store(store, where="dataset = 'ACLED'")
    pd.testing.assert_frame_equal(_plain(back), _plain(acled))
    assert back.crs == "EPSG:4326"
    store_incidents(store, ucdp, files=["ucdp_ged.csv"])
    back = incidents_from_store(store, where="dataset = 'UCDP GED'")
    # UCDP's own columns (ucdp_*) come back too, typed as imported
    pd.testing.assert_frame_equal(_plain(back[ucdp.columns]), _plain(ucdp))


def test_columns_have_the_schema_types(store, acled):
    store_incidents(store, acled, files=["acled_2023.csv"])
    types = _column_types(store, "incidents")
    assert types["event_date"] == "date"
    assert types["date_earliest"] == "date"
    assert types["fatalities"] == "integer"
    assert types["geo_precision"] == "integer"
    assert types["latitude"] == "double precision"
    assert types["notes"] == "text"
    assert types["timestamp"] == "bigint"  # an ACLED column beyond the schema, added on import
    assert types["source_line"] == "integer"
    row = store.connection.execute(
        """SELECT Find_SRID('bordermap', 'incidents', 'geom'),
                  (SELECT type FROM geometry_columns
                    WHERE f_table_schema = 'bordermap' AND f_table_name = 'incidents')"""
    ).fetchone()
    assert row == (4326, "GEOMETRY")


def test_the_geometry_has_a_gist_index_the_planner_uses(store, acled):
    store_incidents(store, acled, files=["acled_2023.csv"])
    indexes = dict(
        store.connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'bordermap' "
            "AND tablename = 'incidents'"
        ).fetchall()
    )
    assert "USING gist (geom)" in indexes["incidents_geom_idx"]
    assert "incidents_pkey" in indexes  # rebuilt after the first import's COPY
    conn = store.connection
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        plan = conn.execute(
            "EXPLAIN SELECT * FROM bordermap.incidents "
            "WHERE geom && ST_MakeEnvelope(45, 40, 46, 41, 4326)"
        ).fetchall()
    assert "incidents_geom_idx" in " ".join(r[0] for r in plan)


def test_every_row_carries_its_provenance(store, acled):
    run = store_incidents(store, acled, files=["acled_2023.csv"], command="test import")
    rows = store.connection.execute(
        "SELECT event_id_cnty, source_file, source_line, run_id, first_run, version "
        "FROM bordermap.incidents ORDER BY source_line"
    ).fetchall()
    assert [r[0] for r in rows] == list(acled["event_id_cnty"])
    assert {r[1] for r in rows} == {"acled_2023.csv"}
    assert [r[2] for r in rows] == list(acled["source_line"])  # the file's lines (header = 1)
    assert {(r[3], r[4], r[5]) for r in rows} == {(run.run_id, run.run_id, 1)}
    runs = runs_from_store(store)
    assert runs.loc[0, "files"] == "acled_2023.csv"
    assert runs.loc[0, "command"] == "test import"
    assert runs.loc[0, "added"] == len(acled)


def test_a_source_file_column_is_the_provenance_of_each_row(store, acled, ucdp):
    both = pd.concat(
        [acled.assign(source_file="a.csv"), ucdp.assign(source_file="u.csv")], ignore_index=True
    )
    store_incidents(store, gpd.GeoDataFrame(both, crs=acled.crs), files=["a.csv", "u.csv"])
    files = dict(
        store.connection.execute(
            "SELECT dataset, min(source_file) FROM bordermap.incidents GROUP BY dataset"
        ).fetchall()
    )
    assert files == {"ACLED": "a.csv", "UCDP GED": "u.csv"}


def test_places_and_reference_features(store, acled, story_text):
    places = geo.places_from_text(story_text)
    places.insert(0, "article", "story")
    features = geo.reference_features()
    run = store_incidents(store, acled, places=places, features=features)
    assert run.places == len(places)
    back = geo.places_from_store(store)
    pd.testing.assert_frame_equal(_plain(back), _plain(places))
    pd.testing.assert_frame_equal(_plain(geo.features_from_store(store)), _plain(features))
    # the same article again replaces its places, other articles stay
    other = places.head(2).assign(article="other")
    store_incidents(store, acled, places=places.head(3))
    store_incidents(store, acled, places=other)
    counts = dict(
        store.connection.execute(
            "SELECT article, count(*) FROM bordermap.places GROUP BY article"
        ).fetchall()
    )
    assert counts == {"story": 3, "other": 2}


def test_a_projected_frame_is_stored_in_epsg_4326(store, acled):
    store_incidents(store, acled.to_crs(3857), files=["acled_2023.csv"])
    back = incidents_from_store(store)
    assert back.crs == "EPSG:4326"
    got, want = shapely.get_coordinates(back.geometry), shapely.get_coordinates(acled.geometry)
    assert np.allclose(got, want, rtol=0, atol=1e-9)


def test_nothing_but_the_frame_is_refused(store, acled):
    with pytest.raises(geo.MissingCRSError):
        store_incidents(store, acled.set_crs(None, allow_override=True))
    twice = gpd.GeoDataFrame(pd.concat([acled, acled.head(1)]), crs=acled.crs)
    with pytest.raises(geo.StoreError, match="share a dataset and event_id_cnty"):
        store_incidents(store, twice)
    with pytest.raises(geo.StoreError, match="keeps a column of that name"):
        store_incidents(store, acled.assign(version=1))
    assert store.connection.execute("SELECT count(*) FROM bordermap.import_runs").fetchone() == (0,)


def test_reopening_an_existing_store(store_url, acled):
    with open_store(store_url, create=True) as store:
        store_incidents(store, acled)
    with open_store(store_url) as store:  # no create: it is there
        assert len(incidents_from_store(store)) == len(acled)
        assert repr(store).startswith("Store('postgresql://")
