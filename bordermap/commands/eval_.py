"""``bordermap eval``: score the geoparser on a gold corpus (LGL, TR-News, GeoVirus, GWN XML).

The module is ``eval_`` because ``eval`` is a Python builtin.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from typing import Any

from bordermap.commands import EXIT_OK, EXIT_USAGE

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``eval`` parser to ``subparsers``; return it."""
    e = subparsers.add_parser(
        "eval",
        help="score the geoparser on a gold corpus (LGL / TR-News / GeoVirus / GWN XML)",
        description="Run the geoparser on every article of a gold corpus in the XML format of "
        "Gritta et al. and print toponym precision/recall/F1 (exact spans), accuracy@161 km, "
        "AUC of log errors and median error (see geo/text/evaluation.py). Tune on --split dev, "
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
    e.set_defaults(run=run)
    return e


def run(args: argparse.Namespace) -> int:
    """Score the geoparser on the corpus; print the scores (a table, or one JSON object)."""
    # From geo, not geo.text: once geo.text.evaluation is imported, the module shadows the
    # function of the same name on geo.text.
    from geo import documents_from_xml, evaluate, mentions_from_text, split_documents

    if args.limit is not None and args.limit < 0:
        print("bordermap: --limit must be >= 0", file=sys.stderr)
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
