"""Text encodings: which one a file is in, and its text.

bordermap reads text as UTF-8 unless the text says otherwise or the user does:

- a byte-order mark names the encoding (UTF-8, UTF-16 or UTF-32: Excel's "Unicode Text" is
  UTF-16), whatever else was asked;
- ``encoding=`` (``--encoding``) names the encoding of text saved in another one (``cp1252``:
  Excel's "CSV" on Windows in Western locales, ``cp1251``, ``latin-1``, ``mac-roman``...);
- a web page may declare its own (``<meta charset=...>``), as browsers read it.

The encoding is never guessed from the bytes: cp1251 text decodes as cp1252 without an error,
into the wrong letters. Incident files that are not UTF-8 are refused, naming the option
(:mod:`geo.incidents.readers`); a story's bytes that are not UTF-8 are replaced and said
(:func:`text_from_bytes`).

Text decoded well may still carry another tool's slip: cp1252 punctuation stored as C1
control characters (``SABC\x92s offices`` in ACLED's 2016 notes, a ``\x97`` dash in LGL's
news), from cp1252 bytes read as latin-1. Values are kept as they are; what reads text for
its words (the geoparser) reads them as the cp1252 characters they stand for
(:func:`c1_as_cp1252`), offsets unchanged.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import Final

from geo.errors import DataFileError

__all__ = [
    "c1_as_cp1252",
    "encoding_from_bom",
    "text_encoding",
    "text_from_bytes",
    "utf16_without_mark",
]

logger = logging.getLogger(__name__)

#: Bytes of a web page searched for its declared encoding (browsers look at the first 1,024).
_PRESCAN: Final[int] = 4096
_DECLARED: Final[re.Pattern[bytes]] = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
#: Labels that browsers read as windows-1252 (WHATWG Encoding Standard; ``x-user-defined``
#: as the HTML standard's prescan of a page says).
_AS_WINDOWS_1252: Final[frozenset[str]] = frozenset(
    {
        "ascii",
        "iso8859-1",
        "latin-1",
        "latin1",
        "us-ascii",
        "iso-8859-1",
        "cp1252",
        "x-user-defined",
    }
)
#: Codecs Python counts as text encodings that no file is saved in: the escape codecs read a
#: note's backslashes as escapes (``unicode_escape`` reads ``\n`` as a line break), and the
#: others encode host names or need a character map.
_NOT_FILE_TEXT: Final[dict[str, str]] = {
    "unicode-escape": "it reads backslash escapes in the text as characters",
    "raw-unicode-escape": "it reads backslash escapes in the text as characters",
    "idna": "it encodes host names",
    "punycode": "it encodes host names",
    "charmap": "it is a codec without a character map of its own",
}
#: C1 control characters (U+0080-U+009F) -> the cp1252 character of the same byte; the five
#: bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are not in it.
_C1_AS_CP1252: Final[dict[int, str]] = {
    code: char for code in range(0x80, 0xA0) if (char := bytes([code]).decode("cp1252", "ignore"))
}
_C1: Final[re.Pattern[str]] = re.compile("[\x80-\x9f]")
_REPLACED_HINT: Final[str] = (
    "give its encoding with --encoding (encoding= in Python), e.g. cp1252, or save it as UTF-8"
)


def text_encoding(name: str) -> str:
    """The codec name Python gives a text encoding (``cp1252`` for ``Windows-1252``).

    Parameters
    ----------
    name : str
        An encoding's name or alias.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Python knows no text encoding of that name (``base64`` and ``hex`` are codecs of
        bytes, not of text).

    Examples
    --------
    >>> text_encoding("Windows-1252"), text_encoding("UTF8")
    ('cp1252', 'utf-8')
    """
    try:
        info = codecs.lookup(name)
        is_text = isinstance(info.decode(b"")[0], str)
    except Exception:  # a codec of bytes fails on b"" as it likes (zlib.error)
        is_text = False
    if not is_text:
        raise ValueError(
            f"unknown text encoding {name!r} (e.g. cp1252, latin-1, cp1251, utf-16, mac-roman)"
        )
    if info.name in _NOT_FILE_TEXT:
        raise ValueError(
            f"{name!r} is not the encoding of a text file ({_NOT_FILE_TEXT[info.name]}); "
            "give the one it was saved in, e.g. cp1252, latin-1, cp1251, utf-16, mac-roman"
        )
    return info.name


def encoding_from_bom(start: bytes) -> str | None:
    """The encoding a byte-order mark at the start of a file names, or ``None``.

    Examples
    --------
    >>> encoding_from_bom(b"\\xff\\xfeS\\x00"), encoding_from_bom(b"\\xef\\xbb\\xbfSotk")
    ('utf-16', 'utf-8')
    >>> encoding_from_bom(b"Sotk") is None
    True
    """
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8"
    return None


def text_from_bytes(
    data: bytes, *, encoding: str | None = None, shown: str = "text", html: bool = False
) -> str:
    """The text of a file's bytes (a story, a page), in the encoding they are in.

    Parameters
    ----------
    data : bytes
        The file's content.
    encoding : str, optional, keyword-only
        The encoding it was saved in when not UTF-8 (a byte-order mark wins over it).
    shown : str, keyword-only
        The file's name, for messages.
    html : bool, keyword-only
        A web page: without a mark or ``encoding``, the ``<meta charset>`` it declares in
        its first bytes is its encoding (``iso-8859-1`` read as windows-1252, as browsers do).

    Returns
    -------
    str
        Without a mark, ``encoding`` or declaration, text that is not UTF-8 has each
        undecodable byte replaced with U+FFFD, and a warning names the first one and
        ``--encoding``.

    Raises
    ------
    DataFileError
        ``encoding`` was given and a byte is not text in it (offset and line named).

    Examples
    --------
    >>> text_from_bytes("Laçın".encode("utf-16"))
    'Laçın'
    >>> text_from_bytes("Tanguiéta".encode("cp1252"), encoding="cp1252")
    'Tanguiéta'
    """
    marked = encoding_from_bom(data[:4])
    if marked is not None:
        return _replaced(data, "utf-8-sig" if marked == "utf-8" else marked, shown)
    if encoding is not None:
        encoding = text_encoding(encoding)
        if not encoding.startswith(("utf-16", "utf-32")) and not data.isascii():
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                logger.warning(
                    "%s: UTF-8 text (all of it; letters beyond ASCII too), so it is read as "
                    "UTF-8, not %s: --encoding names the encoding of files that are not UTF-8",
                    shown,
                    encoding,
                )
                return text
        return _strict(data, encoding, shown)
    declared = _declared(data) if html else None
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return _replaced(data, "utf-8", shown)


def c1_as_cp1252(text: str) -> str:
    """``text`` with its C1 control characters read as the cp1252 characters of the same byte.

    A tool that decodes cp1252 bytes as latin-1 stores cp1252 punctuation as C1 control
    characters (U+0080-U+009F), which no text means: ``SABC\x92s offices`` is "SABC’s
    offices". The geoparser reads its text through this, so ``\x92s`` is a possessive and
    ``\x97`` a dash; cell values and stories are never changed by it. Each character is
    replaced by one character, so an offset into the result is an offset into ``text``;
    the five C1 characters cp1252 has no character for stay.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The same length; ``text`` itself when it has no C1 control character.

    Examples
    --------
    >>> c1_as_cp1252("outside the SABC\x92s offices \x96 a \x93picket\x94")
    'outside the SABC’s offices – a “picket”'
    """
    if _C1.search(text) is None:
        return text
    return text.translate(_C1_AS_CP1252)


def utf16_without_mark(start: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when a file's first bytes read as UTF-16 text
    without a byte-order mark (every other byte NUL, as Latin letters are), else ``None``.

    A hint for a message only: such bytes are also valid UTF-8, cp1252... text full of NULs.

    Examples
    --------
    >>> utf16_without_mark("Sotk,Tavush".encode("utf-16-le")), utf16_without_mark(b"Sotk")
    ('utf-16-le', None)
    """
    pairs = len(start[:4096]) // 2
    if pairs < 4:
        return None
    even, odd = start[0 : 2 * pairs : 2].count(0), start[1 : 2 * pairs : 2].count(0)
    if odd >= pairs * 3 // 4 and even <= pairs // 8:
        return "utf-16-le"
    if even >= pairs * 3 // 4 and odd <= pairs // 8:
        return "utf-16-be"
    return None


def _replaced(data: bytes, encoding: str, shown: str) -> str:
    """``data`` decoded in ``encoding``, each undecodable run of bytes replaced with U+FFFD
    and the first one named in a warning."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        logger.warning(
            "%s: not %s text (%s at byte %s, line %d): %d undecodable byte run(s) read as "
            "U+FFFD; %s",
            shown,
            encoding.removesuffix("-sig").upper(),
            exc.reason,
            f"{exc.start:,}",
            _line(data, exc.start, encoding),
            text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd"),
            _hint(data) if encoding == "utf-8" else _REPLACED_HINT,
        )
        return text


def _hint(data: bytes) -> str:
    """What to do with text that is not UTF-8: name UTF-16 when it looks like it."""
    utf16 = utf16_without_mark(data)
    if utf16 is None:
        return _REPLACED_HINT
    return f"it looks like {utf16.upper()} without a byte-order mark: give --encoding {utf16}"


def _strict(data: bytes, encoding: str, shown: str) -> str:
    """``data`` decoded in ``encoding``; the first byte that is not text in it named."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line(data, exc.start, encoding)
        raise DataFileError(
            f"{shown}: not {encoding} text ({exc.reason} at byte {exc.start:,}, line {line}); "
            "give the encoding it was saved in, or save it as UTF-8"
        ) from None


def _line(data: bytes, offset: int, encoding: str) -> int:
    """The line of the byte at ``offset`` (counted in the decoded text: a UTF-16 line break
    is two bytes)."""
    return data[:offset].decode(encoding, errors="replace").count("\n") + 1


def _declared(data: bytes) -> str | None:
    """The text encoding a web page declares in its first bytes, if Python knows it."""
    found = _DECLARED.search(data[:_PRESCAN])
    if found is None:
        return None
    label = found.group(1).decode("ascii", errors="replace").lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        name = text_encoding(label)
    except ValueError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        # a page whose bytes this search could read is not UTF-16: browsers read it as UTF-8
        # (UTF-32 and UTF-7 they do not read at all)
        return "utf-8"
    return None if name == "utf-7" else name
