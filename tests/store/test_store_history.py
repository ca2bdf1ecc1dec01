"""History, not overwrite: a newer export upserts by event id, keeps every earlier version,
marks what it lacks as withdrawn (within its scope), and ``changes`` says what happened."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest

from geo import (
    StoreQueryError,
    changes_from_store,
    incidents_from_store,
    runs_from_store,
    store_incidents,
)

pytestmark = pytest.mark.slow


def _by_id(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {row["event_id_cnty"]: row for _, row in frame.iterrows()}


def _history(store) -> list[tuple]:
    return store.connection.execute(
        "SELECT event_id_cnty, version, replaced_run, changed_fields, fatalities, notes "
        "FROM bordermap.incident_history ORDER BY event_id_cnty, version"
    ).fetchall()


def test_a_newer_export_adds_changes_withdraws_and_keeps_versions(store, acled, acled_next):
    first = store_incidents(store, acled, files=["acled_2023.csv"])
    second = store_incidents(store, acled_next, files=["acled_2023_next.csv"])
    c = second.counts
    assert (c.added, c.changed, c.withdrawn, c.restored, c.unchanged) == (1, 1, 1, 0, 2)

    current = _by_id(incidents_from_store(store, include_withdrawn=True, history=True))
    assert set(current) == {"ARM2001", "AZE3002", "ARM2003", "AZE3004", "ARM2005"}
    assert current["ARM2001"]["version"] == 2
    assert current["ARM2001"]["fatalities"] == 3
    assert current["ARM2001"]["run_id"] == second.run_id
    assert current["ARM2001"]["source_file"] == "acled_2023_next.csv"
    assert bool(current["ARM2003"]["withdrawn"]) and current["ARM2003"]["withdrawn_run"] == 2
    assert current["AZE3002"]["version"] == 1 and current["AZE3002"]["run_id"] == first.run_id

    # the earlier version is kept whole, with what changed
    (old,) = _history(store)
    assert old[:3] == ("ARM2001", 1, second.run_id)
    assert sorted(old[3]) == ["fatalities", "notes", "timestamp"]
    assert old[4] == 1 and "later died" not in old[5]

    # withdrawn rows are kept but not read unless asked for
    assert "ARM2003" not in set(incidents_from_store(store)["event_id_cnty"])


def test_the_same_export_twice_changes_nothing(store, acled):
    store_incidents(store, acled, files=["acled_2023.csv"])
    again = store_incidents(store, acled, files=["acled_2023.csv"])
    c = again.counts
    assert (c.added, c.changed, c.withdrawn, c.restored, c.unchanged) == (0, 0, 0, 0, len(acled))
    assert _history(store) == []
    assert len(changes_from_store(store)) == 0


def test_a_withdrawn_incident_that_comes_back_is_restored(store, acled, acled_next):
    store_incidents(store, acled)
    store_incidents(store, acled_next)
    back = store_incidents(store, acled)  # the old export again: ARM2003 is back
    assert back.counts.restored == 1
    # ARM2005 (1 June) lies after the old export's last date (14 May): not in its scope
    assert back.counts.withdrawn == 0
    assert back.counts.changed == 1  # ARM2001 back to its first version's values (version 3)
    ids = set(incidents_from_store(store)["event_id_cnty"])
    assert ids == {"ARM2001", "AZE3002", "ARM2003", "AZE3004", "ARM2005"}
    versions = store.connection.execute(
        "SELECT version FROM bordermap.incident_history WHERE event_id_cnty = 'ARM2001' "
        "UNION ALL SELECT version FROM bordermap.incidents WHERE event_id_cnty = 'ARM2001' "
        "ORDER BY 1"
    ).fetchall()
    assert versions == [(1,), (2,), (3,)]


def test_withdrawal_stays_within_the_scope_of_the_export(store, acled, ucdp):
    store_incidents(store, acled)
    store_incidents(store, ucdp)
    # An export of Armenia only, May 2023 only: Azerbaijan, other dates, UCDP untouched.
    narrow = acled[acled["event_id_cnty"] == "ARM2001"]
    run = store_incidents(store, gpd.GeoDataFrame(narrow, crs=acled.crs))
    assert run.counts.withdrawn == 0  # ARM2003 (14 May) is outside 11 May .. 11 May
    assert run.scope == [
        {
            "dataset": "ACLED",
            "countries": ["Armenia"],
            "first_date": "2023-05-11",
            "last_date": "2023-05-11",
            "rows": 1,
        }
    ]
    wider = acled[acled["country"] == "Armenia"].drop(index=acled.index[2])  # without ARM2003
    wider = pd.concat(
        [
            wider,
            acled[acled["event_id_cnty"] == "ARM2001"].assign(
                event_id_cnty="ARM2010", event_date=pd.Timestamp("2023-06-30")
            ),
        ]
    )
    run = store_incidents(store, gpd.GeoDataFrame(wider, crs=acled.crs))
    assert run.counts.withdrawn == 1
    withdrawn = store.connection.execute(
        "SELECT dataset, event_id_cnty FROM bordermap.incidents WHERE withdrawn"
    ).fetchall()
    assert withdrawn == [("ACLED", "ARM2003")]


def test_withdraw_false_keeps_what_the_import_lacks(store, acled):
    store_incidents(store, acled)
    run = store_incidents(store, acled.head(1), withdraw=False)
    assert run.counts.withdrawn == 0
    assert len(incidents_from_store(store)) == len(acled)


def test_changes_lists_added_changed_withdrawn_with_fields(store, acled, acled_next):
    store_incidents(store, acled, files=["acled_2023.csv"])
    store_incidents(store, acled_next, files=["acled_2023_next.csv"])
    last = changes_from_store(store)  # default: the last import
    assert set(last["run_id"]) == {2}
    rows = {(r.change, r.event_id_cnty): r for r in last.itertuples()}
    assert set(rows) == {("added", "ARM2005"), ("changed", "ARM2001"), ("withdrawn", "ARM2003")}
    assert set(rows["changed", "ARM2001"].changed_fields.split(", ")) == {
        "fatalities",
        "notes",
        "timestamp",
    }
    assert rows["changed", "ARM2001"].version == 2
    assert rows["added", "ARM2005"].location == "Sotk"
    assert last.crs == "EPSG:4326" and last.geometry.notna().all()

    since_run = changes_from_store(store, since=1)
    assert len(since_run) == 3
    everything = changes_from_store(store, since="0")
    assert sorted(everything["change"].value_counts().items()) == [
        ("added", 5),
        ("changed", 1),
        ("withdrawn", 1),
    ]
    today = changes_from_store(store, since=dt.date.today().isoformat())
    assert len(today) == len(everything)
    tomorrow = changes_from_store(store, since=dt.date.today() + dt.timedelta(days=2))
    assert len(tomorrow) == 0
    with pytest.raises(StoreQueryError, match="--since"):
        changes_from_store(store, since="last week")


def test_runs_are_listed_with_their_counts(store, acled, acled_next):
    store_incidents(store, acled, files=["acled_2023.csv"])
    store_incidents(store, acled_next, files=["acled_2023_next.csv"])
    runs = runs_from_store(store)
    assert list(runs["run_id"]) == [1, 2]
    assert list(runs["added"]) == [4, 1]
    assert list(runs["withdrawn"]) == [0, 1]
    assert (runs["imported_at"] >= runs["started_at"]).all()
