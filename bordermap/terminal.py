"""What bordermap prints: text from input with its control characters shown, never obeyed.

An incident note, an article title or a file name can hold terminal control sequences (``ESC ]
0 ; … BEL`` sets the window title, ``CSI`` moves the cursor or rewrites lines). Everything a
command prints goes through :func:`terminal_text`, which writes each such character as a
``\\uXXXX`` escape (valid inside the JSON lines of ``geocode`` and ``geoparse`` too):

- C0 controls (U+0000–U+001F: ESC, BEL, backspace, carriage return, tab...), except the line
  feed of a multi-line message;
- DEL and the C1 controls (U+007F–U+009F; U+009B is a one-character CSI);
- the Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
  which reorder what a terminal shows ("Trojan Source");
- lone surrogates (a file name that is not valid UTF-8), which could not be printed at all.

Standard output goes through :class:`TerminalStream` (set up by :func:`escaped_stdout`), standard
error through :func:`say` and the logging formatter :class:`TerminalFormatter`. Files are
never touched: ``draft --output`` keeps every character (its cells are only made
spreadsheet-safe, :func:`geo.exports.formula_safe`).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import sys
from collections.abc import Iterator
from typing import Final, TextIO

__all__ = ["TerminalFormatter", "TerminalStream", "escaped_stdout", "say", "terminal_text"]

_OTHERS: Final[str] = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ALL = re.compile(f"[\x00-\x1f{_OTHERS}]")
_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_text(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` with every control character written as a ``\\uXXXX`` escape.

    Parameters
    ----------
    text : str
        Anything that may come from input.
    multiline : bool, keyword-only
        Keep line feeds (a message of several lines); otherwise they are escaped too.

    Examples
    --------
    >>> from bordermap.terminal import terminal_text
    >>> terminal_text("\\x1b]0;pwned\\x07Sotk")
    '\\\\u001b]0;pwned\\\\u0007Sotk'
    >>> terminal_text("two\\nlines\\r", multiline=True)
    'two\\nlines\\\\u000d'
    """
    return (_BUT_NEWLINE if multiline else _ALL).sub(_escape, text)


def say(message: str) -> None:
    """Print a message for the user on standard error, control characters escaped."""
    stream = sys.stderr
    text = terminal_text(message, multiline=True) + "\n"
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show every character
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


class TerminalStream(io.TextIOBase):
    """A text stream that escapes control characters (line feeds kept) on their way out."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped; return ``len(text)``."""
        shown = terminal_text(text, multiline=True)
        try:
            self.raw.write(shown)
        except UnicodeEncodeError:
            encoding = self.encoding or "ascii"
            self.raw.write(shown.encode(encoding, "backslashreplace").decode(encoding))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.raw.flush()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        return self.raw.isatty()

    def writable(self) -> bool:
        """Always true."""
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream underneath."""
        return getattr(self.raw, "encoding", None) or "utf-8"


@contextlib.contextmanager
def escaped_stdout() -> Iterator[TerminalStream]:
    """Send standard output through :class:`TerminalStream` for the duration of the block."""
    raw = sys.stdout
    stream = TerminalStream(raw)
    sys.stdout = stream
    try:
        yield stream
    finally:
        sys.stdout = raw
        with contextlib.suppress(OSError, ValueError):
            raw.flush()


class TerminalFormatter(logging.Formatter):
    """A logging formatter whose records (and tracebacks) have their controls escaped."""

    def format(self, record: logging.LogRecord) -> str:
        """Format the record as usual, then escape it (line feeds kept)."""
        return terminal_text(super().format(record), multiline=True)
