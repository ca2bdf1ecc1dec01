"""Writing an import into the store: one transaction, the store's lock, COPY, then the merge.

One import is one transaction:

1. the store's advisory lock is taken (``pg_advisory_xact_lock``): imports never interleave,
   so two imports at once give the union, never a duplicate or a lost version, and run
   numbers follow the order in which imports are committed;
2. columns the store has not seen yet are added; the run is recorded;
3. into a store without incidents the frame is COPied straight into ``incidents`` (indexes
   dropped and rebuilt after: building a GiST index at once is much cheaper than
   maintaining it row by row); otherwise it is COPied into a temporary staging
   table and merged (:mod:`geo.store._merge`);
4. places and reference features, when given, replace the stored ones;
5. commit. Anything failing (or the client killed) before the commit leaves the store as it
   was: PostgreSQL rolls the whole transaction back.

Every statement is built from identifiers (``psycopg.sql.Identifier``) of column names and
fixed SQL; values travel as COPY data (:mod:`geo.store._frames`) or bound parameters.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import pandas as pd

from geo.errors import MissingCRSError, StoreError
from geo.store._frames import csv_chunks, pg_type
from geo.store._schema import STORE_LOCK

if TYPE_CHECKING:
    import psycopg

logger = logging.getLogger(__name__)

#: Columns the store keeps for itself: a frame may not bring its own.
BOOKKEEPING: Final[frozenset[str]] = frozenset(
    {
        "geom",
        "version",
        "run_id",
        "first_run",
        "first_ord",
        "withdrawn_run",
        "withdrawn",
        "replaced_run",
        "changed_fields",
        "ord",
    }
)
#: Provenance: written with each version, never compared.
PROVENANCE: Final[tuple[str, ...]] = ("source_file", "source_line")
KEY: Final[tuple[str, str]] = ("dataset", "event_id_cnty")
MAX_IDENTIFIER: Final[int] = 63
#: (frame column, table column, PostgreSQL type)
Column = tuple[str, str, str]


def table_columns(conn: psycopg.Connection, table: str) -> dict[str, str]:
    """Column name -> PostgreSQL type of a ``bordermap`` table, in table order."""
    rows = conn.execute(
        """SELECT a.attname, format_type(a.atttypid, NULL)
             FROM pg_attribute a
            WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""",
        (f"bordermap.{table}",),
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def frame_columns(frame: pd.DataFrame) -> list[Column]:
    """The frame's columns as ``(frame column, table column, pg type)``; geometry is ``geom``.

    Raises
    ------
    StoreError
        A column name the store keeps for itself, or longer than PostgreSQL allows.
    """
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    out = []
    for column in frame.columns:
        name = str(column)
        if name == geometry:
            out.append((name, "geom", "geometry"))
            continue
        if name in BOOKKEEPING:
            raise StoreError(
                f"column {name!r}: the store keeps a column of that name itself; rename it"
            )
        if len(name.encode()) > MAX_IDENTIFIER:
            raise StoreError(f"column {name[:40]!r}...: longer than PostgreSQL's 63-byte names")
        out.append((name, name, pg_type(name, frame[column].dtype)))
    return out


def dtype_record(frame: pd.DataFrame) -> list[list[str]]:
    """``[[column, pandas dtype], ...]`` in frame order (the geometry as ``geometry``)."""
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    return [[str(c), "geometry" if c == geometry else str(frame[c].dtype)] for c in frame.columns]


def in_wgs84(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326 (reprojected if need be); no CRS is an error."""
    if not isinstance(frame, gpd.GeoDataFrame):
        raise StoreError(f"the {what} must be a GeoDataFrame")
    if frame.crs is None:
        raise MissingCRSError(f"the {what} have no CRS; set one with .set_crs('EPSG:4326')")
    return frame if frame.crs.to_epsg() == 4326 else frame.to_crs(4326)


def prepared_incidents(incidents: gpd.GeoDataFrame, files: Sequence[str]) -> gpd.GeoDataFrame:
    """The frame to import: EPSG:4326, a ``dataset`` and a ``source_file`` for every row.

    Raises
    ------
    StoreError
        A row without ``event_id_cnty``, or rows sharing ``(dataset, event_id_cnty)``.
    """
    frame = in_wgs84(incidents, "incidents")
    if "dataset" not in frame.columns:
        frame = frame.assign(dataset=pd.array(["bordermap"] * len(frame), dtype="string"))
    if frame["event_id_cnty"].isna().any() or frame["dataset"].isna().any():
        raise StoreError("every incident needs an event_id_cnty and a dataset to be stored")
    duplicates = duplicate_keys_error(frame)
    if duplicates is not None:
        raise duplicates
    return frame


def duplicate_keys_error(frame: pd.DataFrame) -> StoreError | None:
    """A StoreError naming rows that share ``(dataset, event_id_cnty)``, or ``None``."""
    dup = frame.duplicated(list(KEY), keep=False)
    if not dup.any():
        return None
    shown = []
    for _, row in frame.loc[dup].head(6).iterrows():
        where = [
            str(row[c]) for c in ("source_file", "source_line") if c in row and pd.notna(row[c])
        ]
        shown.append(f"{row['event_id_cnty']}" + (f" ({', line '.join(where)})" if where else ""))
    return StoreError(
        f"{int(dup.sum())} rows share a dataset and event_id_cnty ({'; '.join(shown)}); "
        "import overlapping exports one at a time, oldest first"
    )


def scope_of_frame(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Per dataset of an import: its countries, first and last event date, row count."""
    scope = []
    for dataset, rows in frame.groupby("dataset", sort=True):
        dates = rows["event_date"].dropna() if "event_date" in rows.columns else pd.Series([])
        scope.append(
            {
                "dataset": str(dataset),
                "countries": sorted({str(c) for c in rows["country"].dropna()}),
                "first_date": dates.min().date().isoformat() if len(dates) else None,
                "last_date": dates.max().date().isoformat() if len(dates) else None,
                "rows": len(rows),
            }
        )
    return scope


def copy_frame(
    conn: psycopg.Connection, table: Any, frame: pd.DataFrame, columns: Sequence[Column]
) -> int:
    """COPY ``frame``'s ``columns`` into ``table`` (an ``sql`` identifier); return the rows."""
    from psycopg import sql
    from psycopg.copy import QueuedLibpqWriter

    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        table, sql.SQL(", ").join(sql.Identifier(target) for _, target, _ in columns)
    )
    pieces = [(source, pg) for source, _, pg in columns]
    with conn.cursor() as cur, cur.copy(statement, writer=QueuedLibpqWriter(cur)) as copy:
        for chunk in csv_chunks(frame, pieces):
            copy.write(chunk)
    return len(frame)


def add_missing_columns(
    conn: psycopg.Connection, tables: Sequence[str], columns: Sequence[Column]
) -> list[str]:
    """``ALTER TABLE ... ADD COLUMN`` for columns the store has not seen; return their names."""
    from psycopg import sql

    have = table_columns(conn, tables[0])
    added = []
    for _, target, pg in columns:
        if target in have:
            continue
        for table in tables:
            conn.execute(
                sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(
                    sql.Identifier("bordermap", table), sql.Identifier(target), sql.SQL(pg)
                )
            )
        added.append(target)
    if added:
        logger.info("store: new columns %s", ", ".join(added))
    return added


def lock_store(conn: psycopg.Connection) -> None:
    """Wait for the store's write lock (held until the end of the transaction)."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (STORE_LOCK,))


def start_run(
    conn: psycopg.Connection,
    *,
    started_at: Any,
    files: Sequence[str],
    command: str | None,
    columns: list[list[str]],
) -> int:
    """Record a new import run; return its number."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("bordermap")
    except PackageNotFoundError:
        ours = None
    row = conn.execute(
        """INSERT INTO bordermap.import_runs (started_at, bordermap_version, command, files, columns)
           VALUES (%s, %s, %s, %s, %s) RETURNING run_id""",
        (started_at, ours, command, list(files), json.dumps(columns)),
    ).fetchone()
    assert row is not None
    return int(row[0])


def _with_source_file(
    frame: gpd.GeoDataFrame, files: Sequence[str]
) -> tuple[gpd.GeoDataFrame, list[Column]]:
    """The frame's columns plus ``source_file`` (the one file imported, if the frame lacks it)."""
    columns = frame_columns(frame)
    if "source_file" not in frame.columns:
        only = files[0] if len(files) == 1 else None
        frame = frame.assign(source_file=pd.array([only] * len(frame), dtype="string"))
        columns.append(("source_file", "source_file", "text"))
    return frame, columns


def stage_frame(
    conn: psycopg.Connection, frame: gpd.GeoDataFrame, files: Sequence[str]
) -> dict[str, str]:
    """Create the temporary ``bm_stage`` and COPY the frame into it; return column -> type."""
    from psycopg import sql

    frame, columns = _with_source_file(frame, files)
    columns.append(("ord", "ord", "integer"))
    definition = sql.SQL(", ").join(
        sql.SQL("{} {}").format(
            sql.Identifier(target),
            sql.SQL("geometry(Geometry, 4326)" if pg == "geometry" else pg),
        )
        for _, target, pg in columns
    )
    conn.execute(sql.SQL("CREATE TEMP TABLE bm_stage ({}) ON COMMIT DROP").format(definition))
    copy_frame(conn, sql.Identifier("bm_stage"), frame, columns)
    return {target: pg for _, target, pg in columns}


def store_is_empty(conn: psycopg.Connection) -> bool:
    """True when the store holds no incident at all (an import can skip the merge)."""
    row = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM bordermap.incidents)").fetchone()
    return bool(row and row[0])


def load_into_empty(
    conn: psycopg.Connection, frame: gpd.GeoDataFrame, files: Sequence[str], run: int
) -> int:
    """COPY the frame straight into the empty ``incidents``, indexes rebuilt after; return rows."""
    from psycopg import sql

    frame, columns = _with_source_file(frame, files)
    frame = frame.assign(version=1, run_id=run, first_run=run)
    columns += [
        ("version", "version", "integer"),
        ("run_id", "run_id", "bigint"),
        ("first_run", "first_run", "bigint"),
        ("ord", "first_ord", "integer"),
    ]
    conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
    rebuild = _drop_indexes(conn, "incidents")
    copy_frame(conn, sql.Identifier("bordermap", "incidents"), frame, columns)
    for statement in rebuild:
        conn.execute(statement)
    conn.execute("ANALYZE bordermap.incidents")
    return len(frame)


def _drop_indexes(conn: psycopg.Connection, table: str) -> list[Any]:
    """Drop a table's indexes (and the constraints they back); return what recreates them."""
    from psycopg import sql

    rows = conn.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
                  c.conname, pg_get_constraintdef(c.oid)
             FROM pg_index i
             LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
            WHERE i.indrelid = to_regclass(%s)""",
        (f"bordermap.{table}",),
    ).fetchall()
    target = sql.Identifier("bordermap", table)
    rebuild: list[Any] = []
    # Definitions come from the catalog (pg_get_indexdef), not from anyone's input.
    for index, definition, constraint, constraint_definition in rows:
        if constraint is not None:
            conn.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    target, sql.Identifier(constraint)
                )
            )
            rebuild.append(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                    target, sql.Identifier(constraint), sql.SQL(constraint_definition)
                )
            )
        else:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(index)))
            rebuild.append(sql.SQL(definition))
    return rebuild


def write_side_tables(
    conn: psycopg.Connection,
    run: int,
    places: gpd.GeoDataFrame | None,
    features: gpd.GeoDataFrame | None,
) -> int:
    """Write places mentioned (replacing their articles') and reference features; return places."""
    written = 0
    if features is not None:
        conn.execute("DELETE FROM bordermap.features")
        _copy_side(conn, "features", in_wgs84(features, "features"), run)
        conn.execute(
            "UPDATE bordermap.import_runs SET feature_columns = %s WHERE run_id = %s",
            (json.dumps(dtype_record(features)), run),
        )
    if places is not None and len(places):
        articles = sorted({str(a) for a in places["article"].dropna()})
        conn.execute("DELETE FROM bordermap.places WHERE article = ANY (%s)", (articles,))
        written = _copy_side(conn, "places", in_wgs84(places, "places"), run)
        conn.execute(
            "UPDATE bordermap.import_runs SET place_columns = %s WHERE run_id = %s",
            (json.dumps(dtype_record(places)), run),
        )
    return written


def _copy_side(conn: psycopg.Connection, table: str, frame: gpd.GeoDataFrame, run: int) -> int:
    from psycopg import sql

    columns = frame_columns(frame)
    add_missing_columns(conn, (table,), columns)
    columns += [("run_id", "run_id", "bigint"), ("ord", "ord", "integer")]
    target = sql.Identifier("bordermap", table)
    return copy_frame(conn, target, frame.assign(run_id=run), columns)
