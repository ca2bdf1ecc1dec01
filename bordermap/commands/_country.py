"""``--country``: a country in context, given as an ISO code or a name."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_country_option"]


def add_country_option(parser: Any, *, effect: str) -> None:
    """Add ``--country`` (repeatable) to ``parser``: ``args.country``, a list of ISO alpha-2
    codes; ``effect`` ends the help text (what a country in context does)."""
    parser.add_argument(
        "--country",
        action="append",
        default=[],
        type=_country_code,
        metavar="COUNTRY",
        help="a country in context, as an ISO 3166-1 code (AM, ARM, 051) or a name (Armenia) "
        f"(repeatable): {effect}",
    )


def _country_code(text: str) -> str:
    """argparse type: the alpha-2 code of a country given by code or name, or a usage
    error: a code nobody knows would otherwise match no place, and change nothing."""
    from geo.places.geocode import country_code_from_iso, country_code_from_name

    code = country_code_from_iso(text) or country_code_from_name(text)
    if code is None:
        raise argparse.ArgumentTypeError(
            f"no country is called or coded {text.strip()!r}; give an ISO code (AM) or a "
            "country's name (Armenia)"
        )
    return code
