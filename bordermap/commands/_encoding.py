"""``--encoding``: the text encoding of incident files that are not UTF-8."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_encoding_option"]


def add_encoding_option(parser: Any, *, what: str = "incident files and stories") -> None:
    """Add ``--encoding NAME`` to ``parser`` (``args.encoding``: a codec name or ``None``)."""
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        type=_text_encoding,
        default=None,
        help=f"text encoding of {what} when not saved as UTF-8, e.g. cp1252 (what Excel's 'CSV' "
        "writes on Windows in Western locales), latin-1, cp1251, mac-roman, utf-16-le; a "
        "file that is UTF-8 beyond ASCII is still read as UTF-8 (warned), one that starts "
        "with a byte-order mark (UTF-16, as Excel's 'Unicode Text') as the mark says, and a "
        "web page without this option as its <meta charset> says",
    )


def _text_encoding(name: str) -> str:
    """argparse type: the codec name of a text encoding, or a usage error saying why."""
    from geo.text import text_encoding

    try:
        return text_encoding(name)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
