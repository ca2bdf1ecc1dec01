"""Columnar tables for the page: one array per column instead of one JSON object per feature.

A map of 100k incidents as a GeoJSON FeatureCollection repeats every property name 100k times
and every category ("Battles", "Armenia"...) as a string; as columns it is a few typed arrays
and a table of distinct strings. Three kinds of column:

``num``
    Integers (coordinates scaled to 1e-5 degree, days since 1970, counts); a sentinel marks
    a missing value.
``dict``
    Codes into a list of distinct strings; code 0 is missing (``values[0]`` is ``null``).
``str``
    One string per row (ids, notes): a JSON list, or UTF-8 bytes with end offsets that the page
    decodes only when a popup needs the row.

Small tables go into the page as plain JSON (readable, diffable). Larger ones as a binary
container, deflated (zlib, deterministic) and base64-encoded: a little-endian ``uint32``
header length, the header as JSON (``n``, ``base`` and one entry per column with its ``dtype``
and byte ``offset``), then the buffers, each aligned to 8 bytes. The page inflates it with the
browser's ``DecompressionStream`` (``layers/js/runtime.js``, ``decodeTable``).
:func:`decode` reads both forms back in Python (tests use it).
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MISSING", "TableEncoder", "decode"]

#: Missing-value sentinel per integer dtype.
MISSING = {"u8": 255, "u16": 65535, "i32": -(2**31), "u32": 2**32 - 1}
_NUMPY = {"u8": np.uint8, "u16": np.uint16, "i32": np.int32, "u32": np.uint32}


def _int_dtype(lo: int, hi: int) -> str:
    """Smallest dtype holding [lo, hi] and its missing sentinel."""
    if lo >= 0 and hi < MISSING["u8"]:
        return "u8"
    if lo >= 0 and hi < MISSING["u16"]:
        return "u16"
    if lo > MISSING["i32"] and hi < 2**31:
        return "i32"
    raise ValueError(f"integers out of range for the page: {lo}..{hi}")


def _code_dtype(n_values: int) -> str:
    return "u8" if n_values <= 256 else "u16" if n_values <= 65536 else "u32"


def _strings(series: pd.Series) -> list[str | None]:
    """Values as str, missing (and empty) as None (fast path when they already are strings)."""
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    present = ~missing
    # Compared only where present: ``pd.NA == ""`` is NA, which no boolean mask can hold.
    missing[present] = values[present] == ""
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        values = np.array([str(v) for v in values], dtype=object)
    if missing.any():
        values = values.copy()
        values[missing] = None
    out: list[str | None] = values.tolist()
    return out


def _utf8(values: list[str | None]) -> tuple[bytes, np.ndarray]:
    """Concatenated UTF-8 bytes and the end offset of each value (missing = empty)."""
    texts = [v or "" for v in values]
    joined = "".join(texts)
    if joined.isascii():
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        return joined.encode("ascii"), np.cumsum(lengths)
    encoded = [t.encode("utf-8") for t in texts]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    return b"".join(encoded), np.cumsum(lengths)


class TableEncoder:
    """Collects columns of one table and writes them as JSON or as a compressed container.

    Parameters
    ----------
    n : int
        Number of rows; every column must have this length.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._cols: dict[str, dict[str, Any]] = {}

    @property
    def names(self) -> list[str]:
        """Column names, in the order added."""
        return list(self._cols)

    def num(self, name: str, values: Any, *, scale: float | None = None) -> None:
        """Add an integer column (floats are divided by ``scale`` and rounded; NaN = missing).

        Parameters
        ----------
        name : str
            Column name.
        values : array-like of numbers
            Length ``n``; NaN/None mark missing values.
        scale : float, optional, keyword-only
            The page multiplies by it (``1e-5`` for degrees: about 1 m).
        """
        arr = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype="float64")
        self._check(name, arr)
        if scale:
            arr = np.round(arr / scale)
        ok = np.isfinite(arr)
        ints = np.where(ok, arr, 0).astype(np.int64)
        lo, hi = (int(ints[ok].min()), int(ints[ok].max())) if ok.any() else (0, 0)
        dtype = _int_dtype(lo, hi)
        data = np.where(ok, ints, MISSING[dtype]).astype(_NUMPY[dtype])
        self._cols[name] = {"kind": "num", "dtype": dtype, "data": data, "ok": ok, "scale": scale}

    def codes(self, name: str, codes: Any, values: Sequence[str]) -> None:
        """Add a dictionary column from codes (``-1`` = missing) into ``values``."""
        arr = np.asarray(codes, dtype=np.int64)
        self._check(name, arr)
        dtype = _code_dtype(len(values) + 1)
        data = (arr + 1).astype(_NUMPY[dtype])
        self._cols[name] = {"kind": "dict", "dtype": dtype, "data": data, "values": list(values)}

    def text(self, name: str, values: Any, *, unique: bool = False) -> None:
        """Add a text column: dictionary-coded when values repeat, else one string per row.

        Parameters
        ----------
        name : str
            Column name.
        values : array-like
            Length ``n``; None/NaN = missing.
        unique : bool, keyword-only
            Skip the repeat check (ids, free text): stored one string per row.
        """
        series = pd.Series(values, dtype=object)
        self._check(name, series)
        if not unique:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            if len(uniques) * 2 <= max(self.n, 1):
                self.codes(name, codes, [str(u) for u in uniques])
                return
        self._cols[name] = {"kind": "str", "values": _strings(series)}

    def _check(self, name: str, arr: Any) -> None:
        if len(arr) != self.n:
            raise ValueError(f"column {name!r} has {len(arr)} rows, the table {self.n}")

    # -- output ------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The table as a JSON-ready dict (for small tables)."""
        cols: dict[str, Any] = {}
        for name, c in self._cols.items():
            if c["kind"] == "num":
                data = c["data"].astype(np.int64).tolist()
                for i in np.flatnonzero(~c["ok"]).tolist():
                    data[i] = None
                entry: dict[str, Any] = {"kind": "num", "data": data}
                if c["scale"]:
                    entry["scale"] = c["scale"]
                cols[name] = entry
            elif c["kind"] == "dict":
                values = [None, *c["values"]]
                cols[name] = {"kind": "dict", "codes": c["data"].tolist(), "values": values}
            else:
                cols[name] = {"kind": "str", "values": c["values"]}
        return {"n": self.n, "cols": cols}

    def to_binary(self, *, level: int = 5) -> bytes:
        """The table as a deflated binary container (see the module docstring)."""
        header_cols: dict[str, Any] = {}
        buffers: list[bytes] = []
        offset = 0

        def put(buf: bytes) -> int:
            nonlocal offset
            start = offset
            buffers.append(buf)
            offset += len(buf)
            pad = -offset % 8
            if pad:
                buffers.append(b"\0" * pad)
                offset += pad
            return start

        for name, c in self._cols.items():
            if c["kind"] == "num":
                entry: dict[str, Any] = {
                    "kind": "num",
                    "dtype": c["dtype"],
                    "missing": MISSING[c["dtype"]],
                    "offset": put(c["data"].astype(c["data"].dtype.newbyteorder("<")).tobytes()),
                }
                if c["scale"]:
                    entry["scale"] = c["scale"]
            elif c["kind"] == "dict":
                entry = {
                    "kind": "dict",
                    "dtype": c["dtype"],
                    "values": [None, *c["values"]],
                    "offset": put(c["data"].astype(c["data"].dtype.newbyteorder("<")).tobytes()),
                }
            else:
                blob, ends = _utf8(c["values"])
                if self.n and int(ends[-1]) >= 2**32:
                    raise ValueError(f"column {name!r}: more than 4 GB of text")
                entry = {
                    "kind": "str",
                    "nbytes": len(blob),
                    "offset": put(blob),
                    "ends": put(ends.astype("<u4").tobytes()),
                }
            header_cols[name] = entry
        header = {"n": self.n, "cols": header_cols}
        raw = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
        base = 4 + len(raw)
        pad = -base % 8
        head = struct.pack("<I", len(raw) + pad) + raw + b" " * pad
        return zlib.compress(head + b"".join(buffers), level)

    def payload(self, *, compact: bool) -> dict[str, Any]:
        """What the page gets: the JSON table, or ``{"b64": ...}`` of :meth:`to_binary`."""
        if not compact:
            return self.to_json()
        return {"b64": base64.b64encode(self.to_binary()).decode("ascii"), "n": self.n}


def decode(payload: dict[str, Any]) -> dict[str, list[Any]]:
    """Read a page table back into Python lists (missing values as ``None``); for tests."""
    if "b64" not in payload:
        out: dict[str, list[Any]] = {}
        for name, c in payload["cols"].items():
            if c["kind"] == "num":
                out[name] = [None if v is None else v * c.get("scale", 1) for v in c["data"]]
            elif c["kind"] == "dict":
                out[name] = [c["values"][k] for k in c["codes"]]
            else:
                out[name] = list(c["values"])
        return out
    buf = zlib.decompress(base64.b64decode(payload["b64"]))
    (hlen,) = struct.unpack_from("<I", buf, 0)
    header = json.loads(buf[4 : 4 + hlen])
    base, n = 4 + hlen, header["n"]
    out = {}
    for name, c in header["cols"].items():
        if c["kind"] in ("num", "dict"):
            arr = np.frombuffer(
                buf,
                dtype=np.dtype(_NUMPY[c["dtype"]]).newbyteorder("<"),
                count=n,
                offset=base + c["offset"],
            )
            if c["kind"] == "num":
                scale = c.get("scale", 1)
                out[name] = [None if v == c["missing"] else v * scale for v in arr.tolist()]
            else:
                out[name] = [c["values"][k] for k in arr.tolist()]
        else:
            ends = np.frombuffer(buf, dtype="<u4", count=n, offset=base + c["ends"]).tolist()
            blob = buf[base + c["offset"] : base + c["offset"] + c["nbytes"]]
            starts = [0, *ends[:-1]]
            out[name] = [
                blob[a:b].decode("utf-8") or None for a, b in zip(starts, ends, strict=True)
            ]
    return out
