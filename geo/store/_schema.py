"""The store's tables, as numbered migrations, and the check that a database holds this version.

Everything lives in the PostgreSQL schema ``bordermap``:

- ``schema_version`` — one row per migration applied (version, when, by whom, bordermap's
  version);
- ``import_runs`` — one row per import: when, who, the files, the scope it covered, the
  columns and dtypes of what was imported, and the counts added / changed / restored /
  withdrawn / unchanged;
- ``incidents`` — the current version of every incident ever imported, one row per
  ``(dataset, event_id_cnty)``: the incident schema's columns with their types (dates as
  ``date``, counts as ``integer``), columns of the dataset beyond the schema (``ucdp_*``,
  ``inter1``...; added when first imported), the geometry (``geom``, EPSG:4326, GiST index),
  provenance (``source_file``, ``source_line``, ``run_id``), ``version``, ``first_run`` and
  ``withdrawn_run`` / ``withdrawn`` (missing from a newer export of its scope: kept, marked);
- ``incident_history`` — every earlier version of an incident, with the run that replaced it
  (``replaced_run``) and the fields that changed;
- ``incident_changes`` — the change log: per run and incident, ``changed`` / ``restored`` /
  ``withdrawn`` with the changed fields (``added`` is ``incidents.first_run``: a log row
  per new incident would weigh on a first import like one more index);
- ``places`` (places the articles mention) and ``features`` (reference features: regions,
  corridors, checkpoints, the border) — from migration 2.

A migration is a list of statements that never changes once released; a new bordermap adds
migrations. Bulk tables carry no foreign keys (run ids are written by bordermap alone, and
a check per row would weigh on every bulk import).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from geo.errors import StoreSchemaError

if TYPE_CHECKING:
    import psycopg

logger = logging.getLogger(__name__)

#: The advisory lock every writer holds while it changes the store (transaction-scoped).
STORE_LOCK: Final[int] = 0x626F_7264_6572  # "border"

_INCIDENT_COLUMNS_V1 = """
    dataset text NOT NULL,
    event_id_cnty text NOT NULL,
    event_date date,
    year integer,
    time_precision integer,
    disorder_type text,
    event_type text,
    sub_event_type text,
    actor1 text,
    assoc_actor_1 text,
    actor2 text,
    assoc_actor_2 text,
    iso integer,
    country text,
    admin1 text,
    admin2 text,
    location text,
    latitude double precision,
    longitude double precision,
    geo_precision integer,
    source text,
    source_scale text,
    notes text,
    fatalities integer,
    tags text,
    injuries integer,
    weapons text,
    date_earliest date,
    date_latest date,
    evidence text,
    source_url text,
    review_status text,
    place_id text,
    place_name text,
    place_precision text,
    geometry_type text,
    coord_source text,
    geocode_confidence double precision,
    coord_check text,
    geom geometry(Geometry, 4326),
    source_file text,
    source_line integer,
    version integer NOT NULL,
    run_id bigint NOT NULL,
    first_run bigint NOT NULL,
    first_ord integer NOT NULL,
    withdrawn_run bigint"""

#: version -> statements. Never edit a released migration: add one.
MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        "CREATE SCHEMA IF NOT EXISTS bordermap",
        """CREATE TABLE bordermap.schema_version (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now(),
            applied_by text NOT NULL DEFAULT current_user,
            bordermap_version text
        )""",
        """CREATE TABLE bordermap.import_runs (
            run_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            started_at timestamptz NOT NULL,
            imported_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            db_user text NOT NULL DEFAULT current_user,
            bordermap_version text,
            command text,
            files text[] NOT NULL DEFAULT '{}',
            scope jsonb NOT NULL DEFAULT '[]',
            columns jsonb NOT NULL DEFAULT '[]',
            rows integer NOT NULL DEFAULT 0,
            added integer NOT NULL DEFAULT 0,
            changed integer NOT NULL DEFAULT 0,
            restored integer NOT NULL DEFAULT 0,
            withdrawn integer NOT NULL DEFAULT 0,
            unchanged integer NOT NULL DEFAULT 0
        )""",
        f"""CREATE TABLE bordermap.incidents ({_INCIDENT_COLUMNS_V1},
            withdrawn boolean GENERATED ALWAYS AS (withdrawn_run IS NOT NULL) STORED,
            PRIMARY KEY (dataset, event_id_cnty)
        )""",
        "CREATE INDEX incidents_geom_idx ON bordermap.incidents USING gist (geom)",
        "CREATE INDEX incidents_event_date_idx ON bordermap.incidents (event_date)",
        f"""CREATE TABLE bordermap.incident_history ({_INCIDENT_COLUMNS_V1},
            withdrawn boolean NOT NULL,
            replaced_run bigint NOT NULL,
            changed_fields text[] NOT NULL,
            PRIMARY KEY (dataset, event_id_cnty, version)
        )""",
        "CREATE INDEX incident_history_geom_idx ON bordermap.incident_history USING gist (geom)",
        """CREATE TABLE bordermap.incident_changes (
            run_id bigint NOT NULL,
            dataset text NOT NULL,
            event_id_cnty text NOT NULL,
            change text NOT NULL CHECK (change IN ('changed', 'restored', 'withdrawn')),
            version integer NOT NULL,
            changed_fields text[] NOT NULL DEFAULT '{}',
            PRIMARY KEY (run_id, dataset, event_id_cnty)
        )""",
        "CREATE INDEX incident_changes_event_idx ON bordermap.incident_changes (dataset, event_id_cnty)",
    ),
    2: (
        """CREATE TABLE bordermap.places (
            article text NOT NULL,
            place_id text NOT NULL,
            name text,
            feature_class text,
            country text,
            precision text,
            source text,
            source_id text,
            population bigint,
            derived_from text,
            approximate boolean,
            geometry_type text,
            role text,
            mentions integer,
            surfaces text,
            first_start integer,
            sentence text,
            confidence double precision,
            geom geometry(Geometry, 4326),
            run_id bigint NOT NULL,
            ord integer NOT NULL,
            PRIMARY KEY (article, place_id)
        )""",
        "CREATE INDEX places_geom_idx ON bordermap.places USING gist (geom)",
        """CREATE TABLE bordermap.features (
            place_id text PRIMARY KEY,
            name text,
            feature_class text,
            country text,
            precision text,
            aliases text,
            derived_from text,
            approximate boolean,
            licence text,
            geom geometry(Geometry, 4326),
            run_id bigint NOT NULL,
            ord integer NOT NULL
        )""",
        "CREATE INDEX features_geom_idx ON bordermap.features USING gist (geom)",
        "ALTER TABLE bordermap.import_runs ADD COLUMN places integer NOT NULL DEFAULT 0",
        "ALTER TABLE bordermap.import_runs ADD COLUMN place_columns jsonb NOT NULL DEFAULT '[]'",
        "ALTER TABLE bordermap.import_runs ADD COLUMN feature_columns jsonb NOT NULL DEFAULT '[]'",
    ),
}

#: The schema version this bordermap reads and writes.
SCHEMA_VERSION: Final[int] = max(MIGRATIONS)


def schema_version(conn: psycopg.Connection) -> int | None:
    """The store's schema version, or ``None`` when the database holds no bordermap store."""
    found = conn.execute("SELECT to_regclass('bordermap.schema_version')").fetchone()
    if found is None or found[0] is None:
        return None
    row = conn.execute("SELECT max(version) FROM bordermap.schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: psycopg.Connection, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the migrations the store lacks, up to ``target``, in one transaction.

    Holds the store's lock, so two clients migrating at once apply each migration once.
    ``conn`` must be in autocommit mode (no transaction open).
    Returns the versions applied (empty when the store was up to date).
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("bordermap")
    except PackageNotFoundError:
        ours = None
    applied = []
    # A session lock around the transaction: the version is read in a transaction that
    # starts after the lock, so it sees (catalog included) what an earlier migrator made.
    conn.execute("SELECT pg_advisory_lock(%s)", (STORE_LOCK,))
    try:
        with conn.transaction():
            current = schema_version(conn) or 0
            for number in range(current + 1, target + 1):
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO bordermap.schema_version (version, bordermap_version) "
                    "VALUES (%s, %s)",
                    (number, ours),
                )
                applied.append(number)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (STORE_LOCK,))
    if applied:
        logger.info("store schema migrated to version %d (applied %s)", target, applied)
    return applied


def check_schema(conn: psycopg.Connection, *, where: str) -> None:
    """Raise :class:`StoreSchemaError` unless the store is at :data:`SCHEMA_VERSION`."""
    found = schema_version(conn)
    if found is None:
        raise StoreSchemaError(
            f"{where}: no bordermap store in this database; import into it first "
            "(bordermap import FILE --to URL)"
        )
    if found < SCHEMA_VERSION:
        raise StoreSchemaError(
            f"{where}: the store has schema version {found}, made by an older bordermap; this "
            f"one needs version {SCHEMA_VERSION}: upgrade it with --migrate (then every "
            "bordermap that uses it must be this version or newer)"
        )
    if found > SCHEMA_VERSION:
        raise StoreSchemaError(
            f"{where}: the store has schema version {found}, made by a newer bordermap; this "
            f"one knows version {SCHEMA_VERSION}: upgrade bordermap (pip install -U bordermap)"
        )
