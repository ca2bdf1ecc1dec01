"""Generated incident files for the fuzz tests (issue 13 point 3, issue 16 point 7).

One pool of values per column — valid ones, empty strings, null tokens, hostile text, values
of the wrong kind — drawn either by hypothesis (:func:`incident_files`, for
``tests/cli/test_fuzz_cli.py``) or by a seeded ``random.Random`` (:func:`random_incident_file`,
for the browser test, which opens one such map). Each row has a unique ``event_id_cnty``
(``F000``...), so a test can find every row again in the outputs or in ``rejected.csv``.

Columns: the project's incident schema, with any optional column left out (and now and then a
required one); text in any column may be empty; dates given or not; places the gazetteer
knows and places it does not; coordinates given, missing, swapped or out of range. Files are
written in UTF-8 (with or without BOM), Latin-1, cp1252 or UTF-16, with any CSV quoting and
line ends, from 0 rows to a few dozen.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
COLUMNS: list[str] = next(
    csv.reader([(SEEDS / "incidents.csv").read_text("utf-8").splitlines()[0]])
)
REQUIRED = (
    "event_id_cnty", "event_type", "sub_event_type", "actor1", "country", "location",
    "geo_precision", "source", "evidence",
)  # fmt: skip

TEXT = [
    "", " ", "NA", "None", "null", "N/A", "-", "=1+1", "@SUM(A1)", "+49", "-5",
    "\x1b]0;pwned\x07", "<b>bold</b> & <script>alert(1)</script>", "{{ 7*7 }}",
    "line one\nline two", 'a "quoted" word', "comma, inside", "Laçın – Xankəndi", "👍",
    "x" * 300,
]  # fmt: skip
EVENTS = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Headquarters or base established"),
    ("Battles", "Peaceful protest"),  # a sub type of another type: rejected
    ("Unknown type", "Something"),
    ("", ""),
]
POOLS: dict[str, list[str]] = {
    "event_date": [
        "2023-05-11",
        "2023-04-25",
        "2022-09-13",
        "",
        "11 May 2023",
        "2023-13-45",
        "soon",
    ],
    "year": ["", "2023", "1999", "year"],
    "time_precision": ["", "1", "2", "3", "7"],
    "disorder_type": ["", "Political violence", "Demonstrations"],
    "actor1": ["Military Forces of Azerbaijan", "Military Forces of Armenia", "Protesters", ""],
    "country": ["Armenia", "Azerbaijan", "", "Narnia", "Russia (Soviet Union)"],
    "location": [
        "Sotk",
        "Jermuk",
        "Lachin corridor",
        "Yerevan",
        "Nagorno-Karabakh",
        "",
        "Qwxzzy Heights",
    ],
    "latitude": ["", "", "40.2001", "39.8", "45.8695", "999", "north"],
    "longitude": ["", "", "45.8695", "46.5", "40.2001", "-inf", "east"],
    "geo_precision": ["1", "2", "3", "", "9"],
    "fatalities": ["", "0", "1", "12", "-1", "two"],
    "injuries": ["", "0", "4", "2.5"],
    "iso": ["", "51", "31", "x"],
    "date_earliest": ["", "2023-05-01", "2023-06-01"],
    "date_latest": ["", "2023-05-30", "2023-04-01"],
    "review_status": ["", "draft", "reviewed", "maybe"],
    "source_url": ["", "https://example.org/a", "javascript:alert(1)"],
    "geocode_confidence": ["", "0.9", "high"],
}
ENCODINGS = ["utf-8"] * 5 + ["utf-8-sig", "utf-8-sig", "latin-1", "cp1252", "utf-16"]
QUOTING = [csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]


@dataclass(frozen=True)
class IncidentFile:
    """A generated incidents CSV: its bytes and what a test needs to check the outputs."""

    data: bytes
    ids: tuple[str, ...]
    columns: tuple[str, ...]
    encoding: str

    @property
    def lacks_required(self) -> bool:
        return any(c not in self.columns for c in REQUIRED)

    @property
    def utf8(self) -> bool:
        try:
            self.data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True


def _value(column: str, pick) -> str:
    if column in POOLS:
        return pick(POOLS[column] + ([pick(TEXT)] if pick([True, False, False, False]) else []))
    return pick([*TEXT, "evidence sentence", "AFP", "artillery", "Gegharkunik"])


#: Values a clean row takes in the columns that decide whether it is valid.
CLEAN: dict[str, list[str]] = {
    "event_date": ["2023-05-11", "2023-04-25", "2022-09-13", ""],
    "year": [""],
    "time_precision": ["", "1", "2"],
    "actor1": ["Military Forces of Azerbaijan", "Military Forces of Armenia", "Protesters"],
    "country": ["Armenia", "Azerbaijan"],
    "location": [*POOLS["location"][:5], "Qwxzzy Heights"],
    "geo_precision": ["1", "2", "3"],
    "fatalities": ["", "0", "1", "12"],
    "injuries": ["", "0", "4"],
    "iso": [""],
    "date_earliest": [""],
    "date_latest": [""],
    "review_status": ["", "draft", "reviewed"],
    "source": ["AFP", "Armenpress; Trend"],
    "evidence": ["They exchanged fire near the border.", "A checkpoint was set up."],
    "geocode_confidence": [""],
}
#: Coordinates of a clean row: none, right, swapped, or far from the named place.
CLEAN_POINTS = [
    ("", ""),
    ("", ""),
    ("40.2001", "45.8695"),
    ("45.8695", "40.2001"),
    ("55.75", "37.61"),
]


def _row(i: int, columns: list[str], pick) -> dict[str, str]:
    """One row: about two in three clean (every check passes, text columns still anything),
    the others drawn from the whole pools."""
    row = {c: _value(c, pick) for c in columns}
    row["event_id_cnty"] = f"F{i:03d}"
    if pick([True, True, False]):
        row.update({c: pick(v) for c, v in CLEAN.items()})
        row["latitude"], row["longitude"] = pick(CLEAN_POINTS)
        row["event_type"], row["sub_event_type"] = pick(EVENTS[:6])
    else:
        row["event_type"], row["sub_event_type"] = pick(EVENTS)
    return row


def _file(
    columns: list[str], rows: list[dict[str, str]], pick, *, encoding: str | None = None
) -> IncidentFile:
    encoding = encoding or pick(ENCODINGS)
    quoting, newline = pick(QUOTING), pick(["\n", "\r\n"])
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=columns, quoting=quoting, lineterminator=newline, extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return IncidentFile(
        data=out.getvalue().encode(encoding, errors="replace"),
        ids=tuple(r["event_id_cnty"] for r in rows),
        columns=tuple(columns),
        encoding=encoding,
    )


def _columns(pick, keep: list[bool], *, all_required: bool = False) -> list[str]:
    """Every required column (now and then one left out) and a random share of the others."""
    dropped_required = None if all_required else pick([None] * 15 + list(REQUIRED[1:]))
    return [
        c
        for c, k in zip(COLUMNS, keep, strict=True)
        if c == "event_id_cnty" or (c in REQUIRED and c != dropped_required) or k
    ]


@st.composite
def incident_files(draw: st.DrawFn, *, max_rows: int = 30) -> IncidentFile:
    """A hypothesis strategy of :class:`IncidentFile`."""

    def pick(options):
        return draw(st.sampled_from(options))

    keep = draw(st.lists(st.booleans(), min_size=len(COLUMNS), max_size=len(COLUMNS)))
    columns = _columns(pick, keep)
    n = draw(st.integers(min_value=0, max_value=max_rows))
    return _file(columns, [_row(i, columns, pick) for i in range(n)], pick)


def random_incident_file(seed: int, *, rows: int = 25) -> IncidentFile:
    """One generated UTF-8 file with every required column, from a seeded random generator
    (same pools as the strategy)."""
    rng = random.Random(seed)
    keep = [rng.random() < 0.7 for _ in COLUMNS]
    columns = _columns(rng.choice, keep, all_required=True)
    rows_ = [_row(i, columns, rng.choice) for i in range(rows)]
    return _file(columns, rows_, rng.choice, encoding="utf-8")
