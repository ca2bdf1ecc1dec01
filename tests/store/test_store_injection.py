"""SQL injection through every option and every text column: nothing runs, everything is data.

Payloads go into every text column of the incidents (keys included), the file names, the
command, a column name, the places' article names, and every selection option (``where``,
``bbox``, ``since``, the store address). Afterwards the store's tables and a canary table are
intact, every value reads back exactly as written, and selecting by each value finds its row.
(The command line's own options are tried in ``tests/cli/test_store_cli.py``.)
"""

from __future__ import annotations

import time

import geopandas as gpd
import pandas as pd
import pytest

import geo
from geo import (
    StoreError,
    changes_from_store,
    incidents_from_store,
    open_store,
    store_incidents,
)

pytestmark = pytest.mark.slow

PAYLOADS = [
    "'; DROP TABLE bordermap.incidents; --",
    '"; DROP TABLE bordermap.incidents; --',
    "') OR 1=1 --",
    "x' OR 'a'='a",
    "\\.",  # COPY's end-of-data marker
    "a\n\\.\nb",  # ... on a line of its own
    "\\N",  # COPY text format's NULL
    "NULL",
    "",  # empty, not NULL
    'a,b"c\nd\re\tf\\g',
    "$$; DROP TABLE bordermap.canary; $$",
    "%s %(run)s {} {0}",
    "'||pg_sleep(5)||'",
    "ünïcødé \u2028 \U0001f600 אבג",
    "1); DELETE FROM bordermap.import_runs; --",
    "/* */ SELECT 1; --",
]


def _hostile_frame(template: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per payload; every text column of row i holds payload i."""
    rows = pd.concat([template.iloc[[0]]] * len(PAYLOADS), ignore_index=True)
    text = [c for c in rows.columns if isinstance(rows[c].dtype, pd.StringDtype)]
    for column in text:
        rows[column] = pd.array(PAYLOADS, dtype=rows[column].dtype)
    return gpd.GeoDataFrame(rows, geometry=template.geometry.name, crs=template.crs)


def _intact(store) -> None:
    conn = store.connection
    for table in ("incidents", "incident_history", "incident_changes", "import_runs", "canary"):
        assert conn.execute("SELECT to_regclass(%s)", (f"bordermap.{table}",)).fetchone()[0]
    assert conn.execute("SELECT note FROM bordermap.canary").fetchall() == [("alive",)]


@pytest.fixture
def hostile_store(store, acled):
    store.connection.execute("CREATE TABLE bordermap.canary (note text)")
    store.connection.execute("INSERT INTO bordermap.canary VALUES ('alive')")
    frame = _hostile_frame(acled)
    frame[PAYLOADS[0]] = pd.array(PAYLOADS, dtype="string")  # a hostile column name too
    files = [f"{p}.csv" for p in PAYLOADS]
    run = store_incidents(store, frame, files=files, command=PAYLOADS[0])
    assert run.counts.added == len(PAYLOADS)
    _intact(store)
    return store, frame, files


def test_every_text_column_round_trips_exactly(hostile_store):
    store, frame, files = hostile_store
    back = incidents_from_store(store)
    pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(frame))
    runs = geo.runs_from_store(store)
    assert runs.loc[0, "command"] == PAYLOADS[0]
    assert runs.loc[0, "files"] == ", ".join(files)
    _intact(store)


def test_selecting_by_every_value_of_every_text_column_finds_its_row(hostile_store):
    store, frame, _ = hostile_store
    text = [
        c
        for c in frame.columns
        if isinstance(frame[c].dtype, pd.StringDtype) and c.isidentifier() and c.isascii()
    ]
    assert {"event_id_cnty", "notes", "actor1", "country", "inter1"} <= set(text)
    for column in text:
        for i, payload in enumerate(PAYLOADS):
            quoted = payload.replace("'", "''")
            found = incidents_from_store(store, where=f"{column} = '{quoted}'")
            assert list(found["event_id_cnty"]) == [PAYLOADS[i]], (column, payload)
    found = incidents_from_store(
        store, where=f"notes like '{PAYLOADS[0].replace(chr(39), 2 * chr(39))}'"
    )
    assert len(found) == 1
    _intact(store)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_selection_option_refuses_or_treats_text_as_data(hostile_store, payload):
    store, _, _ = hostile_store
    start = time.monotonic()
    for where in (
        payload,
        f"country = {payload}",
        f"{payload} = 'x'",
        f"country = 'x' or {payload}",
    ):
        try:
            found = incidents_from_store(store, where=where)
        except StoreError:
            continue
        # what parses is a comparison with a value: text as data, matching no row here
        assert len(found) == 0 or not where.strip(), where
    assert time.monotonic() - start < 4  # pg_sleep(5) never ran
    for bbox in (payload, f"0,0,1,{payload}"):
        with pytest.raises(StoreError):
            incidents_from_store(store, bbox=bbox)
    if payload.strip().isdigit():
        changes_from_store(store, since=payload)
    else:
        with pytest.raises(StoreError):
            changes_from_store(store, since=payload)
    _intact(store)


def test_places_with_hostile_article_names(store, acled, story_text):
    store.connection.execute("CREATE TABLE bordermap.canary (note text)")
    store.connection.execute("INSERT INTO bordermap.canary VALUES ('alive')")
    places = geo.places_from_text(story_text).head(len(PAYLOADS))
    places.insert(0, "article", PAYLOADS[: len(places)])
    store_incidents(store, acled, places=places)
    store_incidents(store, acled, places=places)  # replaces them by article name
    back = geo.places_from_store(store)
    assert sorted(back["article"]) == sorted(places["article"])
    _intact(store)


def test_a_hostile_store_address_is_only_an_address(postgis_cluster, store_url):
    base = store_url.rsplit("/", 1)[0]
    for payload in ("x'; DROP DATABASE postgres; --", "x options='-c log_statement=all'"):
        with pytest.raises(StoreError):
            open_store(f"{base}/{payload}", connect_timeout=5)
    assert postgis_cluster.admin_sql(
        "SELECT count(*) FROM pg_database WHERE datname = 'postgres'"
    ) == [(1,)]
