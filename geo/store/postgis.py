"""The team's incident store in PostgreSQL/PostGIS: import with history, read with a selection.

A GIS team keeps one store that everyone imports into and maps from; QGIS opens its tables
directly (schema ``bordermap``, see :mod:`geo.store._schema` for the tables). ACLED is a
living dataset, so the store keeps history instead of overwriting:

- :func:`store_incidents` imports a GeoDataFrame of incidents (the join's output) in one
  transaction: bulk COPY, then upsert by ``(dataset, event_id_cnty)`` (UCDP's ``id`` is its
  ``event_id_cnty``) keeping every earlier version of a changed row, and marking incidents
  missing from the newer export of the same scope as withdrawn, never deleting them;
- :func:`incidents_from_store` reads them back as the same GeoDataFrame (same columns, same
  dtypes), optionally selected by a ``where`` expression (parsed and whitelisted, values
  bound as parameters) and a bounding box;
- :func:`changes_from_store` lists what imports added, changed (which fields), restored or
  withdrew since a date or an import run; :func:`runs_from_store` lists the imports.

Point it at a server with a ``postgresql://user@host:port/database`` URL or, with no URL,
the standard ``PG*`` environment variables; give the password in ``PGPASSWORD`` or
``~/.pgpass``. No message or log record ever contains the password. Needs psycopg 3
(``pip install 'bordermap[postgis]'``) and the PostGIS extension in the database.

Examples
--------
>>> with open_store("postgresql://ana@db/incidents", create=True) as store:  # doctest: +SKIP
...     run = store_incidents(store, joined.incidents, files=["acled.csv"])
...     armenia = incidents_from_store(store, where="country = 'Armenia'")
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import pandas as pd
import pyarrow.compute as pc

from geo.store._connect import (
    connect,
    connection_address,
    database_errors,
    ensure_postgis,
    redacted_url,
)
from geo.store._frames import geometry_from_hex, series_from_arrow, table_from_csv
from geo.store._load import (
    BOOKKEEPING,
    add_missing_columns,
    dtype_record,
    frame_columns,
    load_into_empty,
    lock_store,
    prepared_incidents,
    scope_of_frame,
    stage_frame,
    start_run,
    store_is_empty,
    table_columns,
    write_side_tables,
)
from geo.store._merge import MergeCounts, merge_stage
from geo.store._schema import SCHEMA_VERSION, check_schema, migrate, schema_version
from geo.store._where import bbox_from_text, since_from_text, where_sql

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "STORE_SCHEMA_VERSION",
    "ImportRun",
    "Store",
    "changes_from_store",
    "features_from_store",
    "incidents_from_store",
    "open_store",
    "places_from_store",
    "redacted_url",
    "runs_from_store",
    "store_incidents",
]

logger = logging.getLogger(__name__)

#: The version of the store's tables this bordermap reads and writes.
STORE_SCHEMA_VERSION: Final[int] = SCHEMA_VERSION
#: Columns of ``bordermap.incidents`` that say where a row stands in the history.
HISTORY_COLUMNS: Final[tuple[str, ...]] = (
    "version",
    "run_id",
    "first_run",
    "withdrawn_run",
    "withdrawn",
)
_CHANGE_COLUMNS: Final[tuple[str, ...]] = (
    "event_date",
    "event_type",
    "sub_event_type",
    "country",
    "location",
    "fatalities",
)


# "added" is where an incident's first_run is; the log holds changed / restored / withdrawn.
_CHANGES = """
    WITH picked AS (SELECT r.run_id, r.imported_at FROM bordermap.import_runs r WHERE {picked}),
    changes AS (
        SELECT i.first_run AS run_id, 'added' AS change, i.dataset, i.event_id_cnty,
               1 AS version, '' AS changed_fields
          FROM bordermap.incidents i WHERE i.first_run IN (SELECT run_id FROM picked)
        UNION ALL
        SELECT ch.run_id, ch.change, ch.dataset, ch.event_id_cnty, ch.version,
               array_to_string(ch.changed_fields, ', ')
          FROM bordermap.incident_changes ch WHERE ch.run_id IN (SELECT run_id FROM picked))
    SELECT c.run_id, p.imported_at::text, c.change, c.dataset, c.event_id_cnty, c.version,
           c.changed_fields, {shown}, i.geom
      FROM changes c
      JOIN picked p USING (run_id)
      JOIN bordermap.incidents i USING (dataset, event_id_cnty)
     ORDER BY c.run_id, c.change, c.dataset, c.event_id_cnty"""


class Store:
    """An open connection to an incident store; make one with :func:`open_store`.

    Attributes
    ----------
    connection : psycopg.Connection
        The connection (autocommit; writers open their own transaction).
    address : str
        ``postgresql://user@host:port/database``, without the password.
    """

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection
        self.address = connection_address(connection)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.address!r})"


@dataclass(frozen=True)
class ImportRun:
    """What :func:`store_incidents` did: the run's number and its counts."""

    run_id: int
    rows: int
    counts: MergeCounts
    places: int = 0
    scope: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``run 3: 120 rows: 5 added, 2 changed, 0 restored, 1 withdrawn...``."""
        c = self.counts
        return (
            f"run {self.run_id}: {self.rows} row(s): {c.added} added, {c.changed} changed, "
            f"{c.restored} restored, {c.withdrawn} withdrawn, {c.unchanged} unchanged"
        )


def open_store(
    url: str | None = None,
    *,
    create: bool = False,
    migrate_schema: bool = False,
    connect_timeout: float = 10.0,
) -> Store:
    """Connect to a store and check it is one this bordermap can use.

    Parameters
    ----------
    url : str, optional
        ``postgresql://user@host:port/database`` (or a libpq conninfo string); default: the
        ``PG*`` environment variables.
    create : bool, keyword-only
        Create the PostGIS extension (if this user may) and the store's tables when absent.
    migrate_schema : bool, keyword-only
        Upgrade a store made by an older bordermap to this version's schema.
    connect_timeout : float, keyword-only
        Seconds to wait for the server.

    Raises
    ------
    StoreUnreachableError, StoreAuthenticationError, StoreExtensionError, StoreSchemaError
        One line each, saying what to do.

    Examples
    --------
    With a server (lines marked ``+SKIP`` need one; ``notebooks/team_database.ipynb`` runs
    them against the tests' throw-away PostGIS):

    >>> store = open_store("postgresql://ana@db.example.org/incidents", create=True)  # doctest: +SKIP
    >>> store.address  # doctest: +SKIP
    'postgresql://ana@db.example.org:5432/incidents'

    Without one, the error says what to do and never shows the password:

    >>> open_store("postgresql://ana:s3cret@127.0.0.1:1/incidents", connect_timeout=1)
    Traceback (most recent call last):
    ...
    geo.errors.StoreUnreachableError: postgresql://ana@127.0.0.1:1/incidents: no PostgreSQL server answered (...); start the server or check the host, the port and the firewall
    """
    conn = connect(url, connect_timeout=connect_timeout)
    where = connection_address(conn)
    try:
        with database_errors(where, "opening the store"):
            ensure_postgis(conn, create=create)
            found = schema_version(conn)
            if (create and found is None) or (migrate_schema and found is not None):
                migrate(conn)
            check_schema(conn, where=where)
    except BaseException:
        conn.close()
        raise
    return Store(conn)


def store_incidents(
    store: Store,
    incidents: gpd.GeoDataFrame,
    *,
    files: Sequence[str] = (),
    places: gpd.GeoDataFrame | None = None,
    features: gpd.GeoDataFrame | None = None,
    withdraw: bool = True,
    command: str | None = None,
) -> ImportRun:
    """Import incidents into the store, keeping history; one transaction.

    Parameters
    ----------
    store : Store
        From :func:`open_store`.
    incidents : geopandas.GeoDataFrame
        Incidents in the incident schema (the join's output), any CRS (stored as EPSG:4326),
        with a ``dataset`` column (``bordermap`` when absent). ``(dataset, event_id_cnty)``
        must be unique; ``source_file`` and ``source_line`` columns, when present, are the
        provenance of each row.
    files : sequence of str, keyword-only
        The files imported (recorded with the run; the provenance of every row when there is
        one file and no ``source_file`` column).
    places : geopandas.GeoDataFrame, optional, keyword-only
        Places the articles mention, with an ``article`` column; replaces the places of
        those articles.
    features : geopandas.GeoDataFrame, optional, keyword-only
        Reference features (regions, corridors, checkpoints, the border); replaces them.
    withdraw : bool, keyword-only
        Mark incidents of the import's scope (same dataset and country, dated within the
        import's first and last date, or undated) that the import lacks as withdrawn.
    command : str, optional, keyword-only
        What ran the import, recorded with the run.

    Returns
    -------
    ImportRun
        The run's number and how many incidents it added, changed, restored, withdrew.

    Raises
    ------
    StoreError
        The import could not be written; the store is as it was before.

    Examples
    --------
    Needs a server (``notebooks/team_database.ipynb`` runs this against the tests' PostGIS):

    >>> joined = geo.incidents_with_places(geo.read_incidents("acled_week_01.csv").incidents)  # doctest: +SKIP
    >>> run = store_incidents(store, joined.incidents, files=["acled_week_01.csv"])  # doctest: +SKIP
    >>> run.summary()  # doctest: +SKIP
    'run 1: 4 row(s): 4 added, 0 changed, 0 restored, 0 withdrawn, 0 unchanged'
    """
    frame = prepared_incidents(incidents, files)
    # The columns as given: a dataset or source_file the store adds is not read back.
    record = dtype_record(incidents)
    conn = store.connection
    started = dt.datetime.now(dt.UTC)
    with (
        database_errors(store.address, "the import", after="nothing was written"),
        conn.transaction(),
    ):
        lock_store(conn)
        add_missing_columns(conn, ("incidents", "incident_history"), frame_columns(frame))
        run = start_run(conn, started_at=started, files=files, command=command, columns=record)
        if store_is_empty(conn):
            counts = MergeCounts(load_into_empty(conn, frame, files, run), 0, 0, 0, 0)
        else:
            staged = stage_frame(conn, frame, files)
            counts = merge_stage(conn, run, staged, withdraw=withdraw)
        scope = scope_of_frame(frame)
        n_places = write_side_tables(conn, run, places, features)
        _finish_run(conn, run, len(frame), counts, scope, n_places)
    result = ImportRun(run, len(frame), counts, n_places, scope)
    logger.info("store %s: %s", store.address, result.summary())
    return result


def _finish_run(
    conn: psycopg.Connection,
    run: int,
    rows: int,
    counts: MergeCounts,
    scope: list[dict[str, Any]],
    places: int,
) -> None:
    """Write the run's counts and scope (the last statement before the commit)."""
    conn.execute(
        """UPDATE bordermap.import_runs
              SET rows = %s, added = %s, changed = %s, restored = %s, withdrawn = %s,
                  unchanged = %s, scope = %s, places = %s, imported_at = clock_timestamp()
            WHERE run_id = %s""",
        (
            rows,
            counts.added,
            counts.changed,
            counts.restored,
            counts.withdrawn,
            counts.unchanged,
            json.dumps(scope),
            places,
            run,
        ),
    )


# ---------------------------------------------------------------------------- reading


def _copy_out(conn: psycopg.Connection, query: Any, params: Sequence[Any]) -> bytes:
    """The CSV text of ``COPY (query) TO STDOUT`` (parameters bound by psycopg)."""
    from psycopg import sql

    statement = sql.SQL("COPY ({}) TO STDOUT (FORMAT csv)").format(query)
    buffer = bytearray()
    with conn.cursor() as cur, cur.copy(statement, list(params) or None) as copy:
        for block in copy:
            buffer += block
    return bytes(buffer)


def _selection(
    columns: dict[str, str],
    *,
    where: str | None,
    bbox: str | Sequence[float] | None,
    include_withdrawn: bool,
) -> tuple[Any, list[Any]]:
    """The WHERE clause (``sql.Composed``) and its parameters."""
    from psycopg import sql

    parts: list[Any] = []
    params: list[Any] = []
    if not include_withdrawn and "withdrawn" in columns:
        parts.append(sql.SQL("NOT i.withdrawn"))
    if where:
        filterable = {name: kind for name, kind in columns.items() if kind != "geometry"}
        clause, values = where_sql(where, filterable, table_alias="i")
        parts.append(clause)
        params += values
    if bbox is not None:
        box = bbox_from_text(bbox if isinstance(bbox, str) else tuple(bbox))  # type: ignore[arg-type]
        parts.append(sql.SQL("ST_Intersects(i.geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))"))
        params += list(box)
    if not parts:
        return sql.SQL("TRUE"), params
    return sql.SQL(" AND ").join(parts), params


def _run_dtypes(conn: psycopg.Connection, runs: Sequence[int], key: str) -> list[list[str]]:
    """The ordered union of the ``[column, dtype]`` records of these runs, latest run first."""
    from psycopg import sql

    query = sql.SQL(
        "SELECT {} FROM bordermap.import_runs WHERE run_id = ANY (%s) ORDER BY run_id DESC"
    ).format(sql.Identifier(key))
    if not runs:
        query = sql.SQL(
            "SELECT {} FROM bordermap.import_runs WHERE {} <> '[]' ORDER BY run_id DESC LIMIT 1"
        ).format(sql.Identifier(key), sql.Identifier(key))
    rows = conn.execute(query, (list(runs),) if runs else None).fetchall()
    seen: dict[str, str] = {}
    for (record,) in rows:
        for name, dtype in record:
            seen.setdefault(name, dtype)
    return [[name, dtype] for name, dtype in seen.items()]


def _typed_frame(arrow: Any, record: list[list[str]], extra: Sequence[str]) -> gpd.GeoDataFrame:
    """A GeoDataFrame of the recorded columns (in order, with their dtypes) plus ``extra``."""
    data: dict[str, Any] = {}
    geometry_name = "geometry"
    for name, dtype in record:
        if dtype == "geometry":
            geometry_name = name
            data[name] = geometry_from_hex(arrow.column("geom"))
        elif name in arrow.column_names and name not in data:
            data[name] = series_from_arrow(arrow.column(name), dtype)
    for name in extra:
        if name in arrow.column_names and name not in data:
            data[name] = series_from_arrow(arrow.column(name), None)
    if geometry_name not in data:
        data[geometry_name] = geometry_from_hex(arrow.column("geom"))
    data[geometry_name] = gpd.GeoSeries(data[geometry_name], crs="EPSG:4326")
    frame = pd.DataFrame(data, index=pd.RangeIndex(arrow.num_rows))
    return gpd.GeoDataFrame(frame, geometry=geometry_name, crs="EPSG:4326")


def _in_arrival_order(arrow: Any) -> Any:
    """Rows in the order they were first imported (``first_run``, ``first_ord``).

    Sorted here, and only when not already in order (a table that was loaded once and
    scanned in order): on the server, sorting whole rows costs more than the COPY itself.
    """
    runs = arrow.column("first_run").to_numpy()
    ords = arrow.column("first_ord").to_numpy()
    if len(runs) < 2:
        return arrow
    later = (runs[1:] > runs[:-1]) | ((runs[1:] == runs[:-1]) & (ords[1:] > ords[:-1]))
    if bool(later.all()):
        return arrow
    return arrow.take(
        pc.sort_indices(arrow, [("first_run", "ascending"), ("first_ord", "ascending")])
    )


def incidents_from_store(
    store: Store,
    *,
    where: str | None = None,
    bbox: str | Sequence[float] | None = None,
    include_withdrawn: bool = False,
    history: bool = False,
) -> gpd.GeoDataFrame:
    """Read the current incidents of the store (optionally a selection) as a GeoDataFrame.

    Parameters
    ----------
    store : Store
        From :func:`open_store`.
    where : str, optional, keyword-only
        A selection such as ``country = 'Armenia' and event_date >= '2023-01-01'``:
        comparisons, ``in (...)``, ``between``, ``like``, ``is null``, combined with
        ``and``/``or``/``not`` over the store's columns. Parsed and checked, values bound as
        parameters (see :mod:`geo.store._where`).
    bbox : str or sequence of 4 floats, optional, keyword-only
        ``min_lon,min_lat,max_lon,max_lat``: incidents whose geometry intersects it.
    include_withdrawn : bool, keyword-only
        Also return incidents marked withdrawn.
    history : bool, keyword-only
        Add the columns ``version``, ``run_id``, ``first_run``, ``withdrawn_run``,
        ``withdrawn``, ``source_file`` and ``source_line``.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns and dtypes the incidents were imported with, in EPSG:4326, in the order
        they were first imported.

    Examples
    --------
    Needs a server (``notebooks/team_database.ipynb`` runs this against the tests' PostGIS):

    >>> armenia = incidents_from_store(  # doctest: +SKIP
    ...     store, where="country = 'Armenia' and event_date >= '2023-01-01'", bbox="43.4,38.8,46.7,41.4"
    ... )
    >>> sorted(armenia["event_id_cnty"])  # doctest: +SKIP
    ['ARM2001', 'ARM2005']
    >>> incidents_from_store(store, where="country = 'Armenia'; DROP TABLE x")  # doctest: +SKIP
    Traceback (most recent call last):
    ...
    geo.errors.StoreQueryError: --where: cannot read '; DROP TABLE x' at character 20; ...
    """
    with database_errors(store.address, "the read"):
        return _incidents_from_store(
            store, where=where, bbox=bbox, include_withdrawn=include_withdrawn, history=history
        )


def _incidents_from_store(
    store: Store,
    *,
    where: str | None,
    bbox: str | Sequence[float] | None,
    include_withdrawn: bool,
    history: bool,
) -> gpd.GeoDataFrame:
    from psycopg import sql

    conn = store.connection
    columns = table_columns(conn, "incidents")
    condition, params = _selection(
        columns, where=where, bbox=bbox, include_withdrawn=include_withdrawn
    )
    wanted = [c for c in columns if c not in BOOKKEEPING or c == "geom"]
    wanted += [c for c in HISTORY_COLUMNS if c not in wanted]
    wanted.append("first_ord")
    query = sql.SQL("SELECT {} FROM bordermap.incidents i WHERE {}").format(
        sql.SQL(", ").join(sql.Identifier("i", c) for c in wanted), condition
    )
    arrow = table_from_csv(_copy_out(conn, query, params), [(c, columns[c]) for c in wanted])
    arrow = _in_arrival_order(arrow)
    runs = sorted({int(r) for r in arrow.column("run_id").to_pylist()})
    record = _run_dtypes(conn, runs, "columns")
    extra = (*HISTORY_COLUMNS, "source_file", "source_line") if history else ()
    return _typed_frame(arrow, record, extra)


def _side_from_store(store: Store, table: str, key: str, order: str) -> gpd.GeoDataFrame:
    from psycopg import sql

    conn = store.connection
    columns = table_columns(conn, table)
    wanted = [c for c in columns if c != "ord"]
    query = sql.SQL("SELECT {} FROM {} i ORDER BY {}").format(
        sql.SQL(", ").join(sql.Identifier("i", c) for c in wanted),
        sql.Identifier("bordermap", table),
        sql.SQL(order),
    )
    arrow = table_from_csv(_copy_out(conn, query, ()), [(c, columns[c]) for c in wanted])
    runs = sorted({int(r) for r in arrow.column("run_id").to_pylist()})
    return _typed_frame(arrow, _run_dtypes(conn, runs, key), ())


def places_from_store(store: Store) -> gpd.GeoDataFrame:
    """The places the stored articles mention (column ``article`` names the article)."""
    with database_errors(store.address, "the read"):
        return _side_from_store(store, "places", "place_columns", "i.article, i.ord")


def features_from_store(store: Store) -> gpd.GeoDataFrame:
    """The reference features last written to the store (regions, corridors, the border...)."""
    with database_errors(store.address, "the read"):
        return _side_from_store(store, "features", "feature_columns", "i.ord")


def changes_from_store(
    store: Store, *, since: str | int | dt.date | None = None
) -> gpd.GeoDataFrame:
    """What imports added, changed, restored or withdrew, with the incidents' current geometry.

    Parameters
    ----------
    store : Store
        From :func:`open_store`.
    since : str, int or datetime.date, optional, keyword-only
        An import run number (the changes of later runs) or a date ``YYYY-MM-DD`` (of runs
        imported on or after it, server time); default: the last run's changes.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per change: ``run_id``, ``imported_at``, ``change`` (added / changed /
        restored / withdrawn), ``dataset``, ``event_id_cnty``, ``version``,
        ``changed_fields`` (comma-separated), a few columns of the incident as it is now,
        and its geometry (EPSG:4326).

    Examples
    --------
    Needs a server (``notebooks/team_database.ipynb`` runs this against the tests' PostGIS):

    >>> changes = changes_from_store(store, since=1)  # doctest: +SKIP
    >>> changes[["change", "event_id_cnty", "changed_fields"]].values.tolist()  # doctest: +SKIP
    [['added', 'ARM2005', ''], ['changed', 'ARM2001', 'notes, fatalities, timestamp'], ['withdrawn', 'ARM2003', '']]
    """
    with database_errors(store.address, "the read"):
        return _changes_from_store(store, since=since)


def _changes_from_store(store: Store, *, since: str | int | dt.date | None) -> gpd.GeoDataFrame:
    from psycopg import sql

    conn = store.connection
    params: list[Any]
    if since is None:
        condition, params = (
            sql.SQL("r.run_id = (SELECT max(run_id) FROM bordermap.import_runs)"),
            [],
        )
    else:
        value = since_from_text(since)
        if isinstance(value, int):
            condition, params = sql.SQL("r.run_id > %s"), [value]
        else:
            condition, params = sql.SQL("r.imported_at >= %s::date"), [value]
    current = table_columns(conn, "incidents")
    shown = [c for c in _CHANGE_COLUMNS if c in current]
    query = sql.SQL(_CHANGES).format(
        picked=condition, shown=sql.SQL(", ").join(sql.Identifier("i", c) for c in shown)
    )
    head = [
        ("run_id", "bigint"),
        ("imported_at", "text"),
        ("change", "text"),
        ("dataset", "text"),
        ("event_id_cnty", "text"),
        ("version", "integer"),
        ("changed_fields", "text"),
    ]
    layout = [*head, *((c, current[c]) for c in shown), ("geom", "geometry")]
    arrow = table_from_csv(_copy_out(conn, query, params), layout)
    frame = _typed_frame(arrow, [["geometry", "geometry"]], [name for name, _ in layout[:-1]])
    frame["changed_fields"] = frame["changed_fields"].fillna("")
    return frame


def runs_from_store(store: Store) -> pd.DataFrame:
    """The import runs, oldest first: when, who, which files, scope and counts."""
    with database_errors(store.address, "the read"):
        return _runs_from_store(store)


def _runs_from_store(store: Store) -> pd.DataFrame:
    rows = store.connection.execute(
        """SELECT run_id, started_at, imported_at, db_user, bordermap_version, command, files,
                  rows, added, changed, restored, withdrawn, unchanged, places, scope::text
             FROM bordermap.import_runs ORDER BY run_id"""
    ).fetchall()
    names = [
        "run_id",
        "started_at",
        "imported_at",
        "db_user",
        "bordermap_version",
        "command",
        "files",
        "rows",
        "added",
        "changed",
        "restored",
        "withdrawn",
        "unchanged",
        "places",
        "scope",
    ]
    frame = pd.DataFrame(rows, columns=names)
    frame["files"] = frame["files"].map(lambda f: ", ".join(f or []))
    return frame
