"""The ``bordermap`` command.

Sub-commands: ``build`` (the main job), ``geocode`` (names -> JSON lines), ``geoparse``
(text -> JSON lines of place mentions), ``eval`` (score the geoparser on a gold corpus),
``draft`` (article -> draft incident records, CSV), ``import`` (ACLED / UCDP GED / bordermap
files -> incidents.geojson or, with ``--output-format``, .gpkg / .parquet; rejected.csv;
exit status 3 when rows were rejected), ``export``
(a folder of inputs -> GeoJSON / GeoPackage / GeoParquet / ACLED-compatible CSV),
``aggregate`` (incident files or partitions -> counts per day and grid cell with border
distances, and a map of them; ``--engine dask`` runs it on a dask cluster).
Exit status: 0 success; 1 bad input or a failed build (the message names file, line and
column); 2 usage error; 3 built, but rows were rejected (``--on-error reject``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from geo.errors import BordermapError, IncidentsValidationError

__all__ = ["main"]

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bordermap", description="Turn conflict reporting into maps."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the map and exports from a folder of inputs")
    b.add_argument(
        "--input", default="seeds", help="folder with incidents.csv and articles (default: seeds)"
    )
    b.add_argument("--output", default="out", help="output folder (default: out)")
    b.add_argument(
        "--on-error",
        choices=("raise", "reject"),
        default="raise",
        help="invalid incident rows: fail the build (raise, default) or leave them out and list them in rejected.csv",
    )
    b.add_argument(
        "--offline-html",
        action="store_true",
        help="write a self-contained map.html that renders with no network (scripts inlined, "
        "country outlines instead of map tiles; installs the pinned npm packages of "
        "layers/vendor on first use)",
    )

    g = sub.add_parser(
        "geocode",
        help="resolve place names (offline by default); one JSON object per name",
        description="Resolve place names; one JSON object per name. Offline (the embedded "
        "gazetteer) unless --geocoder names an online service: nominatim or any geopy "
        "service name. Online answers are rate-limited (1 request/s), retried on transient "
        "failures and cached in SQLite; exit status 1 if any name failed.",
    )
    g.add_argument("names", nargs="+", metavar="NAME")
    g.add_argument(
        "--country",
        action="append",
        default=[],
        help="ISO alpha-2 code of a country in context (repeatable); online: Nominatim countrycodes",
    )
    g.add_argument(
        "--geocoder",
        default="offline",
        metavar="SERVICE",
        help="offline (default), nominatim, or another geopy service name",
    )
    g.add_argument(
        "--user-agent",
        default=None,
        help="identifies your application to the service (required for nominatim; "
        "default $BORDERMAP_USER_AGENT)",
    )
    g.add_argument(
        "--geocoder-domain", default=None, metavar="HOST[:PORT]", help="service host (a mirror)"
    )
    g.add_argument("--geocoder-scheme", choices=("https", "http"), default="https")
    g.add_argument(
        "--geocoder-cache",
        default=None,
        metavar="PATH",
        help="SQLite cache of online answers (default: online-<service>.sqlite in the user cache dir)",
    )
    g.add_argument(
        "--geocoder-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra argument for the geopy geocoder, e.g. api_key=... (repeatable)",
    )
    g.add_argument("--no-progress", action="store_true", help="no progress bar for online batches")

    p = sub.add_parser("geoparse", help="find the places a text names; one JSON object per mention")
    p.add_argument("file", help="text file, or - for standard input")

    e = sub.add_parser(
        "eval",
        help="score the geoparser on a gold corpus (LGL / TR-News / GeoVirus / GWN XML)",
        description="Run the geoparser on every article of a gold corpus in the XML format of "
        "Gritta et al. and print toponym precision/recall/F1 (exact spans), accuracy@161 km, "
        "AUC of log errors and median error (see geo/text/evaluate.py). Tune on --split dev, "
        "report on --split test.",
    )
    e.add_argument("corpus", metavar="CORPUS.xml", help="gold corpus file")
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.add_argument(
        "--demonyms",
        action="store_true",
        help="count demonyms ('Sudanese', 'American') as toponyms, as LGL and TR-News annotate "
        "them; by default they are actors, not places",
    )
    e.add_argument(
        "--split",
        choices=("all", "dev", "test"),
        default="all",
        help="fixed half of the corpus by sha1(docid) (default: all)",
    )
    e.add_argument(
        "--contains-is-zero",
        action="store_true",
        help="a predicted area (country, region) that contains the gold point counts 0 km "
        "(Gritta 2019); by default errors are point to point",
    )
    e.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents only")
    e.add_argument("--no-progress", action="store_true", help="no progress bar")

    d = sub.add_parser(
        "draft",
        help="draft incident records from an article (CSV in the incident schema)",
        description="Draft incident records (event type, dates, actors, casualties, location, "
        "evidence sentences) from a news article, resolving relative dates against its "
        "publication date. Every row has review_status 'draft'. See geo/incidents/draft.py.",
    )
    d.add_argument("article", metavar="ARTICLE", help="text file (its .meta.json sidecar is read)")
    d.add_argument(
        "--published",
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date (overrides the sidecar's 'published')",
    )
    d.add_argument(
        "--output", default=None, metavar="FILE.csv", help="write here (default: standard output)"
    )

    i = sub.add_parser(
        "import",
        help="read ACLED / UCDP GED / bordermap files into incidents.geojson (+ rejected.csv)",
        description="Read incident files (ACLED CSV exports, UCDP GED CSV, bordermap's CSV or "
        "GeoJSON) into the incident schema, place them with the gazetteer, check record "
        "coordinates against the places they name, merge the same event found in two "
        "datasets, and write incidents.geojson (or .gpkg / .parquet, see --output-format), "
        "rejected.csv, unresolved.csv and coord_checks.csv. Exit status: 0 all rows imported; "
        "3 some rows rejected (the rest imported; see rejected.csv); 1 a file could not be "
        "read.",
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

    x = sub.add_parser(
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

    a = sub.add_parser(
        "aggregate",
        help="count incidents per day and grid cell (border distance too); single process or dask",
        description="Import incident files (CSV partitions: ACLED, UCDP GED, bordermap; or "
        "GeoParquet partitions of incidents; a folder stands for its *.csv / *.parquet files), "
        "place them, measure their distance to the Armenia-Azerbaijan border and count them per "
        "day and grid cell. Writes OUTPUT/cells.csv (the aggregate), OUTPUT/map.html (a map of "
        "the cells), and for CSV inputs OUTPUT/incidents/ (the imported incidents as GeoParquet "
        "parts), rejected.csv, unresolved.csv, coord_checks.csv. --engine dask runs the same "
        "steps on a dask cluster (a local one, or --scheduler); the results are identical. "
        "Exit status: 0 done; 3 done, some rows rejected; 1 bad input or a failed cluster.",
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
        help="grid cell size in degrees (default 0.1)",
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
    a.add_argument(
        "--connect-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds to wait for --scheduler to answer (default 10)",
    )
    return parser


def _build(args: argparse.Namespace) -> int:
    from bordermap.pipeline import build

    try:
        result = build(
            args.input, args.output, errors=args.on_error, offline_html=args.offline_html
        )
    except IncidentsValidationError as exc:
        print(f"bordermap: invalid incident records; nothing was written.\n{exc}", file=sys.stderr)
        return EXIT_ERROR
    n = len(result.incidents)
    placed = int(result.incidents.geometry.notna().sum())
    print(f"incidents: {n} ({placed} placed on the map, {n - placed} unresolved)")
    for row in result.unresolved.itertuples(index=False):
        print(f"  unresolved: {row.event_id_cnty} location {row.location!r} ({row.reason})")
    for row in result.ambiguous.itertuples(index=False):
        print(f"  ambiguous:  {row.event_id_cnty} location {row.location!r}: {row.candidates}")
    print(f"places mentioned: {len(result.places)}")
    if len(result.rejected):
        print(
            f"rejected rows: {result.rejected['line'].nunique()} (see {result.files['rejected']})"
        )
    for key, path in result.files.items():
        print(f"{key + ':':12s}{path}")
    print(f"\nOpen the map: {Path(result.map_path).resolve().as_uri()}")
    return EXIT_PARTIAL if len(result.rejected) else EXIT_OK


def _geocode(args: argparse.Namespace) -> int:
    if args.geocoder.strip().lower() != "offline":
        return _geocode_online(args)
    from geo.places.gazetteer import default_gazetteer
    from geo.places.geocode import resolution_record

    gaz = default_gazetteer()
    for name in args.names:
        print(
            json.dumps(
                resolution_record(gaz.lookup(name, countries=args.country)), ensure_ascii=False
            )
        )
    return EXIT_OK


def _geocode_online(args: argparse.Namespace) -> int:
    import os

    from geo.places.online import OnlineConfigurationError, OnlineGeocoder, OnlineResult

    options: dict[str, str] = {}
    for item in args.geocoder_option:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            print(f"bordermap: --geocoder-option wants KEY=VALUE, not {item!r}", file=sys.stderr)
            return EXIT_USAGE
        options[key.strip()] = value
    try:
        geocoder = OnlineGeocoder(
            args.geocoder,
            user_agent=args.user_agent or os.environ.get("BORDERMAP_USER_AGENT"),
            domain=args.geocoder_domain,
            scheme=args.geocoder_scheme,
            cache_path=args.geocoder_cache,
            options=options,
        )
    except OnlineConfigurationError as exc:
        print(f"bordermap: {exc}", file=sys.stderr)
        return EXIT_USAGE

    def emit(result: OnlineResult) -> None:
        print(json.dumps(result.record(), ensure_ascii=False), flush=True)

    with geocoder:
        results = geocoder.geocode_many(
            args.names,
            country_codes=args.country,
            progress=False if args.no_progress else None,
            on_result=emit,
        )
    failed = [r for r in results if r.status == "error"]
    if failed:
        print(
            f"bordermap: {len(failed)} of {len(results)} names failed with {geocoder.service} "
            "(not cached; rerun to retry them):",
            file=sys.stderr,
        )
        for r in failed:
            print(f"  {r.query!r}: {r.error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _geoparse(args: argparse.Namespace) -> int:
    from geo.text.geoparse import mentions_from_text

    raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    text = raw.decode("utf-8", errors="replace")
    for m in mentions_from_text(text):
        assert m.place is not None
        lon, lat = m.place.anchor
        record = {
            "text": m.surface,
            "start": m.start,
            "end": m.end,
            "name": m.place.name,
            "place_id": m.place.place_id,
            "lon": round(lon, 6),
            "lat": round(lat, 6),
            "geometry_type": m.place.geometry_type,
            "feature_class": m.place.feature_class,
            "role": m.role,
            "confidence": m.confidence,
        }
        print(json.dumps(record, ensure_ascii=False))
    return EXIT_OK


def _draft(args: argparse.Namespace) -> int:
    import dataclasses
    from datetime import date

    from geo.exports.writers import write_csv
    from geo.incidents.draft import incidents_from_article
    from geo.text.articles import article_from_path

    article = article_from_path(args.article)
    if args.published is not None:
        try:
            published = date.fromisoformat(args.published)
        except ValueError:
            print(
                f"bordermap: --published wants YYYY-MM-DD, not {args.published!r}", file=sys.stderr
            )
            return EXIT_USAGE
        article = dataclasses.replace(article, published=published)
    frame = incidents_from_article(article)
    if args.output is None:
        frame.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    else:
        write_csv(frame, args.output)
        print(f"{len(frame)} draft incident(s) written to {args.output}", file=sys.stderr)
    return EXIT_OK


@contextlib.contextmanager
def _timed(step: str) -> Iterator[None]:
    """Log how long a step of a command took (``-v`` shows it; the benchmarks read it)."""
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    logger.info("%s: %.2f s", step, seconds, extra={"step": step, "seconds": seconds})


def _import(args: argparse.Namespace) -> int:
    import pandas as pd

    from geo.exports.writers import (
        EXPORT_FORMATS,
        write_csv,
        write_geojson,
        write_geopackage,
        write_geoparquet,
    )
    from geo.incidents.join import incidents_with_places
    from geo.incidents.readers import read_incidents

    frames: list[pd.DataFrame] = []
    rejects: list[pd.DataFrame] = []
    for path in args.files:
        with _timed("read"):
            read = read_incidents(path, format=args.format)
        frame = read.incidents
        if len(args.files) > 1:
            frame = frame.assign(source_file=pd.array([str(path)] * len(frame), dtype="string"))
        frames.append(frame)
        rejects.append(read.rejected)
        print(f"{path}: {len(frame)} incident(s), {_rejected_rows(read.rejected)} rejected row(s)")
    incidents = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    rejected = rejects[0] if len(rejects) == 1 else pd.concat(rejects, ignore_index=True)
    with _timed("join"):
        joined = incidents_with_places(incidents, merge_duplicates=True)
    out = Path(args.output)
    target = out / f"incidents{EXPORT_FORMATS[args.output_format]}"
    with _timed("write"):
        if args.output_format == "gpkg":
            written = write_geopackage(
                {"incidents": joined.incidents}, target, overwrite=True, allow_empty=True
            )
        elif args.output_format == "parquet":
            written = write_geoparquet(joined.incidents, target, overwrite=True, allow_empty=True)
        else:
            written = write_geojson(joined.incidents, target)
        files = {
            "incidents": written,
            "rejected": write_csv(rejected, out / "rejected.csv"),
            "unresolved": write_csv(joined.unresolved, out / "unresolved.csv"),
            "coord_checks": write_csv(joined.flagged, out / "coord_checks.csv"),
        }
    gdf = joined.incidents
    merged = int(gdf["merged_ids"].notna().sum()) if "merged_ids" in gdf.columns else 0
    print(
        f"imported: {len(gdf)} incident(s) ({len(incidents) - len(gdf)} merged into {merged} "
        f"event(s) found in two datasets; {len(joined.unresolved)} unresolved)"
    )
    checks = gdf["coord_check"].value_counts()
    print("coordinate checks: " + ", ".join(f"{k} {v}" for k, v in checks.items()))
    if len(rejected):
        print(f"rejected rows: {_rejected_rows(rejected)} (see {files['rejected']})")
    for key, path in files.items():
        print(f"{key + ':':14s}{path}")
    return EXIT_PARTIAL if len(rejected) else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    import geopandas as gpd
    import pandas as pd

    from geo.errors import DataFileError
    from geo.exports.writers import EXPORT_FORMATS, export_incidents
    from geo.incidents.join import incidents_with_places
    from geo.incidents.records import read_incidents_csv
    from geo.places.reference import reference_features
    from geo.text.articles import articles_from_dir
    from geo.text.geoparse import places_from_text

    source = Path(args.input)
    csv_path = source / "incidents.csv"
    if not csv_path.exists():
        raise DataFileError(f"{csv_path}: no such file (the input folder needs an incidents.csv)")
    target = Path(args.output) / f"incidents{EXPORT_FORMATS[args.format]}"
    if target.exists() and not args.overwrite:
        raise BordermapError(f"{target}: exists; refusing to replace it (pass --overwrite)")
    read = read_incidents_csv(csv_path)
    if len(read.rejected):
        raise IncidentsValidationError(read.problems)
    incidents = incidents_with_places(read.incidents).incidents
    places = None
    if args.format == "gpkg":
        frames = []
        for article in articles_from_dir(source):
            found = places_from_text(article.text)
            found.insert(0, "article", article.name)
            frames.append(found)
        if frames:
            places = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    path = export_incidents(
        incidents,
        target,
        format=args.format,
        places=places,
        features=reference_features() if args.format == "gpkg" else None,
        overwrite=args.overwrite,
    )
    print(f"{len(incidents)} incident(s) written to {path}")
    return EXIT_OK


def _aggregate(args: argparse.Namespace) -> int:
    from geo.analysis.distributed import aggregate
    from geo.exports.atomic import atomic_path
    from geo.exports.writers import write_csv
    from layers.grid import cells_map
    from layers.map import save_map

    if args.scheduler and args.engine != "dask":
        print("bordermap: --scheduler needs --engine dask", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1:
        print("bordermap: --workers must be >= 1", file=sys.stderr)
        return EXIT_USAGE
    if args.engine == "dask" and not args.verbose:
        # Importing distributed sets its loggers to INFO (every cluster event); quieten them.
        with contextlib.suppress(ImportError):
            import distributed  # noqa: F401
        logging.getLogger("distributed").setLevel(logging.WARNING)
    out = Path(args.output)
    try:
        result = aggregate(
            args.inputs,
            engine=args.engine,
            scheduler_address=args.scheduler,
            n_workers=args.workers,
            cell_deg=args.cell_deg,
            near_km=args.near_km,
            incidents_dir=out / "incidents",
            format=args.format,
            connect_timeout=args.connect_timeout,
        )
    except ValueError as exc:
        print(f"bordermap: {exc}", file=sys.stderr)
        return EXIT_USAGE
    cells = result.cells
    files = {}
    with atomic_path(out / "cells.csv") as tmp:
        cells.to_csv(tmp, index=False, date_format="%Y-%m-%d")
    files["cells"] = out / "cells.csv"
    m = cells_map(cells, cell_deg=args.cell_deg, title="bordermap: incidents per cell")
    files["map"] = save_map(m, out / "map.html")
    rejected_rows = 0
    if result.imported is not None:
        imp = result.imported
        files["incidents"] = out / "incidents"
        files["rejected"] = write_csv(imp.rejected, out / "rejected.csv")
        files["unresolved"] = write_csv(imp.unresolved, out / "unresolved.csv")
        files["coord_checks"] = write_csv(imp.flagged, out / "coord_checks.csv")
        rejected_rows = _rejected_rows(imp.rejected) if len(imp.rejected) else 0
    print(
        f"aggregated ({result.engine} engine): {result.incidents:,} incident(s) from "
        f"{len(result.parts)} partition(s) into {len(cells):,} day x cell group(s)"
    )
    if rejected_rows:
        print(f"rejected rows: {rejected_rows} (see {files['rejected']})")
    for key, path in files.items():
        print(f"{key + ':':14s}{path}")
    return EXIT_PARTIAL if rejected_rows else EXIT_OK


def _rejected_rows(rejected: Any) -> int:
    return len({(p, line) for p, line in zip(rejected["path"], rejected["line"], strict=True)})


def _eval(args: argparse.Namespace) -> int:
    from geo.text.evaluate import documents_from_xml, evaluate, split_documents

    if args.limit is not None and args.limit < 0:
        print("bordermap: --limit must be >= 0", file=sys.stderr)
        return EXIT_USAGE
    documents = split_documents(documents_from_xml(args.corpus), args.split)
    if args.limit is not None:
        documents = documents[: args.limit]
    from geo.text.geoparse import Mention, mentions_from_text

    def parse(text: str) -> list[Mention]:
        return mentions_from_text(text, demonyms=args.demonyms)

    result = evaluate(
        documents,
        parse,
        progress=not args.no_progress,
        contains_is_zero=args.contains_is_zero,
    ).as_dict()
    if args.json:
        print(json.dumps(result))
        return EXIT_OK
    print(f"corpus: {args.corpus} (split {args.split}, {result['n_docs']} documents)")
    for key, value in result.items():
        shown = "-" if value is None else f"{value:.4f}" if isinstance(value, float) else value
        print(f"  {key:16s}{shown}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handlers = {
        "build": _build,
        "geocode": _geocode,
        "geoparse": _geoparse,
        "eval": _eval,
        "draft": _draft,
        "import": _import,
        "export": _export,
        "aggregate": _aggregate,
    }
    try:
        return handlers[args.command](args)
    except BordermapError as exc:
        print(f"bordermap: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"bordermap: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
