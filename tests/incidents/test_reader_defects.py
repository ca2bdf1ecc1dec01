"""Regression tests for the reader defects of issue 16 (each failed on main before the fix).

Every file here is written by the test from the seed records (no data is copied).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from bordermap.cli import main
from geo.errors import DataFileError
from geo.incidents import read_incidents

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader((SEEDS / "incidents.csv").open(encoding="utf-8")))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]], **fmt) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, **fmt)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _acled_2023_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(
        csv.reader((Path(__file__).parents[1] / "data/acled_2023.csv").open(encoding="utf-8"))
    )
    return rows[0], rows[1:]


# ------------------------------------------------------------------ duplicated header column
@pytest.mark.parametrize("kind", ["bordermap", "acled", "ucdp"])
def test_a_column_named_twice_fails_naming_both_positions(tmp_path, kind):
    if kind == "bordermap":
        header, rows = _seed_rows()
    elif kind == "acled":
        header, rows = _acled_2023_rows()
    else:
        rows = list(
            csv.reader((Path(__file__).parents[1] / "data/ucdp_ged.csv").open(encoding="utf-8"))
        )
        header, rows = rows[0], rows[1:]
        header = [*header, "side_b"]
        rows = [[*r, "someone else"] for r in rows]
    if kind != "ucdp":
        header = [*header, "actor2"]
        rows = [[*r, "someone else"] for r in rows]
    path = _write(tmp_path / "dup.csv", header, rows)
    name = "side_b" if kind == "ucdp" else "actor2"
    first = header.index(name) + 1
    with pytest.raises(DataFileError, match=rf"'{name}' at positions {first} and {len(header)}"):
        read_incidents(path)


@pytest.mark.parametrize("upper", [["LOCATION", "Location"], ["LOCATION", "location"]])
def test_an_acled_column_named_twice_in_other_case_fails_naming_both(tmp_path, upper):
    # old exports wrote EVENT_ID_CNTY...; 'LOCATION' beside 'Location' was exit 70 (Arrow),
    # beside 'location' the upper-case column's values were dropped without a word
    header, rows = _acled_2023_rows()
    at = header.index("location")
    header[at] = upper[1]
    header = [*header, upper[0]]
    path = _write(tmp_path / "dup.csv", header, [[*r, "Elsewhere"] for r in rows])
    with pytest.raises(
        DataFileError, match=rf"'{upper[1]}' at position {at + 1} and '{upper[0]}' at position"
    ):
        read_incidents(path)


def test_a_column_named_twice_in_a_semicolon_file_too(tmp_path):
    header, rows = _seed_rows()
    path = _write(
        tmp_path / "dup.csv", [*header, " actor2 "], [[*r, "x"] for r in rows], delimiter=";"
    )
    with pytest.raises(DataFileError, match=r"'actor2' at positions 10 and 38"):
        read_incidents(path)


def test_a_property_named_twice_in_geojson_fails_naming_the_feature(tmp_path, seed_build):
    text = (Path(seed_build.output_dir) / "incidents.geojson").read_text(encoding="utf-8")
    doc = json.loads(text)
    props = json.dumps(doc["features"][1]["properties"], ensure_ascii=False)
    doubled = props[:-1] + ', "actor2": "someone else"}'
    text = text.replace(props[1:-1], doubled[1:-1], 1) if props[1:-1] in text else None
    if text is None:  # the writer's spacing differs: rebuild the file by hand
        feats = [json.dumps(f, ensure_ascii=False) for f in doc["features"]]
        feats[1] = feats[1].replace('"actor2": ', '"actor2": "someone else", "actor2": ', 1)
        text = '{"type": "FeatureCollection", "features": [\n' + ",\n".join(feats) + "\n]}\n"
    path = tmp_path / "dup.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"feature 2.*'actor2'"):
        read_incidents(path)


# ------------------------------------------------------------------ field size and positions
def test_a_field_over_131072_characters_is_read(tmp_path):
    header, rows = _seed_rows()
    rows[0][header.index("notes")] = "x" * 140_000
    rows.append(["BM-9", "2023-01-01"])  # a short row: the file goes through the csv module
    path = _write(tmp_path / "long.csv", header, rows)
    read = read_incidents(path)
    assert len(read.incidents["notes"][0]) == 140_000
    assert set(read.rejected["line"]) == {5}


def test_a_bad_byte_is_named_by_its_offset_and_line_in_the_file(tmp_path):
    header, rows = _seed_rows()
    many = []
    for i in range(60):
        row = list(rows[1])
        row[0] = f"ID-{i}"
        many.append(row)
    many.append(["short"])  # pyarrow refuses the file; pandas reads it in chunks
    path = _write(tmp_path / "bad.csv", header, many)
    data = path.read_bytes()
    at = 22_647
    line = data[:at].count(b"\n") + 1
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    with pytest.raises(DataFileError, match=rf"at byte 22,647, line {line}\b"):
        read_incidents(path, format="bordermap")


def test_a_multiline_record_is_named_by_its_first_line(tmp_path):
    header, rows = _seed_rows()
    rows[1][header.index("notes")] = "line one\nline two\nline three"
    rows[1][header.index("geo_precision")] = "9"
    rows.append(["BM-9", "2023-01-01"])
    path = _write(tmp_path / "ml.csv", header, rows)
    read = read_incidents(path)
    bad = read.rejected[read.rejected["value"] == "9"]
    assert bad["line"].tolist() == [3]  # the record spans lines 3-5
    assert set(read.rejected["line"]) == {3, 7}


# ------------------------------------------------------------------ semicolons
def test_a_semicolon_separated_file_is_read(tmp_path):
    header, rows = _seed_rows()
    path = _write(tmp_path / "semi.csv", header, rows, delimiter=";")
    read = read_incidents(path)
    assert read.rejected.empty and len(read.incidents) == 3
    assert read.incidents["location"].tolist() == ["Sotk", "Lachin corridor", "Lachin corridor"]


# ------------------------------------------------------------------ huge numbers
def test_1e30_in_a_count_column_is_a_clean_reject_in_every_format(tmp_path, seed_build, capsys):
    header, rows = _seed_rows()
    rows[0][header.index("fatalities")] = "1e30"
    read = read_incidents(_write(tmp_path / "big.csv", header, rows))
    assert read.rejected[["line", "column"]].values.tolist() == [[2, "fatalities"]]
    assert read.rejected["reason"][0].startswith("a whole number in scientific notation")
    doc = json.loads((Path(seed_build.output_dir) / "incidents.geojson").read_text("utf-8"))
    doc["features"][0]["properties"]["fatalities"] = 1e30
    doc["features"][1]["properties"]["injuries"] = -1e300
    path = tmp_path / "big.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    read = read_incidents(path)
    assert sorted(read.rejected["column"]) == ["fatalities", "injuries"]
    assert len(read.incidents) == 1
    status = main(["import", str(path), "--output", str(tmp_path / "out")])
    assert status == 3 and "Traceback" not in capsys.readouterr().err


# ------------------------------------------------------------------ "None" is a name
def test_an_actor_called_none_is_text_in_csv_and_geojson(tmp_path, seed_build):
    header, rows = _seed_rows()
    rows[0][header.index("actor2")] = "None"
    rows[1][header.index("injuries")] = "None"
    read = read_incidents(_write(tmp_path / "none.csv", header, rows))
    assert read.incidents["actor2"][0] == "None" and pd.isna(read.incidents["injuries"][1])
    doc = json.loads((Path(seed_build.output_dir) / "incidents.geojson").read_text("utf-8"))
    doc["features"][0]["properties"]["actor2"] = "None"
    path = tmp_path / "none.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read_incidents(path).incidents["actor2"][0] == "None"


# ------------------------------------------------------------------ inconsistent rows
def test_inconsistent_year_and_dates_are_rejected_with_the_reason(tmp_path):
    header, rows = _seed_rows()
    col = header.index
    rows[0][col("year")] = "1999"
    rows[1][col("date_earliest")], rows[1][col("date_latest")] = "2023-04-30", "2023-04-20"
    rows[2][col("event_date")], rows[2][col("time_precision")] = "2023-06-01", "1"
    read = read_incidents(_write(tmp_path / "incons.csv", header, rows))
    assert read.incidents.empty
    got = read.rejected[["line", "column", "reason"]].values.tolist()
    assert got == [
        [2, "year", "year is not the year of event_date"],
        [3, "date_latest", "date_earliest is after date_latest"],
        [3, "event_date", "event_date is outside date_earliest .. date_latest"],
        [4, "event_date", "event_date is outside date_earliest .. date_latest"],
    ]


def test_a_year_outside_the_date_range_of_an_undated_row_is_rejected(tmp_path):
    """Without an event_date, a year outside date_earliest .. date_latest passed unseen."""
    header, rows = _seed_rows()
    col = header.index
    for row, (year, earliest, latest) in zip(
        rows,
        [
            ("2022", "2023-05-01", "2023-05-02"),
            ("2022", "2023-05-01", ""),
            ("2023", "", "2023-05-02"),
        ],
        strict=True,
    ):
        row[col("event_date")], row[col("time_precision")] = "", ""
        row[col("year")], row[col("date_earliest")], row[col("date_latest")] = (
            year,
            earliest,
            latest,
        )
    read = read_incidents(_write(tmp_path / "years.csv", header, rows))
    assert read.incidents["event_id_cnty"].tolist() == ["BM-2023-0003"]
    got = read.rejected[["line", "column", "reason"]].values.tolist()
    assert got == [
        [2, "year", "year is outside date_earliest .. date_latest"],
        [3, "year", "year is outside date_earliest .. date_latest"],
    ]


def _with_open_quote(path: Path, k: int, notes: str) -> Path:
    """The ACLED test rows written by hand (cells with commas quoted), the notes of row
    ``k`` replaced by ``notes``, a quote opened and never closed."""
    header, rows = _acled_2023_rows()
    lines = [",".join(header)]
    for index, row in enumerate(rows):
        cells = [f'"{c}"' if "," in c else c for c in row]
        if index == k:
            cells[header.index("notes")] = notes
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_stray_quote_names_the_lines_it_joins(tmp_path):
    # a notes cell opened with a quote that never closes swallows the next record: the
    # rejected row says which lines it joined, so no record is lost without a word
    rows = _acled_2023_rows()[1]
    read = read_incidents(_with_open_quote(tmp_path / "stray.csv", 1, '"Forces exchanged fire'))
    row = read.rejected[read.rejected["column"] == "(row)"]
    assert row["line"].tolist() == [3]
    assert "runs over lines 3-4" in row["reason"].iat[0]
    assert len(read.incidents) + 2 == len(rows)


def test_a_note_of_two_paragraphs_in_a_row_of_the_wrong_width_is_no_stray_quote(tmp_path):
    # the notes cell is quoted and closed: its line breaks are its own. The row is rejected
    # for its missing field, and the reason must not send the user after a quote
    header, rows = _acled_2023_rows()
    notes = header.index("notes")
    rows[0][notes] += "\nA second paragraph.\n\nA third."
    del rows[0][-1]
    read = read_incidents(_write(tmp_path / "paragraphs.csv", header, rows))
    row = read.rejected[read.rejected["column"] == "(row)"]
    assert row["line"].tolist() == [2]
    reason = row["reason"].iat[0]
    assert "runs over lines 2-5: a field holds line breaks" in reason
    assert "quote" not in reason
    assert len(read.incidents) + 1 == len(rows)


def test_a_quote_left_open_on_the_last_record_runs_to_the_end_of_the_file(tmp_path):
    # the file's last line break ends up inside the notes cell: no line 6 to name
    rows = _acled_2023_rows()[1]
    path = tmp_path / "open_at_end.csv"
    read = read_incidents(_with_open_quote(path, len(rows) - 1, '"Forces shelled near Tovuz'))
    row = read.rejected[read.rejected["column"] == "(row)"]
    assert row["line"].tolist() == [len(rows) + 1]
    assert (
        f"a quote left open on line {len(rows) + 1} runs to the end of the file"
        in (row["reason"].iat[0])
    )


def test_an_id_on_thousands_of_rows_names_a_few_of_its_lines(tmp_path):
    """Every row of the id is rejected and named; the reason lists five of its lines, not all
    of them in each row (that took memory growing with the square of the rows)."""
    header, rows = _acled_2023_rows()
    notes = header.index("notes")
    copies = [[*rows[0][:notes], f"note {i}", *rows[0][notes + 1 :]] for i in range(3000)]
    read = read_incidents(_write(tmp_path / "same_id.csv", header, copies))
    assert len(read.incidents) == 0 and len(read.rejected) == 3000
    assert set(read.rejected["reason"]) == {
        "duplicate event_id_cnty with different values (lines 2, 3, 4, 5, 6 and 2,995 more)"
    }


# ------------------------------------------------------------------ spreadsheet re-saves
def test_rows_of_bare_delimiters_are_skipped_as_blank_lines(tmp_path, caplog):
    header, rows = _acled_2023_rows()
    width = len(header)
    body = [rows[0], [""] * width, rows[1], [" "] * width, [""] * width, ["", ""]]
    path = _write(tmp_path / "a.csv", header, body, delimiter=";")
    read = read_incidents(path)
    assert read.rejected.empty
    assert read.incidents["source_line"].tolist() == [2, 4]
    assert "4 row(s) without a value in any cell skipped (line(s) 3, 5, 6, 7)" in caplog.text


@pytest.mark.parametrize("kind", ["acled", "seeds"])
def test_a_repeated_header_row_is_rejected_once_as_what_it_is(tmp_path, kind):
    # two exports joined end to end (cat a.csv b.csv), the second header in any case
    header, rows = _acled_2023_rows() if kind == "acled" else _seed_rows()
    again = [name.upper() if k % 2 else name for k, name in enumerate(header)]
    path = _write(tmp_path / "a.csv", header, [rows[0], again, rows[1], header, rows[2]])
    read = read_incidents(path)
    assert read.rejected[["line", "column"]].values.tolist() == [[3, "(row)"], [5, "(row)"]]
    assert set(read.rejected["reason"]) == {
        "the header again, not an event (files joined end to end?): remove this row"
    }
    assert read.incidents["source_line"].tolist() == [2, 4, 6]


def test_a_row_naming_one_column_is_no_header(tmp_path):
    # an actor called "actor1" is odd, but a value: only a row of column names is a header
    header, rows = _acled_2023_rows()
    rows[0][header.index("actor1")] = "actor1"
    rows[0][header.index("event_id_cnty")] = "event_id_cnty"
    read = read_incidents(_write(tmp_path / "a.csv", header, rows[:3]))
    assert read.rejected.empty and len(read.incidents) == 3


@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#VALUE!", "Err:502"])
@pytest.mark.parametrize("column", ["actor1", "notes", "fatalities", "event_id_cnty"])
def test_a_spreadsheet_error_in_any_cell_rejects_its_row_once(tmp_path, error, column):
    header, rows = _acled_2023_rows()
    rows[1][header.index(column)] = error
    read = read_incidents(_write(tmp_path / "a.csv", header, rows))
    assert read.rejected[["line", "column", "value"]].values.tolist() == [[3, column, error]]
    assert read.rejected["reason"][0].startswith("a spreadsheet error, not a value")
    assert len(read.incidents) == len(rows) - 1


def test_a_nul_byte_in_a_cell_rejects_its_row(tmp_path):
    header, rows = _acled_2023_rows()
    rows[0][header.index("admin1")] = "Syu\x00nik"
    read = read_incidents(_write(tmp_path / "a.csv", header, rows))
    assert read.rejected[["line", "column"]].values.tolist() == [[2, "admin1"]]
    assert "NUL byte" in read.rejected["reason"][0]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("8.35E+04", "a whole number in scientific notation"),  # data_id 83522, rounded
        ("1.000", "a thousands separator, or decimals?"),  # 1000 or 1?
        ("1,234", "a thousands separator, or decimals?"),
        ("12 000", "a thousands separator, or decimals?"),
    ],
)
def test_a_whole_number_a_spreadsheet_reformatted_is_not_guessed(tmp_path, written, reason):
    header, rows = _acled_2023_rows()
    rows[0][header.index("fatalities")] = written
    read = read_incidents(_write(tmp_path / "a.csv", header, rows, delimiter=";"))
    assert read.rejected[["line", "column", "value"]].values.tolist() == [
        [2, "fatalities", written]
    ]
    assert read.rejected["reason"][0].startswith(reason)
