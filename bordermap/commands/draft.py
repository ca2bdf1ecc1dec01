"""``bordermap draft``: an article -> draft incident records (CSV in the incident schema)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from bordermap.commands import EXIT_OK, EXIT_USAGE
from bordermap.commands._country import add_country_option
from bordermap.commands._encoding import add_encoding_option
from bordermap.terminal import say

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``draft`` parser to ``subparsers``; return it."""
    d = subparsers.add_parser(
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
    add_country_option(
        d,
        effect="the article reports on it: its villages are drafted where an article that "
        "names no country keeps only large towns",
    )
    add_encoding_option(d, what="the article")
    d.set_defaults(run=run)
    return d


def run(args: argparse.Namespace) -> int:
    """Draft the article's incidents; write them as CSV to ``--output`` or standard output."""
    from geo.exports import write_csv
    from geo.incidents import incidents_from_article
    from geo.text import article_from_path, published_from_text

    article = article_from_path(args.article, encoding=args.encoding)
    if args.published is not None:
        try:
            published = published_from_text(args.published)
        except ValueError as exc:
            say(f"bordermap: --published {exc} (give YYYY-MM-DD)")
            return EXIT_USAGE
        article = dataclasses.replace(article, published=published)
    frame = incidents_from_article(article, countries=args.country)
    if args.output is None:
        write_csv(frame, sys.stdout)
    else:
        write_csv(frame, args.output)
        say(f"{len(frame)} draft incident(s) written to {args.output}")
    return EXIT_OK
