"""``--dayfirst`` / ``--monthfirst``: the day/month order of dates such as ``05/06/2020``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from geo.incidents import DateOrder

__all__ = ["add_date_order_options", "date_order_from"]


def add_date_order_options(parser: Any) -> None:
    """Add ``--dayfirst`` and ``--monthfirst`` (mutually exclusive) to ``parser``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--dayfirst",
        dest="date_order",
        action="store_const",
        const="dayfirst",
        help="read dates such as 05/06/2020 as day/month (5 June); by default the file "
        "settles it (a day above 12), and a file where nothing does is refused",
    )
    group.add_argument(
        "--monthfirst",
        dest="date_order",
        action="store_const",
        const="monthfirst",
        help="read dates such as 05/06/2020 as month/day (6 May)",
    )
    parser.set_defaults(date_order="auto")


def date_order_from(args: argparse.Namespace) -> DateOrder:
    """The order the options asked for: ``"auto"``, ``"dayfirst"`` or ``"monthfirst"``."""
    return cast("DateOrder", getattr(args, "date_order", None) or "auto")
