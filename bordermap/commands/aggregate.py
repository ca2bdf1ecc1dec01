"""``bordermap aggregate``: incident partitions -> counts per day and grid cell, and their map.

One process, or a dask cluster with ``--engine dask`` (:func:`geo.analysis.aggregate`).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bordermap.commands import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from bordermap.commands._dates import add_date_order_options, date_order_from
from bordermap.commands._encoding import add_encoding_option
from bordermap.commands._memory import use_table_allocator
from bordermap.commands._report import print_files, rejected_rows
from bordermap.terminal import say

if TYPE_CHECKING:
    from geo.analysis import AggregateResult
    from geo.exports import OutputSet

__all__ = ["AGGREGATE_OUTPUTS", "add_parser", "run"]

#: The files (and the folder of parts) ``aggregate`` owns in its output folder.
AGGREGATE_OUTPUTS = (
    "cells.csv",
    "map.html",
    "incidents",
    "rejected.csv",
    "unresolved.csv",
    "coord_checks.csv",
)
#: Longest --connect-timeout (seconds): a day; far longer overflows the clocks below.
_MAX_CONNECT_TIMEOUT = 86400.0
_KEYS = {
    "cells.csv": "cells",
    "map.html": "map",
    "incidents": "incidents",
    "rejected.csv": "rejected",
    "unresolved.csv": "unresolved",
    "coord_checks.csv": "coord_checks",
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``aggregate`` parser to ``subparsers``; return it."""
    a = subparsers.add_parser(
        "aggregate",
        help="count incidents per day and grid cell (border distance too); single process or dask",
        description="Import incident files (CSV partitions: ACLED, UCDP GED, bordermap; or "
        "GeoParquet partitions of incidents; a folder stands for its *.csv / *.parquet files), "
        "place them, measure their distance to the Armenia-Azerbaijan border and count them per "
        "day and grid cell. Writes OUTPUT/cells.csv (the aggregate), OUTPUT/map.html (a map of "
        "the cells), and for CSV inputs OUTPUT/incidents/ (the imported incidents as GeoParquet "
        "parts), rejected.csv, unresolved.csv, coord_checks.csv. --engine dask runs the same "
        "steps on a dask cluster (a local one, or --scheduler); the results are identical. "
        "Exit status: 0 done; 1 bad input; 2 bad options; 3 done, some rows rejected; 4 an output "
        "could not be written; 5 the dask cluster failed (bordermap --help lists them all).",
    )
    a.add_argument("inputs", nargs="+", metavar="INPUT", help="file(s) or folder(s) of partitions")
    a.add_argument(
        "--output",
        default="out/aggregate",
        metavar="DIR",
        help="output folder (default: out/aggregate)",
    )
    a.add_argument(
        "--engine",
        choices=("single", "dask"),
        default="single",
        help="single: this process (default); dask: a dask cluster (pip install 'bordermap[dask]')",
    )
    a.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="dask scheduler address (tcp://host:8786); default: start a local cluster",
    )
    a.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="workers of the local cluster (default 2)",
    )
    a.add_argument(
        "--cell-deg",
        type=float,
        default=0.1,
        metavar="DEG",
        help="grid cell size in degrees, 0.001 to 10 (default 0.1)",
    )
    a.add_argument(
        "--near-km",
        type=float,
        default=10.0,
        metavar="KM",
        help="count incidents within this distance of the border (default 10)",
    )
    a.add_argument(
        "--format",
        choices=("auto", "acled", "ucdp", "bordermap"),
        default="auto",
        help="format of CSV inputs (default: auto)",
    )
    add_date_order_options(a)
    add_encoding_option(a, what="CSV inputs")
    a.add_argument(
        "--connect-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds to wait for --scheduler to answer (default 10; at most 86400)",
    )
    a.set_defaults(run=run)
    return a


def run(args: argparse.Namespace) -> int:
    """Aggregate, write the cells, their map and the import reports; print a summary.

    Exit 2 on bad options, 3 if rows were rejected; :mod:`bordermap.failures` maps the
    errors (1 for a bad input file, as the help says).
    """
    from geo.analysis import aggregate
    from geo.exports import output_set, recover_outputs

    use_table_allocator()
    usage = _usage_problem(args)
    if usage:
        say(f"bordermap: {usage}")
        return EXIT_USAGE
    if args.engine == "dask" and not args.verbose:
        _quieten_distributed()
    out = Path(args.output)
    recover_outputs(out)
    # The output folder is held from the start: the import writes its parts into the set.
    with output_set(
        out, owned=AGGREGATE_OUTPUTS, folders=["incidents"], keep=args.inputs
    ) as staged:
        result = aggregate(
            args.inputs,
            engine=args.engine,
            scheduler_address=args.scheduler,
            n_workers=args.workers,
            cell_deg=args.cell_deg,
            near_km=args.near_km,
            incidents_dir=staged.path("incidents"),
            format=args.format,
            date_order=date_order_from(args),
            encoding=args.encoding,
            connect_timeout=args.connect_timeout,
        )
        _write(result, staged, cell_deg=args.cell_deg)
        files = {_KEYS[name]: staged.final(name) for name in staged.written()}
    rejected = 0
    if result.imported is not None and len(result.imported.rejected):
        rejected = rejected_rows(result.imported.rejected)
    print(
        f"aggregated ({result.engine} engine): {result.incidents:,} incident(s) from "
        f"{len(result.parts)} partition(s) into {len(result.cells):,} day x cell group(s)"
    )
    if rejected:
        print(f"rejected rows: {rejected} (see {files['rejected']})")
    print_files(files, width=14)
    return EXIT_PARTIAL if rejected else EXIT_OK


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options together, or ``None``."""
    if args.scheduler and args.engine != "dask":
        return "--scheduler needs --engine dask"
    if args.workers < 1:
        return "--workers must be >= 1"
    from geo.analysis import cell_deg_problem

    problem = cell_deg_problem(args.cell_deg)
    if problem is not None:
        return f"--cell-deg {problem}"
    if not 0.0 <= args.near_km < float("inf"):  # NaN fails too
        return f"--near-km must be a number >= 0, not {args.near_km}"
    if not 1e-3 <= args.connect_timeout <= _MAX_CONNECT_TIMEOUT:
        return (
            f"--connect-timeout must be a number of seconds from 0.001 to "
            f"{_MAX_CONNECT_TIMEOUT:g}, not {args.connect_timeout}"
        )
    return None


def _quieten_distributed() -> None:
    """Importing distributed sets its loggers to INFO (every cluster event); quieten them."""
    with contextlib.suppress(ImportError):
        import distributed  # noqa: F401
    logging.getLogger("distributed").setLevel(logging.WARNING)


def _write(result: AggregateResult, out: OutputSet, *, cell_deg: float) -> None:
    """Write cells.csv, map.html and, for CSV inputs, the import reports into the set."""
    from geo.exports import write_csv
    from layers import cells_map, save_map

    write_csv(result.cells, out.path("cells.csv"))
    m = cells_map(result.cells, cell_deg=cell_deg, title="bordermap: incidents per cell")
    save_map(m, out.path("map.html"))
    if result.imported is not None:
        imp = result.imported
        write_csv(imp.rejected, out.path("rejected.csv"))
        write_csv(imp.unresolved, out.path("unresolved.csv"))
        write_csv(imp.flagged, out.path("coord_checks.csv"))
