"""``bordermap changes``: what imports into the incident store added, changed, withdrew.

One block per import run (when, who, which files, the counts), then one line per incident:
``added``, ``changed`` (with the fields that changed), ``restored`` (back after being
withdrawn) or ``withdrawn`` (missing from a newer export of its scope). ``--output FILE.csv``
writes every line as CSV (with the incident's current coordinates as WKT).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bordermap.commands import EXIT_OK, EXIT_USAGE
from bordermap.commands._store import add_read_options, open_for_reading
from bordermap.terminal import say

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``changes`` parser to ``subparsers``; return it."""
    c = subparsers.add_parser(
        "changes",
        help="list what imports into the incident store added, changed or withdrew",
        description="List, per import run into the incident store, the incidents added, "
        "changed (and which fields), restored or withdrawn (missing from a newer export of "
        "the same scope). Default: the last import.",
    )
    add_read_options(c, selection=False)
    c.add_argument(
        "--since",
        default=None,
        metavar="DATE|RUN",
        help="changes of imports on or after DATE (YYYY-MM-DD), or of runs after RUN (a run "
        "number); default: the last import",
    )
    c.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help="print at most N incidents per run (default 50; --output lists them all)",
    )
    c.add_argument("--output", default=None, metavar="FILE.csv", help="write every change as CSV")
    c.set_defaults(run=run)
    return c


def run(args: argparse.Namespace) -> int:
    """Print the changes (and write them with ``--output``)."""
    from geo.exports import write_csv
    from geo.store import changes_from_store, runs_from_store

    if args.from_url is None:
        say("bordermap: changes needs --from URL (the incident store)")
        return EXIT_USAGE
    with open_for_reading(args.from_url) as store:
        changes = changes_from_store(store, since=args.since)
        runs = runs_from_store(store)
    shown = runs[runs["run_id"].isin(set(changes["run_id"]))]
    if not len(changes):
        print("no changes" + (f" since {args.since}" if args.since else " in the last import"))
    for run_row in shown.itertuples(index=False):
        _print_run(run_row, changes[changes["run_id"] == run_row.run_id], limit=args.limit)
    if args.output:
        frame = changes.assign(geometry_wkt=changes.geometry.to_wkt()).drop(columns="geometry")
        print(f"changes: {len(changes)} written to {write_csv(frame, args.output)}")
    return EXIT_OK


def _print_run(run: Any, changes: pd.DataFrame, *, limit: int) -> None:
    import pandas as pd

    files = run.files or "-"
    print(
        f"run {run.run_id} ({run.imported_at:%Y-%m-%d %H:%M %Z}, {run.db_user}, {files}): "
        f"{run.added} added, {run.changed} changed, {run.restored} restored, "
        f"{run.withdrawn} withdrawn"
    )
    for row in changes.head(max(limit, 0)).itertuples(index=False):
        date = "" if pd.isna(row.event_date) else f"{row.event_date:%Y-%m-%d}"
        fields = f"  ({row.changed_fields})" if row.changed_fields else ""
        print(
            f"  {row.change:<10s}{row.dataset} {row.event_id_cnty}  {date}  "
            f"{row.location if isinstance(row.location, str) else ''}{fields}"
        )
    if len(changes) > limit:
        print(f"  ... and {len(changes) - limit} more (--output FILE.csv lists them all)")
