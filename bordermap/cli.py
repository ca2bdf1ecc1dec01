"""The ``bordermap`` command.

Sub-commands: ``build`` (the main job), ``geocode`` (names -> JSON lines), ``geoparse``
(text -> JSON lines of place mentions), ``eval`` (score the geoparser on a gold corpus).
Exit status: 0 success; 1 bad input or a failed build (the message names file, line and
column); 2 usage error; 3 built, but rows were rejected (``--on-error reject``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from geo._errors import BordermapError, IncidentsValidationError

__all__ = ["main"]

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
        "AUC of log errors and median error (see geo/evaluate.py). Tune on --split dev, "
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
    e.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents only")
    e.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def _build(args: argparse.Namespace) -> int:
    from bordermap.pipeline import build

    try:
        result = build(args.input, args.output, errors=args.on_error)
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
    from geo.gazetteer import default_gazetteer
    from geo.geocode import resolution_record

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

    from geo.online import OnlineConfigurationError, OnlineGeocoder, OnlineResult

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
    from geo.geoparse import mentions_from_text

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


def _eval(args: argparse.Namespace) -> int:
    from geo.evaluate import documents_from_xml, evaluate, split_documents

    if args.limit is not None and args.limit < 0:
        print("bordermap: --limit must be >= 0", file=sys.stderr)
        return EXIT_USAGE
    documents = split_documents(documents_from_xml(args.corpus), args.split)
    if args.limit is not None:
        documents = documents[: args.limit]
    from geo.geoparse import Mention, mentions_from_text

    def parse(text: str) -> list[Mention]:
        return mentions_from_text(text, demonyms=args.demonyms)

    result = evaluate(documents, parse, progress=not args.no_progress).as_dict()
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
    handlers = {"build": _build, "geocode": _geocode, "geoparse": _geoparse, "eval": _eval}
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
