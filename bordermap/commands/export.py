"""``bordermap export``: the incidents of a folder of inputs -> one file for GIS.

GeoJSON (RFC 7946), a GeoPackage (layers incidents, places, regions, corridors, checkpoints,
border), GeoParquet or an ACLED-compatible CSV (:func:`geo.exports.export_incidents`).
``--from URL [--where] [--bbox]`` exports the incident store's current incidents instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bordermap.commands import EXIT_OK, EXIT_USAGE
from bordermap.commands._encoding import add_encoding_option
from bordermap.commands._memory import use_table_allocator
from bordermap.commands._store import add_read_options, open_for_reading
from bordermap.failures import working_on
from bordermap.terminal import say
from geo import OutputExistsError

if TYPE_CHECKING:
    import geopandas as gpd

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
    add_encoding_option(x, what="--input's incidents.csv and stories")
    add_read_options(x)
    x.set_defaults(run=run)
    return x


def run(args: argparse.Namespace) -> int:
    """Place the incidents of ``--input`` and write them in ``--format``; refuse to replace."""
    from geo.exports import recover_outputs

    use_table_allocator()
    if args.from_url is None and (args.where is not None or args.bbox is not None):
        say("bordermap: --where and --bbox select from a store: they need --from")
        return EXIT_USAGE
    recover_outputs(args.output)
    if args.from_url is not None:
        return _run_from_store(args)
    from bordermap.pipeline import incidents_csv, incidents_from_folder, places_from_articles
    from geo.incidents import incidents_with_places
    from geo.places import reference_features
    from geo.text import articles_from_dir

    source = Path(args.input)
    incidents_csv(source)  # a missing incidents.csv is named before an existing output
    _refuse_existing(_target(args), overwrite=args.overwrite)
    with working_on(source / "incidents.csv"):
        read = incidents_from_folder(source, encoding=args.encoding)
        incidents = incidents_with_places(read.incidents).incidents
    places = features = None
    if args.format == "gpkg":
        with working_on(source):
            places = places_from_articles(articles_from_dir(source, encoding=args.encoding))
        features = reference_features()
    return _export(args, incidents, places=places, features=features)


def _run_from_store(args: argparse.Namespace) -> int:
    """``--from URL``: the store's current incidents (a ``--where``/``--bbox`` selection).

    The same files as from a folder: the store gives back the frame that was imported.
    """
    from geo.places import reference_features
    from geo.store import features_from_store, incidents_from_store, places_from_store

    _refuse_existing(_target(args), overwrite=args.overwrite)
    with open_for_reading(args.from_url) as store:
        incidents = incidents_from_store(store, where=args.where, bbox=args.bbox)
        places = features = None
        if args.format == "gpkg":
            places = places_from_store(store)
            features = features_from_store(store)
            places = places if len(places) else None
            features = features if len(features) else reference_features()
    return _export(args, incidents, places=places, features=features)


def _target(args: argparse.Namespace) -> Path:
    from geo.exports import EXPORT_FORMATS

    return Path(args.output) / f"incidents{EXPORT_FORMATS[args.format]}"


def _refuse_existing(target: Path, *, overwrite: bool) -> None:
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise OutputExistsError(f"{target}: exists; refusing to replace it (pass --overwrite)")


def _export(
    args: argparse.Namespace,
    incidents: gpd.GeoDataFrame,
    *,
    places: gpd.GeoDataFrame | None,
    features: gpd.GeoDataFrame | None,
) -> int:
    """Write the export file into ``--output`` (the only file of the set); exit status 0."""
    from geo.exports import export_incidents, output_set

    target = _target(args)
    with output_set(args.output, owned=[target.name]) as out:
        _refuse_existing(target, overwrite=args.overwrite)  # again, now that the folder is ours
        export_incidents(
            incidents,
            out.path(target.name),
            format=args.format,
            places=places,
            features=features,
            overwrite=True,
        )
    print(f"{len(incidents)} incident(s) written to {target}")
    return EXIT_OK
