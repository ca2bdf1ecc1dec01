"""CSV outputs never carry a spreadsheet formula (issue 16: OWASP's CSV-injection rule).

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading single quote; numbers in numeric columns are written as they are. Every CSV a
command writes is checked: ``export --format csv``, ``draft`` (file and standard output),
``rejected.csv``, ``unresolved.csv``, ``coord_checks.csv`` (import and build), ``cells.csv``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from bordermap.cli import main

#: OWASP's formula-leading characters (geo.exports.FORMULA_PREFIXES).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EVIL_ID = "=cmd|' /C calc'!A0"
EVIL_LINK = '=HYPERLINK("http://evil.example","click")'


def _cells(path_or_text: Path | str) -> list[dict[str, str]]:
    text = (
        path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    )
    return list(csv.DictReader(io.StringIO(text)))


def _assert_no_formula(rows: list[dict[str, str]], *, numeric: tuple[str, ...] = ()) -> None:
    """No cell starts a formula, except real numbers in the numeric columns named."""
    for row in rows:
        for column, value in row.items():
            assert not (column or "").startswith(FORMULA_PREFIXES), column
            if value is None or not value.startswith(FORMULA_PREFIXES):
                continue
            assert column in numeric, (column, value)
            float(value)  # a real number, written as a number


def _csv_line(values: dict[str, object], header: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([values.get(c, "") for c in header])
    return out.getvalue()


@pytest.fixture
def hostile_seeds(seeds_copy: Path) -> Path:
    """The seeds with an event id, notes and a source that begin formulas."""
    path = seeds_copy / "incidents.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "event_id_cnty"] = EVIL_ID
    frame.loc[0, "notes"] = EVIL_LINK
    frame.loc[1, "notes"] = "\t=1+1"  # leading whitespace is trimmed on read: =1+1
    frame.loc[1, "source"] = "-5 soldiers+2"
    frame.loc[2, "weapons"] = "@SUM(A1:A9)"
    frame.to_csv(path, index=False)
    return seeds_copy


# ---------------------------------------------------------------------------- the function


def test_formula_safe_quotes_text_and_leaves_numbers():
    from geo.exports import FORMULA_PREFIXES as prefixes
    from geo.exports import formula_safe

    assert prefixes == FORMULA_PREFIXES
    table = pd.DataFrame(
        {
            "text": ["=1+1", "+1", "-5", "@x", "\tx", "\rx", "ok", None],
            "string": pd.array(["=a", "b", None, "-c", "d", "e", "f", "g"], dtype="string"),
            "number": [-5.0, 1.0, 2.0, -3.5, 0.0, 1.0, 2.0, 3.0],
            "integer": pd.array([-1, 2, None, 4, 5, 6, 7, 8], dtype="Int64"),
            "=header": ["a"] * 8,
        }
    )
    out = formula_safe(table)
    assert out["text"].tolist()[:7] == ["'=1+1", "'+1", "'-5", "'@x", "'\tx", "'\rx", "ok"]
    assert pd.isna(out["text"].iloc[7])
    assert out["string"].tolist()[:4] == ["'=a", "b", pd.NA, "'-c"]
    assert str(out["string"].dtype) == str(table["string"].dtype)
    assert out["number"].tolist() == table["number"].tolist()
    assert out["integer"].dtype == table["integer"].dtype
    assert list(out.columns) == ["text", "string", "number", "integer", "'=header"]
    assert table["text"].iloc[0] == "=1+1"  # the caller's frame is not changed


def test_write_csv_and_acled_csv_are_formula_safe(tmp_path):
    from geo.exports import write_acled_csv, write_csv

    frame = pd.DataFrame({"event_id_cnty": [EVIL_ID], "latitude": [-12.5], "notes": ["-5"]})
    _assert_no_formula(_cells(write_csv(frame, tmp_path / "a.csv")), numeric=("latitude",))
    path = write_acled_csv(frame, tmp_path / "b.csv")
    rows = _cells(path)
    _assert_no_formula(rows, numeric=("latitude",))
    assert rows[0]["event_id_cnty"] == "'" + EVIL_ID and rows[0]["latitude"] == "-12.5"
    stream = io.StringIO()
    assert write_csv(frame, stream) is None
    assert _cells(stream.getvalue())[0]["notes"] == "'-5"


# ---------------------------------------------------------------------------- the commands


def test_export_csv_quotes_formulas(hostile_seeds, tmp_path):
    out = tmp_path / "out"
    assert (
        main(["export", "--input", str(hostile_seeds), "--output", str(out), "--format", "csv"])
        == 0
    )
    rows = _cells(out / "incidents.csv")
    _assert_no_formula(rows, numeric=("latitude", "longitude"))
    by_id = {r["event_id_cnty"]: r for r in rows}
    assert by_id["'" + EVIL_ID]["notes"] == "'" + EVIL_LINK
    assert {"'=1+1", "'-5 soldiers+2", "'@SUM(A1:A9)"} <= {v for r in rows for v in r.values()}


def test_build_reports_quote_formulas(hostile_seeds, tmp_path):
    path = hostile_seeds / "incidents.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, "location"] = "=Nowhere()"  # unresolved
    frame.loc[2, "fatalities"] = "-1"  # rejected
    frame.to_csv(path, index=False)
    out = tmp_path / "out"
    status = main(
        ["build", "--input", str(hostile_seeds), "--output", str(out), "--on-error", "reject"]
    )
    assert status == 3
    unresolved = _cells(out / "unresolved.csv")
    assert [r["location"] for r in unresolved] == ["'=Nowhere()"]
    rejected = _cells(out / "rejected.csv")
    assert any(r["value"] == "'-1" for r in rejected), rejected
    for name in ("unresolved.csv", "rejected.csv", "coord_checks.csv"):
        _assert_no_formula(_cells(out / name), numeric=("line", "source_line"))


def test_import_reports_quote_formulas(tmp_path):
    header = (
        (Path(__file__).parents[1] / "data" / "acled_2023.csv")
        .read_text(encoding="utf-8")
        .splitlines()[:2]
    )
    columns = next(csv.reader([header[0]]))
    good = dict(zip(columns, next(csv.reader([header[1]])), strict=True))
    rows = [
        {**good, "event_id_cnty": EVIL_ID, "notes": EVIL_LINK},
        {**good, "event_id_cnty": "+X1", "event_date": "=1+1"},  # rejected: not a date
        {**good, "event_id_cnty": "@X2", "location": "-Nowhere", "latitude": "", "longitude": ""},
        # swapped coordinates: flagged in coord_checks.csv
        {
            **good,
            "event_id_cnty": "-X3",
            "latitude": good["longitude"],
            "longitude": good["latitude"],
        },
    ]
    source = tmp_path / "hostile.csv"
    source.write_text(
        header[0] + "\n" + "".join(_csv_line(r, columns) for r in rows), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["import", str(source), "--output", str(out)]) == 3
    numeric = (
        "line",
        "source_line",
        "latitude",
        "longitude",
        "km_from_named_place",
        "geo_precision",
    )
    for name in ("rejected.csv", "unresolved.csv", "coord_checks.csv"):
        rows_out = _cells(out / name)
        assert rows_out, name
        _assert_no_formula(rows_out, numeric=numeric)
    assert _cells(out / "rejected.csv")[0]["value"] == "'=1+1"
    assert _cells(out / "unresolved.csv")[0]["location"] == "'-Nowhere"
    assert _cells(out / "coord_checks.csv")[0]["event_id_cnty"] == "'-X3"


def test_aggregate_reports_quote_formulas(tmp_path):
    data = Path(__file__).parents[1] / "data" / "acled_2023.csv"
    text = data.read_text(encoding="utf-8")
    assert ",Sotk,40.2001,45.8695," in text
    text = text.replace("ARM2001", "=ARM2001()").replace(",Sotk,40.2001,45.8695,", ",=Nowhere(),,,")
    source = tmp_path / "part.csv"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "agg"
    assert main(["aggregate", str(source), "--output", str(out)]) in (0, 3)
    numeric = ("line", "source_line", "latitude", "longitude", "km_from_named_place")
    for name in ("cells.csv", "rejected.csv", "unresolved.csv", "coord_checks.csv"):
        _assert_no_formula(_cells(out / name), numeric=(*numeric, "min_border_km", "geo_precision"))
    unresolved = _cells(out / "unresolved.csv")
    assert [(r["event_id_cnty"], r["location"]) for r in unresolved] == [
        ("'=ARM2001()", "'=Nowhere()")
    ]


def test_draft_quotes_formulas_in_file_and_on_standard_output(seeds_copy, tmp_path, capsys):
    meta = seeds_copy / "000_1ae35c016cd00801.meta.json"
    sidecar = json.loads(meta.read_text(encoding="utf-8"))
    sidecar["title"] = EVIL_LINK
    meta.write_text(json.dumps(sidecar), encoding="utf-8")
    article = seeds_copy / "000_1ae35c016cd00801.txt"
    assert main(["draft", str(article), "--output", str(tmp_path / "d.csv")]) == 0
    rows = _cells(tmp_path / "d.csv")
    assert rows and all(r["source"].startswith("'=HYPERLINK") for r in rows)
    _assert_no_formula(rows, numeric=("latitude", "longitude"))
    capsys.readouterr()
    assert main(["draft", str(article)]) == 0
    printed = _cells(capsys.readouterr().out)
    assert [r["source"] for r in printed] == [r["source"] for r in rows]
