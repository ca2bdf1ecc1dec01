"""``bordermap import``: ACLED / UCDP GED / bordermap files -> incidents file and reports.

With ``--to URL`` the incidents go into the incident store (PostgreSQL/PostGIS, see
:mod:`geo.store`) instead of files. The module is ``import_`` because ``import`` is a Python
keyword. Each step (read, join, write or store) logs its duration at INFO level with ``step`` and ``seconds`` attributes on the record;
``-v`` shows them and the benchmarks read them.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bordermap.commands import EXIT_OK, EXIT_PARTIAL
from bordermap.commands._dates import add_date_order_options, date_order_from
from bordermap.commands._encoding import add_encoding_option
from bordermap.commands._memory import use_table_allocator
from bordermap.commands._report import print_files, rejected_rows
from bordermap.commands._store import (
    add_write_options,
    open_for_writing,
    print_run,
    withdraw_allowed,
)
from bordermap.failures import working_on

if TYPE_CHECKING:
    import pandas as pd

    from geo.incidents import DateOrder, Format, JoinResult

__all__ = ["IMPORT_OUTPUTS", "add_parser", "run"]

logger = logging.getLogger(__name__)

#: The files ``import`` owns in its output folder: one incidents file (an earlier import's
#: file of another format is removed) and the three reports.
IMPORT_OUTPUTS = (
    "incidents.geojson",
    "incidents.gpkg",
    "incidents.parquet",
    "rejected.csv",
    "unresolved.csv",
    "coord_checks.csv",
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``import`` parser to ``subparsers``; return it."""
    i = subparsers.add_parser(
        "import",
        help="read ACLED / UCDP GED / bordermap files into incidents.geojson (+ rejected.csv)",
        description="Read incident files (ACLED CSV exports, UCDP GED CSV, bordermap's CSV or "
        "GeoJSON) into the incident schema, place them with the gazetteer, check record "
        "coordinates against the places they name, merge the same event found in two "
        "datasets, and write incidents.geojson (or .gpkg / .parquet, see --output-format), "
        "rejected.csv, unresolved.csv and coord_checks.csv. Exit status: 0 all rows imported; "
        "3 some rows rejected (the rest imported; see rejected.csv); 1 a file could not be "
        "read; 4 an output could not be written (bordermap --help lists them all).",
    )
    i.add_argument("files", nargs="+", metavar="FILE", help="incident file(s)")
    i.add_argument(
        "--format",
        choices=("auto", "acled", "ucdp", "bordermap", "geojson"),
        default="auto",
        help="format of every FILE (default: auto, told from the header)",
    )
    i.add_argument(
        "--output", default="out/import", metavar="DIR", help="output folder (default: out/import)"
    )
    i.add_argument(
        "--output-format",
        choices=("geojson", "gpkg", "parquet"),
        default="geojson",
        help="incidents file: RFC 7946 GeoJSON (default; opens anywhere), GeoPackage (QGIS/ArcGIS "
        "native, spatial index: best for large imports in a GIS) or GeoParquet (smallest and "
        "fastest; GDAL >= 3.8, pandas, DuckDB)",
    )
    add_date_order_options(i)
    add_encoding_option(i, what="incident files")
    add_write_options(i, what="the incidents (and the reference features)")
    i.set_defaults(run=run)
    return i


def run(args: argparse.Namespace) -> int:
    """Read, place and write the incidents; print a summary. Exit 3 if rows were rejected."""
    from geo.exports import recover_outputs
    from geo.incidents import incidents_with_places

    use_table_allocator()
    recover_outputs(args.output)
    if args.to is not None:
        return _run_to_store(args)
    incidents, rejected = _read_files(
        args.files, format=args.format, date_order=date_order_from(args), encoding=args.encoding
    )
    with _timed("join"), working_on(", ".join(args.files)):
        joined = incidents_with_places(incidents, merge_duplicates=True)
    with _timed("write"):
        files = _write(
            joined,
            rejected,
            Path(args.output),
            output_format=args.output_format,
            inputs=args.files,
        )
    gdf = joined.incidents
    merged = int(gdf["merged_ids"].notna().sum()) if "merged_ids" in gdf.columns else 0
    print(
        f"imported: {len(gdf)} incident(s) ({len(incidents) - len(gdf)} merged into {merged} "
        f"event(s) found in two datasets; {len(joined.unresolved)} unresolved)"
    )
    checks = gdf["coord_check"].value_counts()
    print("coordinate checks: " + (", ".join(f"{k} {v}" for k, v in checks.items()) or "none"))
    if len(rejected):
        print(f"rejected rows: {rejected_rows(rejected)} (see {files['rejected']})")
    print_files(files, width=14)
    return EXIT_PARTIAL if len(rejected) else EXIT_OK


def _run_to_store(args: argparse.Namespace) -> int:
    """``--to URL``: the incidents go into the store (one transaction); rejected.csv if any.

    Events found in two datasets are not merged here: the store keeps each dataset's own
    rows, whose ids a newer export of that dataset updates.
    """
    from geo.exports import output_set, write_csv
    from geo.incidents import incidents_with_places
    from geo.places import reference_features
    from geo.store import store_incidents

    with open_for_writing(args) as store:  # a store that cannot be used fails first
        incidents, rejected = _read_files(
            args.files,
            format=args.format,
            date_order=date_order_from(args),
            encoding=args.encoding,
        )
        with _timed("join"), working_on(", ".join(args.files)):
            joined = incidents_with_places(incidents)
        with _timed("store"):
            run = store_incidents(
                store,
                joined.incidents,
                files=[str(f) for f in args.files],
                features=reference_features(),
                withdraw=withdraw_allowed(args, rejected),
                command="bordermap import",
            )
        print_run(store, run, rejected=bool(len(rejected)))
    # rejected.csv when rows were rejected; an earlier one goes when none were.
    with output_set(args.output, owned=["rejected.csv"], keep=args.files) as out:
        if len(rejected):
            write_csv(rejected, out.path("rejected.csv"))
    if len(rejected):
        print(f"rejected rows: {rejected_rows(rejected)} (see {out.final('rejected.csv')})")
    return EXIT_PARTIAL if len(rejected) else EXIT_OK


@contextlib.contextmanager
def _timed(step: str) -> Iterator[None]:
    """Log how long a step of the command took (``-v`` shows it; the benchmarks read it)."""
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    logger.info("%s: %.2f s", step, seconds, extra={"step": step, "seconds": seconds})


def _read_files(
    paths: Sequence[str],
    *,
    format: Format | Literal["auto"],
    date_order: DateOrder,
    encoding: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every file; incidents and rejects (:func:`geo.incidents.incidents_from_reads`:
    ``source_file`` when there are several, an id repeated across files rejected)."""
    from geo.incidents import incidents_from_reads, read_incidents

    reads = []
    for path in paths:
        with _timed("read"), working_on(path):
            read = read_incidents(path, format=format, date_order=date_order, encoding=encoding)
        reads.append((str(path), read))
        n = len(read.incidents)
        print(f"{path}: {n} incident(s), {rejected_rows(read.rejected)} rejected row(s)")
    combined = incidents_from_reads(reads)
    return combined.incidents, combined.rejected


def _write(
    joined: JoinResult,
    rejected: pd.DataFrame,
    out: Path,
    *,
    output_format: str,
    inputs: Sequence[str],
) -> dict[str, Path]:
    """Write the incidents file and the three CSV reports into ``out`` as one set; their
    paths. An incidents file of another format from an earlier import is removed (unless
    it is one of the ``inputs``)."""
    from geo.exports import (
        EXPORT_FORMATS,
        output_set,
        write_csv,
        write_geojson,
        write_geopackage,
        write_geoparquet,
    )

    name = f"incidents{EXPORT_FORMATS[output_format]}"
    with output_set(out, owned=IMPORT_OUTPUTS, keep=inputs) as staged:
        target = staged.path(name)
        if output_format == "gpkg":
            write_geopackage(
                {"incidents": joined.incidents}, target, overwrite=True, allow_empty=True
            )
        elif output_format == "parquet":
            write_geoparquet(joined.incidents, target, overwrite=True, allow_empty=True)
        else:
            write_geojson(joined.incidents, target)
        write_csv(rejected, staged.path("rejected.csv"))
        write_csv(joined.unresolved, staged.path("unresolved.csv"))
        write_csv(joined.flagged, staged.path("coord_checks.csv"))
    return {
        "incidents": out / name,
        "rejected": out / "rejected.csv",
        "unresolved": out / "unresolved.csv",
        "coord_checks": out / "coord_checks.csv",
    }
