"""A GeoJSON file's feature properties as text cells, with the line of every feature.

GeoJSON goes through the same parsing and checks as every CSV file
(:mod:`geo.incidents._tabular`): each property becomes a column of text cells, as a CSV
file would hold them (``null`` an empty cell, numbers in their JSON spelling, ``true`` /
``false``, nested values as JSON), so that ``"None"`` stays a name, ``1e30`` in a count
column is a rejected cell and every rule of the incident schema applies. The file is walked
feature by feature (:meth:`json.JSONDecoder.raw_decode`), so each feature's line is known
and a property named twice in one feature is found (a plain :func:`json.loads` keeps the
last one silently). Geometries are not read: the join places every record again from its
coordinates or its named place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.errors import DataFileError, InputNotFoundError
from geo.incidents._csvfile import RawTable

__all__ = ["read_raw_geojson"]

_BLANKS = re.compile(r"[ \t\n\r]*")
_CHUNK_FEATURES = 50_000


class _RepeatedKeyError(ValueError):
    """A JSON object names a key twice (raised by :func:`_unique_pairs`)."""

    def __init__(self, key: str, positions: list[int]) -> None:
        super().__init__(key)
        self.key = key
        self.positions = positions


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` that refuses a key given twice in one object."""
    out = dict(pairs)
    if len(out) != len(pairs):
        names = [key for key, _ in pairs]
        key = next(k for k in names if names.count(k) > 1)
        raise _RepeatedKeyError(key, [i + 1 for i, k in enumerate(names) if k == key])
    return out


def _text(value: Any) -> str:
    """A JSON value as the cell a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


class _Walker:
    """Walks a GeoJSON text: the top-level object, then its ``features`` one by one."""

    def __init__(self, text: str, shown: str) -> None:
        self.text = text
        self.shown = shown
        self.decoder = json.JSONDecoder(object_pairs_hook=_unique_pairs)
        self.at = 0
        self.line = 1
        self._line_at = 0

    def line_of(self, offset: int) -> int:
        """1-based line of ``offset`` (offsets are asked in increasing order)."""
        self.line += self.text.count("\n", self._line_at, offset)
        self._line_at = offset
        return self.line

    def _skip(self) -> str:
        self.at = _BLANKS.match(self.text, self.at).end()  # type: ignore[union-attr]
        return self.text[self.at : self.at + 1]

    def _expect(self, char: str) -> None:
        if self._skip() != char:
            found = self.text[self.at : self.at + 1] or "the end of the file"
            raise self._error(f"expected {char!r}, found {found!r}")
        self.at += 1

    def _error(self, what: str) -> DataFileError:
        return DataFileError(
            f"{self.shown}: not valid GeoJSON ({what} at line {self.line_of(self.at)})"
        )

    def value(self, what: str = "a JSON object") -> Any:
        """Decode the JSON value at the current position (``what`` names it in messages)."""
        self._skip()
        start = self.at
        try:
            value, self.at = self.decoder.raw_decode(self.text, self.at)
        except json.JSONDecodeError as exc:
            raise DataFileError(
                f"{self.shown}: not valid GeoJSON ({exc.msg} at line {exc.lineno}, "
                f"column {exc.colno})"
            ) from None
        except RecursionError:
            raise DataFileError(
                f"{self.shown}: {what} (line {self.line_of(start)}) is nested too deeply to "
                "be GeoJSON properties"
            ) from None
        except _RepeatedKeyError as exc:
            at = " and ".join(str(p) for p in exc.positions)
            raise DataFileError(
                f"{self.shown}: {what} (line {self.line_of(start)}) names {exc.key!r} more "
                f"than once (positions {at}); which one holds the value cannot be told"
            ) from None
        return value

    def features(self) -> Iterator[tuple[int, Any]]:
        """Yield ``(line, feature)`` for every member of the top-level ``features`` array."""
        self._expect("{")
        seen: set[str] = set()
        while self._skip() != "}":
            if seen:
                self._expect(",")
            key = self.value()
            if key in seen:
                raise self._error(f"the top-level member {key!r} is given twice")
            seen.add(key)
            self._expect(":")
            if key == "features":
                yield from self._array()
            else:
                self.value()
        if "features" not in seen:
            raise DataFileError(f"{self.shown}: not GeoJSON (no 'features' member)")

    def _array(self) -> Iterator[tuple[int, Any]]:
        self._expect("[")
        number = 0
        while self._skip() != "]":
            if number:
                self._expect(",")
                self._skip()
            number += 1
            start = self.at
            feature = self.value(f"feature {number}")
            yield self.line_of(start), feature
        self.at += 1


def _properties(feature: Any, number: int, line: int, shown: str) -> dict[str, Any]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise DataFileError(f"{shown}: feature {number} (line {line}) is not a GeoJSON Feature")
    props = feature.get("properties")
    if props is None:
        return {}
    if not isinstance(props, dict):
        raise DataFileError(
            f"{shown}: feature {number} (line {line}): 'properties' is not an object"
        )
    return props


def read_raw_geojson(path: str | Path) -> RawTable:
    """Read the properties of a GeoJSON FeatureCollection as text cells (see module docstring).

    Parameters
    ----------
    path : str or path-like
        A UTF-8 GeoJSON file.

    Returns
    -------
    RawTable
        One column per property name (in order of first appearance), every cell text (a
        property a feature lacks is an empty cell); ``lines`` the line each feature starts on.

    Raises
    ------
    DataFileError
        The file is missing, not UTF-8, not GeoJSON, or a feature names a property twice
        (the message names the feature's number and line, the property and its positions).
    """
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputNotFoundError(f"{shown}: no such file") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start:,})"
        ) from None
    except OSError as exc:
        raise DataFileError(f"{shown}: cannot read ({exc})") from None
    columns: dict[str, list[pa.Array]] = {}
    chunk: list[dict[str, Any]] = []
    lines: list[int] = []
    walker = _Walker(text, shown)
    for line, feature in walker.features():
        chunk.append(_properties(feature, len(lines) + 1, line, shown))
        lines.append(line)
        if len(chunk) >= _CHUNK_FEATURES:
            _add_chunk(columns, chunk, len(lines) - len(chunk))
            chunk = []
    _add_chunk(columns, chunk, len(lines) - len(chunk))
    n = len(lines)
    data = {name: _column(parts, n) for name, parts in columns.items()}
    cells = pd.DataFrame(data, index=pd.RangeIndex(n)) if data else pd.DataFrame(index=range(n))
    return RawTable(shown, list(columns), cells, np.asarray(lines, dtype=np.int64))


def _add_chunk(columns: dict[str, list[pa.Array]], chunk: list[dict[str, Any]], done: int) -> None:
    """Append one chunk of features' properties, as Arrow text, to ``columns``."""
    names = list(dict.fromkeys(name for props in chunk for name in props))
    for name in names:
        if name not in columns:
            columns[name] = [pa.array([""] * done, type=pa.large_string())] if done else []
    for name, parts in columns.items():
        parts.append(pa.array([_text(props.get(name)) for props in chunk], type=pa.large_string()))


def _column(parts: list[pa.Array], n: int) -> pd.arrays.ArrowStringArray:
    values = pa.chunked_array(parts, type=pa.large_string())
    if len(values) != n:  # pragma: no cover - every chunk fills every column
        raise AssertionError("GeoJSON columns of unequal length")
    return pd.arrays.ArrowStringArray(values)
