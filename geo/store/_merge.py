"""The merge of a staged import into the current incidents, their history and the change log.

Runs inside the import's transaction, under the store's lock (see :mod:`geo.store._load`).
The staging table ``bm_stage`` holds the import: the frame's columns, ``source_file`` and
``ord`` (the row's position). Statements are composed from column identifiers only; the run
number is a bound parameter.

For rows whose ``(dataset, event_id_cnty)`` is known and whose fields differ, the current
version goes to ``incident_history`` with the names of the changed fields and the new one
replaces it (``version`` + 1); withdrawn incidents that come back are restored; new keys
are inserted; incidents of the import's scope (same dataset and country, dated within the
import's first..last date, or undated) missing from it are marked withdrawn. Changes,
restorations and withdrawals are logged in ``incident_changes``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geo.store._load import BOOKKEEPING, KEY, PROVENANCE, table_columns

if TYPE_CHECKING:
    import psycopg

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergeCounts:
    """How many incidents an import added, changed, restored, withdrew, left unchanged."""

    added: int
    changed: int
    restored: int
    withdrawn: int
    unchanged: int


class _Statements:
    """The merge's SQL, composed for the store's columns and the staged columns."""

    def __init__(self, current: dict[str, str], staged: dict[str, str]) -> None:
        from psycopg import sql

        self.sql = sql
        self.current = current
        self.staged = staged
        # Compared and copied: everything but the key, the bookkeeping and the provenance.
        self.data = [
            c for c in current if c not in KEY and c not in PROVENANCE and c not in BOOKKEEPING
        ] + ["geom"]
        self.stored = [c for c in current if c != "withdrawn"]  # the generated column

    def new(self, column: str) -> Any:
        """The staged value of ``column`` in the store's type (NULL when the import lacks it)."""
        sql = self.sql
        kind = sql.SQL(self.current[column])
        if column not in self.staged:
            return sql.SQL("NULL::{}").format(kind)
        if self.staged[column] == self.current[column]:
            return sql.SQL("s.{}").format(sql.Identifier(column))
        return sql.SQL("s.{}::{}").format(sql.Identifier(column), kind)

    def diff(self) -> Any:
        """The rows that differ or come back, with the names of the fields that differ.

        One row comparison finds them (cheap when equal); the per-field names are worked out
        for those rows only.
        """
        sql = self.sql
        new_row = sql.SQL(", ").join(self.new(c) for c in self.data)
        old_row = sql.SQL(", ").join(sql.SQL("c.{}").format(sql.Identifier(c)) for c in self.data)
        cases = sql.SQL(", ").join(
            sql.SQL("CASE WHEN {} IS DISTINCT FROM c.{} THEN {} END").format(
                self.new(c), sql.Identifier(c), sql.Literal(c)
            )
            for c in self.data
        )
        return sql.SQL(
            """CREATE TEMP TABLE bm_diff ON COMMIT DROP AS
               SELECT s.dataset, s.event_id_cnty, c.withdrawn_run IS NOT NULL AS was_withdrawn,
                      array_remove(ARRAY[{cases}]::text[], NULL) AS fields
                 FROM bm_stage s JOIN bordermap.incidents c USING (dataset, event_id_cnty)
                WHERE c.withdrawn_run IS NOT NULL OR ROW({new}) IS DISTINCT FROM ROW({old})"""
        ).format(cases=cases, new=new_row, old=old_row)

    def history(self) -> Any:
        sql = self.sql
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in self.stored)
        source = sql.SQL(", ").join(sql.SQL("c.{}").format(sql.Identifier(c)) for c in self.stored)
        return sql.SQL(
            """INSERT INTO bordermap.incident_history ({}, withdrawn, replaced_run, changed_fields)
               SELECT {}, c.withdrawn, %(run)s, d.fields
                 FROM bordermap.incidents c JOIN bm_diff d USING (dataset, event_id_cnty)
                WHERE cardinality(d.fields) > 0"""
        ).format(columns, source)

    def provenance(self, column: str) -> Any:
        sql = self.sql
        if column in self.staged:
            return sql.SQL("s.{}::{}").format(sql.Identifier(column), sql.SQL(self.current[column]))
        return sql.SQL("NULL")

    def update(self) -> Any:
        sql = self.sql
        sets = [sql.SQL("{} = {}").format(sql.Identifier(c), self.new(c)) for c in self.data]
        sets += [
            sql.SQL("{} = {}").format(sql.Identifier(c), self.provenance(c)) for c in PROVENANCE
        ]
        return sql.SQL(
            """UPDATE bordermap.incidents c
                  SET {}, version = c.version + 1, run_id = %(run)s, withdrawn_run = NULL
                 FROM bm_stage s JOIN bm_diff d USING (dataset, event_id_cnty)
                WHERE c.dataset = s.dataset AND c.event_id_cnty = s.event_id_cnty
                  AND cardinality(d.fields) > 0"""
        ).format(sql.SQL(", ").join(sets))

    def insert(self) -> Any:
        sql = self.sql
        targets = [*KEY, *self.data, *PROVENANCE]
        values = [sql.SQL("s.{}").format(sql.Identifier(k)) for k in KEY]
        values += [self.new(c) for c in self.data]
        values += [self.provenance(c) for c in PROVENANCE]
        return sql.SQL(
            """INSERT INTO bordermap.incidents ({}, version, run_id, first_run, first_ord)
               SELECT {}, 1, %(run)s, %(run)s, s.ord FROM bm_stage s
                WHERE NOT EXISTS (
                      SELECT 1 FROM bordermap.incidents c
                       WHERE c.dataset = s.dataset AND c.event_id_cnty = s.event_id_cnty)"""
        ).format(sql.SQL(", ").join(sql.Identifier(c) for c in targets), sql.SQL(", ").join(values))


_RESTORE = """UPDATE bordermap.incidents c SET withdrawn_run = NULL
                FROM bm_diff d
               WHERE c.dataset = d.dataset AND c.event_id_cnty = d.event_id_cnty
                 AND cardinality(d.fields) = 0 AND d.was_withdrawn"""
_LOG_CHANGED = """INSERT INTO bordermap.incident_changes
                         (run_id, dataset, event_id_cnty, change, version, changed_fields)
                  SELECT %(run)s, d.dataset, d.event_id_cnty,
                         CASE WHEN d.was_withdrawn THEN 'restored' ELSE 'changed' END,
                         c.version, d.fields
                    FROM bm_diff d JOIN bordermap.incidents c USING (dataset, event_id_cnty)"""
_WITHDRAW = """WITH scope AS (
                   SELECT dataset, array_agg(DISTINCT country) AS countries,
                          min(event_date) AS first_date, max(event_date) AS last_date
                     FROM bm_stage GROUP BY dataset),
               gone AS (
                   UPDATE bordermap.incidents c SET withdrawn_run = %(run)s
                     FROM scope
                    WHERE c.withdrawn_run IS NULL
                      AND c.dataset = scope.dataset
                      AND c.country = ANY (scope.countries)
                      AND (c.event_date IS NULL
                           OR c.event_date BETWEEN scope.first_date AND scope.last_date)
                      AND NOT EXISTS (
                          SELECT 1 FROM bm_stage s
                           WHERE s.dataset = c.dataset AND s.event_id_cnty = c.event_id_cnty)
                   RETURNING c.dataset, c.event_id_cnty, c.version)
               INSERT INTO bordermap.incident_changes (run_id, dataset, event_id_cnty, change, version)
               SELECT %(run)s, dataset, event_id_cnty, 'withdrawn', version FROM gone"""


def merge_stage(
    conn: psycopg.Connection, run: int, staged: dict[str, str], *, withdraw: bool
) -> MergeCounts:
    """Merge ``bm_stage`` into the store as import run ``run``; return the counts."""
    statements = _Statements(table_columns(conn, "incidents"), staged)
    params = {"run": run}
    # Hash joins of a large stage should fit in memory; the planner needs the stage's size.
    conn.execute("SET LOCAL work_mem = '256MB'")
    conn.execute("ANALYZE bm_stage")
    conn.execute(statements.diff())
    conn.execute("ANALYZE bm_diff")
    diff = conn.execute(
        "SELECT count(*) FILTER (WHERE cardinality(fields) > 0 AND NOT was_withdrawn), "
        "count(*) FILTER (WHERE was_withdrawn) FROM bm_diff"
    ).fetchone()
    assert diff is not None
    changed, restored = int(diff[0]), int(diff[1])
    conn.execute(statements.history(), params)
    conn.execute(statements.update(), params)
    conn.execute(_RESTORE)
    conn.execute(_LOG_CHANGED, params)
    added = conn.execute(statements.insert(), params).rowcount
    withdrawn = conn.execute(_WITHDRAW, params).rowcount if withdraw else 0
    rows = conn.execute("SELECT count(*) FROM bm_stage").fetchone()
    total = int(rows[0]) if rows else 0
    counts = MergeCounts(
        added=added,
        changed=changed,
        restored=restored,
        withdrawn=withdrawn,
        unchanged=total - added - changed - restored,
    )
    logger.info("store: run %d merged: %s", run, json.dumps(counts.__dict__))
    return counts
