"""The ``bordermap`` command.

Sub-commands, one module each in :mod:`bordermap.commands`: ``build`` (the main job),
``geocode`` (names -> JSON lines), ``geoparse`` (text -> JSON lines of place mentions),
``eval`` (score the geoparser on a gold corpus), ``draft`` (article -> draft incident records,
CSV), ``import`` (ACLED / UCDP GED / bordermap files -> incidents.geojson or, with
``--output-format``, .gpkg / .parquet; rejected.csv; exit status 3 when rows were rejected),
``export`` (a folder of inputs -> GeoJSON / GeoPackage / GeoParquet / ACLED-compatible CSV),
``changes`` (what imports into the incident store added, changed, withdrew; ``import`` and
``build`` write into the store with ``--to URL``, ``build`` and ``export`` read from it with
``--from URL``),
``aggregate`` (incident files or partitions -> counts per day and grid cell with border
distances, and a map of them; ``--engine dask`` runs it on a dask cluster).
Exit status: 0 success; 1 bad input or a failed build (the message names file, line and
column); 2 usage error; 3 built, but rows were rejected (``--on-error reject``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bordermap.commands import (
    EXIT_ERROR,
    aggregate,
    build,
    changes,
    draft,
    eval_,
    export,
    geocode,
    geoparse,
    import_,
)
from geo import BordermapError

__all__ = ["main"]

#: The sub-commands, in the order ``bordermap --help`` lists them.
COMMANDS = (build, geocode, geoparse, eval_, draft, import_, export, changes, aggregate)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bordermap", description="Turn conflict reporting into maps."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.run(args))
    except (BordermapError, OSError) as exc:
        # A command handles its own expected errors first (build: invalid records, 1 with
        # its own message; geocode: a bad online set-up, 2; aggregate: a ValueError, 2).
        print(f"bordermap: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
