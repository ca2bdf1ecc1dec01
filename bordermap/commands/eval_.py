"""``bordermap eval``: score the geoparser on a gold corpus (LGL, TR-News, GeoVirus, GWN XML),
or, given a CSV of incident notes with gold coordinates (ACLED-like), the incident sites it
finds in them (the notes mode, :func:`geo.text.evaluation.evaluate_notes`).

The module is ``eval_`` because ``eval`` is a Python builtin.
"""

from __future__ import annotations

import argparse
import functools
import json
from typing import Any, Literal

from bordermap.commands import EXIT_OK, EXIT_USAGE
from bordermap.terminal import say

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``eval`` parser to ``subparsers``; return it."""
    e = subparsers.add_parser(
        "eval",
        help="score the geoparser on a gold corpus (LGL / TR-News / GeoVirus / GWN XML) or on "
        "incident notes (ACLED-like CSV)",
        description="Run the geoparser on every article of a gold corpus in the XML format of "
        "Gritta et al. and print toponym precision/recall/F1 (exact spans), accuracy@161 km, "
        "AUC of log errors and median error (see geo/text/evaluation.py). Given a .csv of "
        "incident notes (columns notes, latitude, longitude; geo_precision, country, iso when "
        "present), geoparse each note alone with its record's country as context, take its "
        "incident site (geo/text/sites.py) and print accuracy@161 km and @25 km and the median "
        "error, overall and by geo_precision, and how many notes got no site. Tune on "
        "--split dev, report on --split test.",
    )
    e.add_argument("corpus", metavar="CORPUS", help="gold corpus (.xml) or incident notes (.csv)")
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
    e.add_argument(
        "--text",
        choices=("notes", "fields", "both"),
        default=None,
        help="notes mode: geoparse each record's notes (default); or its place columns "
        "written as ACLED notes name places since about 2020, 'in LOCATION (ADMIN2, ADMIN1)' "
        "(fields); or its notes with that clause at the end of their first sentence (both)",
    )
    e.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents only")
    e.add_argument("--no-progress", action="store_true", help="no progress bar")
    e.set_defaults(run=run)
    return e


def run(args: argparse.Namespace) -> int:
    """Score the geoparser on the corpus; print the scores (a table, or one JSON object)."""
    # From geo, not geo.text: once geo.text.evaluation is imported, the module shadows the
    # function of the same name on geo.text.
    from geo import documents_from_xml, evaluate, mentions_from_text, split_documents

    if args.limit is not None and args.limit < 0:
        say("bordermap: --limit must be >= 0")
        return EXIT_USAGE
    if args.corpus.lower().endswith(".csv"):
        return _run_notes(args)
    if args.text is not None:
        say("bordermap: --text applies to notes (a .csv file), not to XML corpora")
        return EXIT_USAGE
    documents = split_documents(documents_from_xml(args.corpus), args.split)
    if args.limit is not None:
        documents = documents[: args.limit]
    result = evaluate(
        documents,
        functools.partial(mentions_from_text, demonyms=args.demonyms),
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


def _run_notes(args: argparse.Namespace) -> int:
    """The notes mode: score the incident sites of a CSV of notes; print the figures."""
    from geo.text import evaluate_notes, notes_from_csv, split_notes

    if args.demonyms or args.contains_is_zero:
        say("bordermap: --demonyms and --contains-is-zero apply to XML corpora, not to notes")
        return EXIT_USAGE
    text_from: Literal["notes", "fields", "both"] = args.text or "notes"
    notes = split_notes(notes_from_csv(args.corpus, text_from=text_from), args.split)
    if args.limit is not None:
        notes = notes[: args.limit]
    result = evaluate_notes(notes, progress=not args.no_progress).as_dict()
    if args.json:
        print(json.dumps(result))
        return EXIT_OK
    print(
        f"notes: {args.corpus} (split {args.split}, {result['n_notes']} notes, text from "
        f"{text_from})"
    )
    by_precision = result.pop("by_geo_precision")
    for label, figures in [("all", result), *by_precision.items()]:
        print(
            f"  geo_precision {label:4s} notes {figures['n_notes']:5d}  "
            f"no site {figures['n_unlocated']:4d}  acc@161 {_shown(figures['acc_161'])}  "
            f"acc@25 {_shown(figures['acc_25'])}  median km {_shown(figures['median_km'])}"
        )
    return EXIT_OK


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
