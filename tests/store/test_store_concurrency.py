"""Concurrent and faulty use loses nothing: two imports at once give the union with no duplicate
and no lost version; an import killed mid-way (client killed, or its server connection
terminated) leaves the store as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo import (
    StoreUnreachableError,
    incidents_from_store,
    open_store,
    runs_from_store,
    store_incidents,
)
from geo.store._schema import STORE_LOCK

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _many(template: gpd.GeoDataFrame, prefix: str, n: int, **values) -> gpd.GeoDataFrame:
    rows = pd.concat([template.iloc[[0]]] * n, ignore_index=True)
    rows["event_id_cnty"] = pd.array([f"{prefix}{i}" for i in range(n)], dtype="string")
    for column, value in values.items():
        rows[column] = pd.array([value] * n, dtype=rows[column].dtype)
    return gpd.GeoDataFrame(rows, geometry=template.geometry.name, crs=template.crs)


def _waiting_on_the_lock(conn) -> int:
    row = conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    ).fetchone()
    return int(row[0])


def _imports_at_once(url: str, frames: list[gpd.GeoDataFrame], holder) -> list:
    """Run one import per frame in threads, all released together while they wait on the lock."""
    results: list = [None] * len(frames)

    def work(i: int) -> None:
        try:
            with open_store(url) as store:
                results[i] = store_incidents(store, frames[i])
        except Exception as exc:  # reported by the caller
            results[i] = exc

    with holder.transaction():
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (STORE_LOCK,))
        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(frames))]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while _waiting_on_the_lock(holder) < len(frames):
            assert time.monotonic() < deadline, "the imports never reached the lock"
            time.sleep(0.05)
    for t in threads:
        t.join(120)
    return results


def test_two_imports_at_once_give_the_union(store, store_url, acled):
    armenia = _many(acled, "ARM-", 1500, country="Armenia")
    azerbaijan = _many(acled, "AZE-", 1500, country="Azerbaijan")
    results = _imports_at_once(store_url, [armenia, azerbaijan], store.connection)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.counts.added for r in results) == [1500, 1500]
    ids = incidents_from_store(store)["event_id_cnty"]
    assert len(ids) == 3000 and ids.is_unique
    assert set(ids) == set(armenia["event_id_cnty"]) | set(azerbaijan["event_id_cnty"])
    assert sorted(runs_from_store(store)["run_id"]) == [1, 2]


def test_two_imports_of_the_same_events_at_once_lose_no_version(store, store_url, acled):
    base = _many(acled, "ARM-", 500)
    store_incidents(store, base)
    more_dead = _many(acled, "ARM-", 500, fatalities=10)
    new_notes = _many(acled, "ARM-", 500, notes="Corrected by the source.")
    results = _imports_at_once(store_url, [more_dead, new_notes], store.connection)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.counts.changed for r in results) == [500, 500]
    current = incidents_from_store(store, history=True)
    assert len(current) == 500 and current["event_id_cnty"].is_unique
    assert set(current["version"]) == {3}
    versions = store.connection.execute(
        "SELECT version, fatalities, notes FROM bordermap.incident_history "
        "WHERE event_id_cnty = 'ARM-7' ORDER BY version"
    ).fetchall()
    assert [v for v, _, _ in versions] == [1, 2]
    seen = {(f, n) for _, f, n in versions} | {
        tuple(current.loc[current["event_id_cnty"] == "ARM-7", ["fatalities", "notes"]].iloc[0])
    }
    assert (10, base["notes"].iloc[0]) in seen  # the first import's change, kept
    assert (base["fatalities"].iloc[0], "Corrected by the source.") in seen  # the second's
    logged = store.connection.execute(
        "SELECT count(*) FROM bordermap.incident_changes WHERE change = 'changed'"
    ).fetchone()
    assert logged == (1000,)


def test_two_first_imports_at_once_do_not_collide(store, store_url, acled):
    same = _many(acled, "ARM-", 800)
    results = _imports_at_once(store_url, [same, same.copy()], store.connection)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted((r.counts.added, r.counts.unchanged) for r in results) == [(0, 800), (800, 0)]
    assert len(incidents_from_store(store)) == 800


def _snapshot(store) -> dict:
    conn = store.connection
    out = {}
    for table in ("incidents", "incident_history", "incident_changes", "import_runs"):
        out[table] = conn.execute(f"SELECT count(*) FROM bordermap.{table}").fetchone()
    out["indexes"] = conn.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'bordermap' ORDER BY 1"
    ).fetchall()
    out["rows"] = conn.execute(
        "SELECT event_id_cnty, version, fatalities, withdrawn FROM bordermap.incidents ORDER BY 1"
    ).fetchall()
    out["locks"] = _waiting_on_the_lock(conn)
    return out


_KILLED_IMPORT = """
import os, signal, sys
import geo
import geo.store.postgis as postgis
import geo.store._load as load
from geo import incidents_with_places, read_incidents

where = sys.argv[2]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if where == "during the copy":
    original = load.csv_chunks
    def chunks(*args, **kwargs):
        for i, chunk in enumerate(original(*args, **kwargs)):
            yield chunk[: len(chunk) // 2]  # half a chunk sent, then killed
            die()
    load.csv_chunks = chunks
else:  # after every write, before the commit
    postgis.write_side_tables = die
frame = incidents_with_places(read_incidents(sys.argv[3]).incidents).incidents
with geo.open_store(sys.argv[1]) as store:
    geo.store_incidents(store, frame)
print("not killed")
"""


@pytest.mark.parametrize("first", [True, False], ids=["into an empty store", "a merge"])
@pytest.mark.parametrize("where", ["during the copy", "before the commit"])
def test_a_killed_import_leaves_the_store_as_before(store, store_url, acled, where, first):
    if not first:
        store_incidents(store, acled)
    before = _snapshot(store)
    script = textwrap.dedent(_KILLED_IMPORT)
    data = ROOT / "tests" / "data" / "acled_2023_next.csv"
    done = subprocess.run(
        [sys.executable, "-c", script, store_url, where, str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    deadline = time.monotonic() + 30
    while _snapshot(store) != before:  # the server notices the lost client and rolls back
        assert time.monotonic() < deadline, (_snapshot(store), before)
        time.sleep(0.1)
    run = store_incidents(store, acled)  # and the store takes the next import
    assert run.run_id > before["import_runs"][0]


def test_a_connection_lost_mid_import_writes_nothing(store, store_url, acled, postgis_cluster):
    store_incidents(store, acled)
    before = _snapshot(store)
    failure: list = []

    def work() -> None:
        try:
            with open_store(store_url) as other:
                store_incidents(other, acled.assign(fatalities=pd.array([9] * 4, dtype="Int64")))
        except Exception as exc:
            failure.append(exc)

    holder = store.connection
    with holder.transaction():
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (STORE_LOCK,))
        thread = threading.Thread(target=work)
        thread.start()
        while _waiting_on_the_lock(holder) < 1:
            time.sleep(0.05)
        postgis_cluster.admin_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_locks "
            "WHERE locktype = 'advisory' AND NOT granted"
        )
    thread.join(60)
    assert len(failure) == 1 and isinstance(failure[0], StoreUnreachableError), failure
    assert "nothing was written" in str(failure[0])
    assert _snapshot(store) == before
