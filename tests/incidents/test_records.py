"""The incident schema and the CSV reader: seeds load, bad rows are named and never lost."""

import csv
import re

import pandas as pd
import pytest

from geo import IncidentsValidationError
from geo.incidents.readers import header_from_csv
from geo.incidents.records import incidents_from_csv, read_incidents_csv
from geo.incidents.schema import INCIDENT_COLUMNS, PANDAS_DTYPES, incident_gdf_schema


def _rewrite(path, edit):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0])
    edit(rows, fields)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_seed_incidents_load(seeds_dir):
    df = incidents_from_csv(seeds_dir / "incidents.csv")
    assert list(df.columns[: len(INCIDENT_COLUMNS)]) == list(INCIDENT_COLUMNS)
    assert len(df) == 3
    sotk = df.set_index("event_id_cnty").loc["BM-2023-0001"]
    assert sotk["event_date"] == pd.Timestamp("2023-05-11")
    assert sotk["time_precision"] == 1
    assert (sotk["fatalities"], sotk["injuries"]) == (1, 4)
    assert (sotk["event_type"], sotk["sub_event_type"]) == ("Battles", "Armed clash")
    assert sotk["admin1"] == "Gegharkunik" and sotk["country"] == "Armenia"
    assert "Armenia" in sotk["actor2"] and "Azerbaijan" in sotk["actor1"]
    for weapon in ("artillery", "mortars", "large-calibre"):
        assert weapon in sotk["weapons"]
    checkpoint = df.set_index("event_id_cnty").loc["BM-2023-0002"]
    assert checkpoint["sub_event_type"] == "Headquarters or base established"
    assert checkpoint["location"] == "Lachin corridor" and checkpoint["time_precision"] == 2
    assert checkpoint["date_earliest"].month == 4 and checkpoint["date_latest"] == pd.Timestamp(
        "2023-04-30"
    )
    blockade = df.set_index("event_id_cnty").loc["BM-2023-0003"]
    # The story gives no date for the blockade: left empty, not guessed.
    assert pd.isna(blockade["event_date"]) and pd.isna(blockade["time_precision"])
    assert pd.isna(blockade["fatalities"])
    assert blockade["date_latest"] == pd.Timestamp("2023-05-11")


def test_every_evidence_sentence_is_verbatim_in_the_story(seeds_dir, story_text):
    df = incidents_from_csv(seeds_dir / "incidents.csv")
    for evidence in df["evidence"]:
        assert evidence, "every incident carries its evidence"
        # Evidence is whole sentences of the story, joined by single spaces.
        for sentence in re.split(r"(?<=[.”,])\s(?=[A-Z“])", evidence):
            assert sentence in story_text, sentence


def test_bad_cells_name_file_line_and_column(seeds_copy):
    path = seeds_copy / "incidents.csv"

    def edit(rows, fields):
        rows[1]["event_date"] = "2023-13-45"
        rows[2]["latitude"], rows[2]["longitude"] = "123.0", "45.0"
        rows[0]["event_type"] = "Skirmish"

    _rewrite(path, edit)
    with pytest.raises(
        IncidentsValidationError, match=r"incidents\.csv, line 3, column 'event_date': not a date"
    ) as info:
        incidents_from_csv(path)
    text = str(info.value)
    assert "line 4, column 'latitude': out of range" in text
    assert "line 2, column 'event_type': not one of the allowed values" in text


def test_reject_mode_keeps_good_rows_and_lists_bad_ones(seeds_copy):
    path = seeds_copy / "incidents.csv"

    def edit(rows, fields):
        rows[0]["fatalities"] = "one"
        rows[1]["event_id_cnty"] = rows[2]["event_id_cnty"]

    _rewrite(path, edit)
    result = read_incidents_csv(path)
    assert result.incidents.empty or set(result.incidents["event_id_cnty"]) <= {"BM-2023-0003"}
    reasons = set(result.rejected["reason"])
    assert "not a whole number" in reasons
    assert "duplicate event_id_cnty" in reasons
    assert set(result.rejected["line"]) == {2, 3, 4}


def test_sub_event_type_must_belong_to_event_type(seeds_copy):
    path = seeds_copy / "incidents.csv"
    _rewrite(path, lambda rows, fields: rows[0].__setitem__("sub_event_type", "Peaceful protest"))
    with pytest.raises(IncidentsValidationError, match=r"line 2, column 'sub_event_type'"):
        incidents_from_csv(path)


def test_missing_required_column(seeds_copy):
    path = seeds_copy / "incidents.csv"

    def edit(rows, fields):
        fields.remove("evidence")
        for r in rows:
            del r["evidence"]

    _rewrite(path, edit)
    with pytest.raises(
        IncidentsValidationError, match=r"column 'evidence': required column is missing"
    ):
        incidents_from_csv(path)


def test_ragged_row_is_rejected(seeds_copy):
    path = seeds_copy / "incidents.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("BM-9,2023-05-11,2023\n")
    result = read_incidents_csv(path)
    assert len(result.incidents) == 3
    assert 5 in set(result.rejected["line"])


def test_not_utf8(seeds_copy):
    path = seeds_copy / "incidents.csv"
    path.write_bytes(path.read_bytes() + b"\xff\xfe broken\n")
    from geo import DataFileError

    with pytest.raises(DataFileError, match="not UTF-8"):
        read_incidents_csv(path)


def test_typed_frame_has_the_schema_dtypes(seeds_dir):
    df = incidents_from_csv(seeds_dir / "incidents.csv")
    for column, (kind, _) in INCIDENT_COLUMNS.items():
        assert str(df[column].dtype) == PANDAS_DTYPES[kind], column
    assert str(df["source_line"].dtype) == "Int64"


def test_quoted_line_breaks_and_blank_lines_keep_exact_line_numbers(seeds_copy):
    path = seeds_copy / "incidents.csv"

    def edit(rows, fields):
        rows[0]["notes"] = "first line\nsecond line\nthird line"
        rows[2]["latitude"], rows[2]["longitude"] = "400", "45"

    _rewrite(path, edit)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    read = read_incidents_csv(path)
    assert read.incidents.iloc[0]["notes"] == "first line\nsecond line\nthird line"
    assert list(read.incidents["source_line"]) == [2, 5]  # a record is named by its first line
    assert read.rejected[["line", "column"]].values.tolist() == [[6, "latitude"]]


def test_null_tokens_and_blanks_are_no_value_and_unknown_columns_are_kept(seeds_copy):
    path = seeds_copy / "incidents.csv"

    def edit(rows, fields):
        fields.append("analyst")
        for row in rows:
            row["analyst"] = " R. K. "
        rows[0]["injuries"], rows[1]["admin1"], rows[2]["weapons"] = "NA", "  ", "N/A"

    _rewrite(path, edit)
    df = incidents_from_csv(path)
    assert pd.isna(df.loc[0, "injuries"]) and pd.isna(df.loc[1, "admin1"])
    assert pd.isna(df.loc[2, "weapons"])
    assert list(df.columns[-2:]) == ["analyst", "source_line"]
    assert df["analyst"].tolist() == ["R. K."] * 3


def test_none_and_null_are_text_in_text_columns_and_blanks_in_numbers_and_dates(seeds_copy):
    """Issue 16: an actor called "None" was read as missing."""
    path = seeds_copy / "incidents.csv"

    def edit(rows, fields):
        rows[0]["actor2"], rows[1]["weapons"], rows[2]["tags"] = "None", "null", "NaN"
        rows[0]["injuries"], rows[1]["date_earliest"], rows[1]["date_latest"] = "None", "null", ""
        rows[2]["fatalities"] = "NaN"

    _rewrite(path, edit)
    df = incidents_from_csv(path)
    assert df["actor2"][0] == "None" and df["weapons"][1] == "null" and df["tags"][2] == "NaN"
    assert pd.isna(df.loc[0, "injuries"]) and pd.isna(df.loc[2, "fatalities"])
    assert pd.isna(df.loc[1, "date_earliest"])


def test_header_from_csv(seeds_dir, tmp_path):
    assert header_from_csv(seeds_dir / "incidents.csv") == list(INCIDENT_COLUMNS)
    (tmp_path / "h.csv").write_text("\ufeff a ,b,\n1,2,\n", encoding="utf-8")
    assert header_from_csv(tmp_path / "h.csv") == ["a", "b", "unnamed_3"]


def test_joined_frame_fits_the_geodataframe_schema(seed_build):
    incident_gdf_schema().validate(seed_build.incidents.drop(columns=["source_line"]))


def test_an_incidents_csv_in_another_encoding(seeds_copy):
    """``encoding=`` reads it as :func:`geo.incidents.read_incidents` does: a UTF-8 copy, lines kept."""
    path = seeds_copy / "incidents.csv"
    text = path.read_text(encoding="utf-8").replace("Exchange of fire", "Tanguiéta’s fire")
    path.write_text(text, encoding="utf-8")
    plain = read_incidents_csv(path)
    legacy = seeds_copy / "legacy.csv"
    legacy.write_bytes(text.encode("cp1252"))
    from geo import DataFileError

    with pytest.raises(DataFileError, match=r"not UTF-8.*--encoding"):
        read_incidents_csv(legacy)
    read = read_incidents_csv(legacy, encoding="cp1252")
    assert read.incidents.equals(plain.incidents)
    assert read.incidents["notes"].str.contains("Tanguiéta’s fire").any()
    marked = seeds_copy / "marked.csv"
    marked.write_bytes(text.encode("utf-16"))
    assert read_incidents_csv(marked).incidents.equals(plain.incidents)
    with pytest.raises(ValueError, match="unknown text encoding"):
        read_incidents_csv(legacy, encoding="klingon")
