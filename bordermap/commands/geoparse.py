"""``bordermap geoparse``: a text -> JSON lines of the places it names, with their roles."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bordermap.commands import EXIT_OK
from bordermap.commands._country import add_country_option
from bordermap.commands._encoding import add_encoding_option
from bordermap.terminal import say

if TYPE_CHECKING:
    from geo.text import Mention

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``geoparse`` parser to ``subparsers``; return it."""
    p = subparsers.add_parser(
        "geoparse", help="find the places a text names; one JSON object per mention"
    )
    p.add_argument(
        "file", help="story: plain text, or a web page (.html, .htm); - for standard input"
    )
    p.add_argument(
        "--html",
        action="store_true",
        help="read the input as a web page (tags blanked); the default for .html/.htm files",
    )
    add_country_option(
        p,
        effect="the story is read as a report of that country, as an ACLED note with its "
        "record's country: its places beat namesakes abroad, and its villages are kept where "
        "a story that names no country keeps only towns of 100,000 people or capitals",
    )
    add_encoding_option(p, what="the story")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Print one JSON object per place mention of the file (or standard input)."""
    from geo.text import HTML_SUFFIXES, mentions_from_text, text_from_bytes, text_from_html

    raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    html = args.html or (args.file != "-" and Path(args.file).suffix.lower() in HTML_SUFFIXES)
    shown = "standard input" if args.file == "-" else args.file
    text = text_from_bytes(raw, encoding=args.encoding, shown=shown, html=html)
    if html:
        text = text_from_html(text)  # plain text stays as it is: "(<5)" is text
    mentions = mentions_from_text(text, countries=args.country)
    for mention in mentions:
        print(json.dumps(_record(mention), ensure_ascii=False))
    if not mentions and not args.country:
        say(
            f"bordermap: {shown}: no place found. In a story that names no country, villages "
            "and towns under 100,000 people are not kept; give its country with --country "
            "(e.g. --country AM) to read them"
        )
    return EXIT_OK


def _record(m: Mention) -> dict[str, Any]:
    """The JSON object of one resolved mention."""
    assert m.place is not None
    lon, lat = m.place.anchor
    return {
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
