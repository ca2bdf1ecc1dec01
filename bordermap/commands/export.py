"""``bordermap export``: the incidents of a folder of inputs -> one file for GIS.

GeoJSON (RFC 7946), a GeoPackage (layers incidents, places, regions, corridors, checkpoints,
border), GeoParquet or an ACLED-compatible CSV (:func:`geo.exports.export_incidents`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bordermap.commands import EXIT_OK
from geo import OutputExistsError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``export`` parser to ``subparsers``; return it."""
    x = subparsers.add_parser(
        "export",
        help="export the incidents of a folder of inputs for GIS: geojson, gpkg, parquet or csv",
        description="Read incidents.csv (and the articles) of --input, place the incidents, and "
        "write OUTPUT/incidents.<ext>: RFC 7946 GeoJSON, a GeoPackage (layers incidents, places, "
        "regions, corridors, checkpoints, border), GeoParquet, or an ACLED-compatible CSV. An "
        "existing file is refused unless --overwrite. See geo/exports/writers.py.",
    )
    x.add_argument("--input", default="seeds", metavar="DIR", help="input folder (default: seeds)")
    x.add_argument("--output", default="out", metavar="DIR", help="output folder (default: out)")
    x.add_argument("--format", choices=("geojson", "gpkg", "parquet", "csv"), required=True)
    x.add_argument("--overwrite", action="store_true", help="replace an existing file")
    x.set_defaults(run=run)
    return x


def run(args: argparse.Namespace) -> int:
    """Place the incidents of ``--input`` and write them in ``--format``; refuse to replace."""
    from bordermap.pipeline import incidents_csv, incidents_from_folder, places_from_articles
    from geo.exports import EXPORT_FORMATS, export_incidents
    from geo.incidents import incidents_with_places
    from geo.places import reference_features
    from geo.text import articles_from_dir

    source = Path(args.input)
    target = Path(args.output) / f"incidents{EXPORT_FORMATS[args.format]}"
    incidents_csv(source)  # a missing incidents.csv is named before an existing output
    if target.exists() and not args.overwrite:
        raise OutputExistsError(f"{target}: exists; refusing to replace it (pass --overwrite)")
    incidents = incidents_with_places(incidents_from_folder(source).incidents).incidents
    gpkg = args.format == "gpkg"
    path = export_incidents(
        incidents,
        target,
        format=args.format,
        places=places_from_articles(articles_from_dir(source)) if gpkg else None,
        features=reference_features() if gpkg else None,
        overwrite=args.overwrite,
    )
    print(f"{len(incidents)} incident(s) written to {path}")
    return EXIT_OK
