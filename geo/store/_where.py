"""``--where``, ``--bbox`` and ``--since``: parsed into SQL with bound parameters, never pasted.

A ``--where`` expression is read by a small recursive-descent parser into a whitelisted
form: column names must be columns of the store's incidents table (quoted as identifiers),
operators come from a fixed list, and every value is converted to the column's type in
Python (a date column takes ``'YYYY-MM-DD'``, an integer column a whole number...) and sent
as a bound parameter. Anything else is refused with the position and what was expected.

Grammar (keywords in any case)::

    expr       := term ("or" term)*
    term       := factor ("and" factor)*
    factor     := "not" factor | "(" expr ")" | predicate
    predicate  := column op value
                | column ["not"] "in" "(" value ("," value)* ")"
                | column "is" ["not"] "null"
                | column ["not"] "between" value "and" value
                | column ["not"] ("like" | "ilike") 'text'
    op         := "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
    value      := 'text' (a quote doubled: '') | number | true | false
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Final

from geo.errors import StoreQueryError

MAX_LENGTH: Final[int] = 10_000
MAX_DEPTH: Final[int] = 40
_OPERATORS: Final[tuple[str, ...]] = ("=", "!=", "<>", "<=", ">=", "<", ">")
_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"and", "or", "not", "in", "is", "null", "between", "like", "ilike", "true", "false"}
)
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><=|>=|<>|!=|=|<|>)
  | (?P<punct>[(),])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical token: kind (string, number, word, keyword, op, punct, end), text, offset."""

    kind: str
    text: str
    at: int


def tokens_from_text(text: str) -> list[Token]:
    """Split a ``--where`` expression into tokens; refuse any character outside the grammar."""
    if len(text) > MAX_LENGTH:
        raise StoreQueryError(f"--where: the expression is longer than {MAX_LENGTH} characters")
    out, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            snippet = text[at : at + 20]
            raise StoreQueryError(
                f"--where: cannot read {snippet!r} at character {at + 1}; use column op value, "
                "and/or/not, in (...), is null, between, like, with values in single quotes"
            )
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group()
            if kind == "word" and word.lower() in _KEYWORDS:
                out.append(Token("keyword", word.lower(), at))
            else:
                out.append(Token(kind, word, at))
        at = match.end()
    out.append(Token("end", "", len(text)))
    return out


class _Parser:
    """Recursive descent over the tokens; builds psycopg ``sql`` pieces and a parameter list."""

    def __init__(self, tokens: list[Token], columns: dict[str, str], table_alias: str) -> None:
        from psycopg import sql

        self.sql = sql
        self.tokens = tokens
        self.pos = 0
        self.columns = columns
        self.alias = table_alias
        self.params: list[Any] = []
        self.depth = 0

    # -------------------------------------------------------------- token helpers

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def accept(self, kind: str, text: str | None = None) -> Token | None:
        token = self.peek()
        if token.kind == kind and (text is None or token.text == text):
            self.pos += 1
            return token
        return None

    def fail(self, expected: str) -> StoreQueryError:
        token = self.peek()
        found = "the end" if token.kind == "end" else repr(token.text)
        return StoreQueryError(
            f"--where: expected {expected} at character {token.at + 1}, found {found}"
        )

    # -------------------------------------------------------------- grammar

    def expression(self) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise StoreQueryError(f"--where: more than {MAX_DEPTH} nested parentheses or 'not's")
        parts = [self.term()]
        while self.accept("keyword", "or"):
            parts.append(self.term())
        self.depth -= 1
        return (
            parts[0]
            if len(parts) == 1
            else self.sql.SQL("(") + self.sql.SQL(" OR ").join(parts) + self.sql.SQL(")")
        )

    def term(self) -> Any:
        parts = [self.factor()]
        while self.accept("keyword", "and"):
            parts.append(self.factor())
        return (
            parts[0]
            if len(parts) == 1
            else self.sql.SQL("(") + self.sql.SQL(" AND ").join(parts) + self.sql.SQL(")")
        )

    def factor(self) -> Any:
        if self.accept("keyword", "not"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise StoreQueryError(
                    f"--where: more than {MAX_DEPTH} nested parentheses or 'not's"
                )
            inner = self.factor()
            self.depth -= 1
            return self.sql.SQL("(NOT ") + inner + self.sql.SQL(")")
        if self.accept("punct", "("):
            inner = self.expression()
            if not self.accept("punct", ")"):
                raise self.fail("')'")
            return inner
        return self.predicate()

    def column(self) -> tuple[Any, str, str]:
        token = self.take()
        if token.kind != "word":
            self.pos -= 1
            raise self.fail("a column name")
        name = token.text.lower()
        if name not in self.columns:
            known = ", ".join(sorted(self.columns)[:12])
            raise StoreQueryError(
                f"--where: unknown column {token.text!r} at character {token.at + 1} "
                f"(columns: {known}, ...)"
            )
        return self.sql.Identifier(self.alias, name), name, self.columns[name]

    def predicate(self) -> Any:
        ident, name, pg = self.column()
        negated = bool(self.accept("keyword", "not"))
        if self.accept("keyword", "in"):
            return self._in(ident, name, pg, negated)
        if self.accept("keyword", "between"):
            low = self.value(name, pg)
            if not self.accept("keyword", "and"):
                raise self.fail("'and' of between")
            high = self.value(name, pg)
            op = "NOT BETWEEN" if negated else "BETWEEN"
            return self.sql.SQL("({} {} {} AND {})").format(
                ident, self.sql.SQL(op), self.param(low), self.param(high)
            )
        like = self.accept("keyword", "like") or self.accept("keyword", "ilike")
        if like:
            return self._like(ident, name, pg, like.text, negated)
        if negated:
            raise self.fail("in, between, like or ilike after 'not'")
        if self.accept("keyword", "is"):
            op = "IS NOT NULL" if self.accept("keyword", "not") else "IS NULL"
            if not self.accept("keyword", "null"):
                raise self.fail("null")
            return self.sql.SQL("({} {})").format(ident, self.sql.SQL(op))
        token = self.accept("op")
        if token is None:
            raise self.fail("an operator (= != <> < <= > >=), in, between, like or is")
        op = "<>" if token.text == "!=" else token.text
        assert op in _OPERATORS
        return self.sql.SQL("({} {} {})").format(
            ident, self.sql.SQL(op), self.param(self.value(name, pg))
        )

    def _in(self, ident: Any, name: str, pg: str, negated: bool) -> Any:
        if not self.accept("punct", "("):
            raise self.fail("'(' after in")
        values = [self.value(name, pg)]
        while self.accept("punct", ","):
            values.append(self.value(name, pg))
        if not self.accept("punct", ")"):
            raise self.fail("',' or ')'")
        op = "NOT IN" if negated else "IN"
        items = self.sql.SQL(", ").join(self.param(v) for v in values)
        return self.sql.SQL("({} {} ({}))").format(ident, self.sql.SQL(op), items)

    def _like(self, ident: Any, name: str, pg: str, word: str, negated: bool) -> Any:
        if pg != "text":
            raise StoreQueryError(f"--where: {word} works on text columns; {name} is {pg}")
        pattern = self.value(name, pg)
        op = ("NOT " if negated else "") + word.upper()
        return self.sql.SQL("({} {} {})").format(ident, self.sql.SQL(op), self.param(pattern))

    def param(self, value: Any) -> Any:
        self.params.append(value)
        return self.sql.Placeholder()

    def value(self, name: str, pg: str) -> Any:
        token = self.take()
        if token.kind == "string":
            return typed_value(token.text[1:-1].replace("''", "'"), name, pg, quoted=True)
        if token.kind == "number" or (token.kind == "keyword" and token.text in ("true", "false")):
            return typed_value(token.text, name, pg, quoted=False)
        self.pos -= 1
        raise self.fail(f"a value for {name} ({pg})")


def typed_value(text: str, name: str, pg: str, *, quoted: bool) -> Any:
    """``text`` as the Python value of column ``name`` of PostgreSQL type ``pg``."""
    try:
        if pg == "text":
            if not quoted:
                raise ValueError("text values go in single quotes")
            return text
        if pg == "date":
            return dt.date.fromisoformat(text)
        if pg.startswith("timestamp"):
            return dt.datetime.fromisoformat(text)
        if pg in ("integer", "bigint"):
            return int(text)
        if pg in ("double precision", "real", "numeric"):
            number = float(text)
            if not math.isfinite(number):
                raise ValueError("not a finite number")
            return number
        if pg == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError("true or false")
            return text.lower() == "true"
    except ValueError as exc:
        raise StoreQueryError(f"--where: {name} is {pg}; {text!r} does not fit ({exc})") from None
    raise StoreQueryError(f"--where: column {name} ({pg}) cannot be compared")


def where_sql(
    text: str, columns: dict[str, str], *, table_alias: str = "i"
) -> tuple[Any, list[Any]]:
    """Parse a ``--where`` expression into ``(psycopg sql.Composable, parameters)``.

    Parameters
    ----------
    text : str
        The expression, e.g. ``country = 'Armenia' and event_date >= '2023-01-01'``.
    columns : dict of str to str
        The columns that may be named, with their PostgreSQL types.
    table_alias : str, keyword-only
        The alias the columns are qualified with.
    """
    parser = _Parser(tokens_from_text(text), columns, table_alias)
    if parser.peek().kind == "end":
        raise StoreQueryError("--where: the expression is empty")
    composed = parser.expression()
    if parser.peek().kind != "end":
        raise parser.fail("and, or, or the end of the expression")
    return composed, parser.params


def bbox_from_text(
    text: str | tuple[float, float, float, float],
) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` (degrees, EPSG:4326) checked and as four floats."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    try:
        values = tuple(float(p) for p in parts)
    except (TypeError, ValueError):
        values = ()
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise StoreQueryError(
            f"--bbox wants min_lon,min_lat,max_lon,max_lat in degrees, not {text!r}"
        )
    west, south, east, north = values
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise StoreQueryError(
            f"--bbox {text!r}: need -180 <= min_lon <= max_lon <= 180 and "
            "-90 <= min_lat <= max_lat <= 90"
        )
    return west, south, east, north


def since_from_text(text: str | int | dt.date) -> int | dt.date:
    """``--since``: a run number (digits) or a date (``YYYY-MM-DD``)."""
    if isinstance(text, dt.date | int) and not isinstance(text, bool):
        return text
    value = str(text).strip()
    if value.isdigit():
        return int(value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StoreQueryError(
            f"--since wants a date (YYYY-MM-DD) or an import run number, not {text!r}"
        ) from None
