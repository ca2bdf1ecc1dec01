"""ACLED / UCDP GED / bordermap readers, the format sniffer, `bordermap import`, join checks.

Fixtures in tests/data are synthetic rows written for these tests (realistic values, no ACLED
or UCDP data).
"""

from __future__ import annotations

import csv
import json
import shutil
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bordermap.cli import main
from geo import DataFileError, IncidentsValidationError
from geo.incidents.acled import ACLED_2023_COLUMNS, incidents_from_acled, read_acled_csv
from geo.incidents.join import incidents_with_places, merged_duplicates
from geo.incidents.readers import format_from_path, incidents_from_file, read_incidents
from geo.incidents.schema import EVENT_TYPES, INCIDENT_COLUMNS, NULL_TOKENS
from geo.incidents.ucdp import incidents_from_ucdp, read_ucdp_csv

DATA = Path(__file__).parents[1] / "data"
ACLED = DATA / "acled_2023.csv"
LEGACY = DATA / "acled_legacy.csv"
OLDEST = DATA / "acled_oldest.csv"
UCDP = DATA / "ucdp_ged.csv"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _edited(tmp_path: Path, source: Path, edit, name: str = "edited.csv") -> Path:
    header, rows = _rows(source)
    edit(header, rows)
    return _write(tmp_path / name, header, rows)


# ------------------------------------------------------------------------------ ACLED
def test_acled_2023_rows_map_onto_the_schema():
    df = incidents_from_acled(ACLED)
    assert list(df.columns[: len(INCIDENT_COLUMNS)]) == list(INCIDENT_COLUMNS)
    assert list(df["event_id_cnty"]) == ["ARM2001", "AZE3002", "ARM2003", "AZE3004"]
    sotk = df.iloc[0]
    assert sotk["event_date"] == pd.Timestamp("2023-05-11")
    assert (sotk["event_type"], sotk["sub_event_type"]) == ("Battles", "Armed clash")
    assert (sotk["latitude"], sotk["longitude"], sotk["geo_precision"]) == (40.2001, 45.8695, 1)
    assert sotk["fatalities"] == 1 and sotk["iso"] == 51 and sotk["source_line"] == 2
    assert sotk["interaction"] == "State forces-State forces" and sotk["timestamp"] == 1684108800
    assert sotk["dataset"] == "ACLED" and sotk["review_status"] == "draft"
    assert pd.isna(sotk["evidence"])  # ACLED quotes no evidence: left empty, never invented
    checkpoint = df.iloc[1]
    # "NA" is a blank, not the text "NA"
    assert pd.isna(checkpoint["actor2"]) and pd.isna(checkpoint["inter2"])
    assert pd.isna(checkpoint["civilian_targeting"]) and pd.isna(checkpoint["tags"])
    assert checkpoint["time_precision"] == 2 and checkpoint["interaction"] == "State forces only"
    protest = df.iloc[2]
    assert protest["event_date"] == pd.Timestamp("2023-05-14")  # ISO date
    assert '"immediate"' in protest["notes"] and protest["tags"] == "crowd size=around 200"
    assert "inter1_code" not in df.columns  # text codes: nothing numeric to keep


def test_acled_legacy_schema_numeric_codes_are_words_and_codes_kept():
    df = incidents_from_acled(LEGACY)
    first, second = df.iloc[0], df.iloc[1]
    assert first["event_date"] == pd.Timestamp("2022-12-28") and first["event_id_cnty"] == "ARM1501"
    assert (first["inter1"], first["inter1_code"]) == ("State forces", "1")
    assert (second["inter2"], second["inter2_code"]) == ("Civilians", "7")
    assert (second["interaction"], second["interaction_code"]) == ("State forces-Civilians", "17")
    assert first["data_id"] == 9100001 and first["iso3"] == "ARM"
    assert first["event_id_no_cnty"] == "1501" and pd.isna(first["disorder_type"])


def test_acled_oldest_schema_ally_actors_and_gwno():
    df = incidents_from_acled(OLDEST)
    row = df.iloc[0]
    assert row["assoc_actor_1"] == "Militia (Pro-Government)"
    assert row["gwno"] == 373 and row["event_date"] == pd.Timestamp("2016-04-02")
    assert row["fatalities"] == 12


def test_a_column_named_like_one_bordermap_writes_is_kept_apart(tmp_path, caplog, gazetteer):
    # a user's own place_id / coord_check / dataset in an ACLED file: kept, never overwritten
    def edit(header, rows):
        header += ["place_id", "coord_check", "dataset"]
        for row in rows:
            row.update(place_id="mine", coord_check="checked by hand", dataset="my copy")

    path = _edited(tmp_path, ACLED, edit)
    with caplog.at_level("WARNING"):
        df = incidents_from_acled(path)
    assert "column 'place_id' is kept as 'input_place_id'" in caplog.text
    joined = incidents_with_places(df, gazetteer=gazetteer).incidents
    assert set(joined["input_place_id"]) == {"mine"}
    assert set(joined["input_coord_check"]) == {"checked by hand"}
    assert set(joined["input_dataset"]) == {"my copy"} and set(joined["dataset"]) == {"ACLED"}
    assert "mine" not in set(joined["place_id"].dropna())


def test_a_kept_column_never_takes_the_name_of_another(tmp_path, caplog, gazetteer):
    # the file's input_place_id stays; its place_id goes further; merged_ids and geometry,
    # which the merge and the join write, are kept apart too
    def edit(header, rows):
        header += ["place_id", "input_place_id", "merged_ids", "geometry"]
        for row in rows:
            row.update(
                place_id="mine", input_place_id="theirs", merged_ids="m", geometry="POINT (0 0)"
            )

    path = _edited(tmp_path, ACLED, edit)
    with caplog.at_level("WARNING"):
        df = incidents_from_acled(path)
    assert "column 'place_id' is kept as 'input_input_place_id'" in caplog.text
    merged = merged_duplicates(incidents_with_places(df, gazetteer=gazetteer).incidents)
    assert set(merged["input_place_id"]) == {"theirs"}
    assert set(merged["input_input_place_id"]) == {"mine"}
    assert set(merged["input_merged_ids"]) == {"m"}
    assert set(merged["input_geometry"]) == {"POINT (0 0)"}


def test_missing_required_acled_column_fails_the_file(tmp_path):
    def edit(header, rows):
        header.remove("event_type")
        for r in rows:
            del r["event_type"]

    path = _edited(tmp_path, ACLED, edit)
    with pytest.raises(
        IncidentsValidationError, match=r"column 'event_type': required column is missing"
    ):
        read_acled_csv(path)


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("event_type", "Skirmish", r"unknown event_type"),
        ("sub_event_type", "Armed clash", r"sub_event_type does not belong to this event_type"),
        ("event_date", "31 February 2023", r"not a date"),
        (
            "event_date",
            "44819",
            r"not a date: 44819 is how a spreadsheet writes the date 2022-09-15",
        ),
        ("event_date", "", r"required value is empty"),
        ("latitude", "140.2", r"out of range \[-90, 90\]"),
        ("longitude", "east", r"not a number"),
        ("geo_precision", "4", r"not one of the allowed values \[1, 2, 3\]"),
        ("fatalities", "-1", r"must not be negative"),
        ("fatalities", "1.5", r"not a whole number"),
        ("year", "2021", r"year is not the year of event_date"),
        ("inter1", "Aliens", r"not an ACLED actor-type code"),
        ("interaction", "99", r"not an ACLED interaction code"),
        ("disorder_type", "Chaos", r"unknown disorder_type"),
    ],
)
def test_one_bad_cell_rejects_its_row_and_names_it(tmp_path, column, value, reason):
    def edit(header, rows):
        rows[2][column] = value

    path = _edited(tmp_path, ACLED, edit)
    read = read_acled_csv(path)
    assert list(read.incidents["event_id_cnty"]) == ["ARM2001", "AZE3002", "AZE3004"]
    assert read.rejected["line"].unique().tolist() == [4]
    problem = read.rejected[read.rejected["column"] == column].iloc[0]
    assert problem["value"] == value and problem["event_id_cnty"] == "ARM2003"
    assert problem["path"] == str(path)
    assert pd.Series([problem["reason"]]).str.contains(reason).all(), problem["reason"]
    with pytest.raises(IncidentsValidationError, match=rf"line 4, column '{column}': {reason}"):
        incidents_from_acled(path)


def test_a_time_of_day_is_said_when_the_day_alone_is_kept(tmp_path, caplog):
    """event_date is a date: a time written with it is left out, with a warning naming one."""

    def edit(header, rows):
        rows[1]["event_date"] = "2023-04-28 14:30:00"
        rows[2]["event_date"] = "2023-09-13T00:00:00"  # midnight: nothing is left out

    with caplog.at_level("WARNING"):
        read = read_acled_csv(_edited(tmp_path, ACLED, edit))
    assert read.incidents["event_date"].iloc[1] == pd.Timestamp("2023-04-28")
    assert len(read.rejected) == 0
    assert "column 'event_date': 1 date(s) with a time of day" in caplog.text
    assert "'2023-04-28 14:30:00' (event AZE3002)" in caplog.text


def test_a_time_of_day_after_a_slash_date_is_said_too(tmp_path, caplog):
    """Spreadsheets write date-time cells as 5/11/2023 1:30 PM; 12:00 AM is midnight."""

    def edit(header, rows):
        rows[0]["event_date"] = "5/11/2023 12:00:00 AM"
        rows[1]["event_date"] = "4/28/2023 1:30 PM"

    with caplog.at_level("WARNING"):
        read = read_acled_csv(_edited(tmp_path, ACLED, edit), date_order="monthfirst")
    assert list(read.incidents["event_date"].iloc[:2]) == [
        pd.Timestamp("2023-05-11"),
        pd.Timestamp("2023-04-28"),
    ]
    assert "1 date(s) with a time of day" in caplog.text
    assert "'4/28/2023 1:30 PM' (event AZE3002)" in caplog.text


def test_duplicate_ids_copies_and_conflicts(tmp_path):
    def edit(header, rows):
        rows.append(dict(rows[0]))  # an exact copy (concatenated exports)
        changed = dict(rows[1])
        changed["fatalities"] = "3"
        rows.append(changed)  # same id, different facts

    read = read_acled_csv(_edited(tmp_path, ACLED, edit))
    assert list(read.incidents["event_id_cnty"]) == ["ARM2001", "ARM2003", "AZE3004"]
    by_line = read.rejected.set_index("line")["reason"]
    assert by_line[6] == "duplicate event_id_cnty: exact copy of line 2"
    assert by_line[3] == "duplicate event_id_cnty with different values (lines 3, 7)"
    assert by_line[7] == by_line[3]


def test_truncated_last_line_is_rejected_and_the_rest_imported(tmp_path):
    text = ACLED.read_text(encoding="utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.rindex("near Tovuz")], encoding="utf-8")  # inside a quoted field
    read = read_acled_csv(cut)
    assert list(read.incidents["event_id_cnty"]) == ["ARM2001", "AZE3002", "ARM2003"]
    row = read.rejected[read.rejected["column"] == "(row)"].iloc[0]
    assert row["line"] == 5 and row["event_id_cnty"] == "AZE3004"
    assert row["reason"] == "expected 31 fields, found 28 (a truncated line?)"

    cut.write_text(text[: text.rindex(",2,,1663200000")], encoding="utf-8")  # between fields
    read = read_acled_csv(cut)
    assert len(read.incidents) == 3
    assert read.rejected.iloc[0]["reason"] == "expected 31 fields, found fewer (a truncated line?)"
    assert read.rejected.iloc[0]["line"] == 5


def test_quoted_line_breaks_and_blank_lines_keep_exact_line_numbers(tmp_path):
    def edit(header, rows):
        rows[0]["notes"] = "first line\nsecond line\nthird line"
        rows[3]["latitude"] = "400"

    path = _edited(tmp_path, ACLED, edit)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a blank line
    read = read_acled_csv(path)
    assert read.incidents.iloc[0]["notes"] == "first line\nsecond line\nthird line"
    assert list(read.incidents["source_line"]) == [2, 5, 6]
    assert read.rejected.iloc[0][["line", "column"]].tolist() == [7, "latitude"]


def test_row_with_too_many_fields(tmp_path):
    text = ACLED.read_text(encoding="utf-8").splitlines()
    text[2] += ",surplus"
    path = tmp_path / "long.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    read = read_acled_csv(path)
    assert len(read.incidents) == 3
    assert read.rejected.iloc[0][["line", "column", "reason"]].tolist() == [
        3,
        "(row)",
        "expected 31 fields, found 32",
    ]


def test_surplus_field_on_the_first_row_never_shifts_columns(tmp_path):
    lines = ACLED.read_text(encoding="utf-8").splitlines()
    lines[1] += ",surplus"  # pandas would take the first column as an index
    path = tmp_path / "first.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_acled_csv(path)
    assert list(read.incidents["event_id_cnty"]) == ["AZE3002", "ARM2003", "AZE3004"]
    assert read.rejected.iloc[0][["line", "reason"]].tolist() == [2, "expected 31 fields, found 32"]
    # a trailing comma on every line adds only empty fields: nothing is lost, all imported
    path.write_text(
        "\n".join(line + "," for line in ACLED.read_text(encoding="utf-8").splitlines()),
        encoding="utf-8",
    )
    read = read_acled_csv(path)
    assert read.rejected.empty and list(read.incidents["source_line"]) == [2, 3, 4, 5]
    assert read.incidents.iloc[0]["location"] == "Sotk"


def test_file_level_errors(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        read_acled_csv(tmp_path / "nope.csv")
    (tmp_path / "latin1.csv").write_bytes(ACLED.read_bytes().replace(b"Sotk", b"S\xf6tk"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_acled_csv(tmp_path / "latin1.csv")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataFileError, match="empty file"):
        read_acled_csv(tmp_path / "empty.csv")


# ------------------------------------------------------------------------------ UCDP
def test_ucdp_mapping_and_original_codes_kept():
    df = incidents_from_ucdp(UCDP)
    clash, one_sided, non_state = (df.iloc[i] for i in range(3))
    assert clash["event_id_cnty"] == "UCDP-540101" and clash["ucdp_id"] == "540101"
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert (one_sided["event_type"], one_sided["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )
    assert (non_state["event_type"], non_state["ucdp_type_of_violence"]) == ("Battles", 2)
    assert clash["event_date"] == pd.Timestamp("2023-05-11") and clash["time_precision"] == 1
    # a 3-day span: the middle day, precision "about a week", the span kept
    assert one_sided["event_date"] == pd.Timestamp("2022-09-13")
    assert (one_sided["time_precision"], one_sided["ucdp_date_prec"]) == (2, 2)
    assert one_sided["date_earliest"] == pd.Timestamp("2022-09-12")
    assert one_sided["date_latest"] == pd.Timestamp("2022-09-14")
    assert (non_state["time_precision"], non_state["ucdp_date_prec"]) == (3, 4)
    assert [clash["geo_precision"], one_sided["geo_precision"], non_state["geo_precision"]] == [
        1,
        3,
        3,
    ]
    assert list(df["ucdp_where_prec"]) == [1, 4, 6]
    assert (clash["fatalities"], clash["ucdp_low"], clash["ucdp_high"]) == (1, 1, 2)
    assert (non_state["fatalities"], non_state["ucdp_low"], non_state["ucdp_high"]) == (5, 3, 8)
    assert clash["location"] == "Sotk" and clash["ucdp_where_coordinates"] == "Sotk village"
    assert (clash["actor1"], clash["actor2"]) == (
        "Government of Azerbaijan",
        "Government of Armenia",
    )
    assert clash["source"] == "UCDP GED (AFP;Armenpress)" and non_state["source"] == "UCDP GED"
    assert clash["disorder_type"] == "Political violence" and clash["dataset"] == "UCDP GED"
    assert clash["ucdp_conflict_name"] == "Armenia - Azerbaijan"


def test_ucdp_without_where_coordinates_uses_the_finest_admin_unit(tmp_path):
    def edit(header, rows):
        header.remove("where_coordinates")
        for r in rows:
            del r["where_coordinates"]

    df = incidents_from_ucdp(_edited(tmp_path, UCDP, edit))
    assert list(df["location"]) == ["Vardenis district", "Syunik province", "Azerbaijan"]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("type_of_violence", "4", r"not one of the allowed values \[1, 2, 3\]"),
        ("where_prec", "8", r"not one of the allowed values \[1, 2, 3, 4, 5, 6, 7\]"),
        ("date_prec", "0", r"not one of the allowed values \[1, 2, 3, 4, 5\]"),
        ("date_end", "2022-09-01", r"date_end is before date_start"),
        ("date_start", "2022-13-45", r"not a date"),
        ("high", "1", r"high below best"),
        ("best", "-2", r"must not be negative"),
        ("latitude", "-95", r"out of range"),
        ("side_a", "", r"required value is empty"),
    ],
)
def test_ucdp_bad_cell_rejects_its_row(tmp_path, column, value, reason):
    def edit(header, rows):
        rows[1][column] = value

    read = read_ucdp_csv(_edited(tmp_path, UCDP, edit))
    assert list(read.incidents["event_id_cnty"]) == ["UCDP-540101", "UCDP-540103"]
    assert read.rejected["line"].unique().tolist() == [3]
    assert read.rejected["event_id_cnty"].unique().tolist() == ["540102"]
    assert read.rejected["column"].str.fullmatch(column).any()
    assert read.rejected["reason"].str.contains(reason).any(), read.rejected["reason"].tolist()


# ------------------------------------------------------------------------------ sniffer
def test_format_sniffer(tmp_path, seeds_dir, seed_build):
    assert format_from_path(ACLED) == "acled"
    assert format_from_path(LEGACY) == "acled"
    assert format_from_path(OLDEST) == "acled"
    assert format_from_path(UCDP) == "ucdp"
    assert format_from_path(seeds_dir / "incidents.csv") == "bordermap"
    assert format_from_path(seed_build.files["incidents"]) == "geojson"
    # an ACLED export with an analyst's evidence column added stays ACLED's; bordermap's own
    # CSV of ACLED rows (ACLED's columns and its own) stays bordermap's
    header, *rows = ACLED.read_text(encoding="utf-8").splitlines()
    added = tmp_path / "acled_with_evidence.csv"
    added.write_text("\n".join([header + ",evidence", *(r + ",seen" for r in rows)]) + "\n")
    assert format_from_path(added) == "acled"
    own = tmp_path / "own.csv"
    own.write_text(header + ",evidence,review_status\n", encoding="utf-8")
    assert format_from_path(own) == "bordermap"
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cannot tell the format \(header: a, b\)"):
        format_from_path(other)


def test_every_format_reads_through_one_entry_point(seeds_dir, seed_build):
    seeds = read_incidents(seeds_dir / "incidents.csv")
    assert len(seeds.incidents) == 3 and set(seeds.incidents["dataset"]) == {"bordermap"}
    back = incidents_from_file(seed_build.files["incidents"])
    assert list(back["event_id_cnty"]) == list(seeds.incidents["event_id_cnty"])
    assert "geometry" not in back.columns  # placed again by the join
    joined = incidents_with_places(back).incidents
    assert list(joined.geometry.geom_type) == ["Point", "LineString", "LineString"]
    with pytest.raises(ValueError, match="unknown format 'xls'"):
        read_incidents(ACLED, format="xls")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ join checks
def _one(gazetteer, **cells):
    base = {
        "event_id_cnty": "T1",
        "event_date": pd.Timestamp("2023-05-11"),
        "event_type": "Battles",
        "location": "Sotk",
        "country": "Armenia",
        "latitude": 40.2001,
        "longitude": 45.8695,
        "geo_precision": 1,
        "source": "test",
    }
    frame = pd.DataFrame([{**base, **cells}])
    return incidents_with_places(frame, gazetteer=gazetteer)


def test_coordinate_checks(gazetteer):
    ok = _one(gazetteer)
    assert ok.incidents.loc[0, "coord_check"] == "ok" and ok.flagged.empty
    swapped = _one(gazetteer, latitude=45.8695, longitude=40.2001)
    assert swapped.incidents.loc[0, "coord_check"] == "swapped_lat_lon?"
    assert swapped.flagged.loc[0, "event_id_cnty"] == "T1"
    # Ijevan (Armenia) given for "Sotk": 80 km away, still in Armenia
    far = _one(gazetteer, latitude=40.8756, longitude=45.1492)
    assert far.incidents.loc[0, "coord_check"] == "far_from_named_place"
    assert 60 < far.flagged.loc[0, "km_from_named_place"] < 100
    # the same point at geo_precision 3 (a region) is allowed 200 km
    assert (
        _one(gazetteer, latitude=40.8756, longitude=45.1492, geo_precision=3).incidents.loc[
            0, "coord_check"
        ]
        == "ok"
    )
    # Ganja, Azerbaijan, for a place in Armenia
    outside = _one(gazetteer, latitude=40.6828, longitude=46.3606, geo_precision=3)
    assert outside.incidents.loc[0, "coord_check"] == "outside_country"
    unknown = _one(gazetteer, location="Qwxzzy Heights", country="Nowhereland")
    assert unknown.incidents.loc[0, "coord_check"] == "not_checked"
    placed = _one(gazetteer, latitude=None, longitude=None)
    assert placed.incidents.loc[0, "coord_check"] == "not_checked"
    assert placed.incidents.loc[0, "coord_source"] == "gazetteer:geonames:616041"


def test_seed_join_unchanged_and_not_checked(seeds_dir, gazetteer):
    result = incidents_with_places(
        read_incidents(seeds_dir / "incidents.csv").incidents, gazetteer=gazetteer
    )
    assert list(result.incidents["coord_check"]) == ["not_checked"] * 3
    assert list(result.incidents["coord_source"].str.split(":").str[0]) == ["gazetteer"] * 3


def test_duplicates_across_datasets_are_merged_with_both_sources(gazetteer):
    frames = [read_incidents(ACLED).incidents, read_incidents(UCDP).incidents]
    both = pd.concat(frames, ignore_index=True)
    result = incidents_with_places(both, gazetteer=gazetteer, merge_duplicates=True)
    gdf = result.incidents
    assert len(gdf) == len(both) - 1
    sotk = gdf[gdf["event_id_cnty"] == "ARM2001"].iloc[0]
    assert sotk["merged_ids"] == "ARM2001 | UCDP-540101"
    assert (
        sotk["source"] == "Armenpress; Azerbaijan Ministry of Defence | UCDP GED (AFP;Armenpress)"
    )
    assert sotk["dataset"] == "ACLED | UCDP GED"
    assert "UCDP-540101" not in set(gdf["event_id_cnty"])
    assert gdf["merged_ids"].notna().sum() == 1


def test_same_dataset_records_are_never_merged(gazetteer):
    acled = read_incidents(ACLED).incidents
    twice = pd.concat([acled, acled.assign(event_id_cnty=acled["event_id_cnty"] + "b")])
    gdf = incidents_with_places(twice, gazetteer=gazetteer, merge_duplicates=True).incidents
    assert len(gdf) == 8 and gdf["merged_ids"].isna().all()


def test_merge_needs_same_date_type_and_1km():
    import geopandas as gpd
    from shapely import Point

    frame = pd.DataFrame(
        {
            "event_id_cnty": ["A1", "U1", "U2", "U3"],
            "event_date": pd.to_datetime(["2023-05-11", "2023-05-11", "2023-05-12", "2023-05-11"]),
            "event_type": ["Battles", "Battles", "Battles", "Battles"],
            "latitude": [40.2001, 40.2040, 40.2001, 40.2200],  # U1 0.4 km away, U3 2.2 km
            "longitude": [45.8695, 45.8695, 45.8695, 45.8695],
            "source": ["a", "u", "u", "u"],
            "dataset": ["ACLED", "UCDP GED", "UCDP GED", "UCDP GED"],
        }
    )
    gdf = gpd.GeoDataFrame(frame, geometry=[Point(0, 0)] * 4, crs="EPSG:4326")
    out = merged_duplicates(gdf)
    assert list(out["event_id_cnty"]) == ["A1", "U2", "U3"]
    assert out.loc[0, "merged_ids"] == "A1 | U1"


# ------------------------------------------------------------------------------ CLI
def test_cli_import_writes_geojson_and_exit_0(tmp_path, capsys):
    status = main(["import", str(ACLED), str(UCDP), "--output", str(tmp_path / "out")])
    assert status == 0
    doc = json.loads((tmp_path / "out" / "incidents.geojson").read_text(encoding="utf-8"))
    assert len(doc["features"]) == 6  # 4 + 3, one event in both datasets
    props = {f["properties"]["event_id_cnty"]: f["properties"] for f in doc["features"]}
    assert props["ARM2001"]["merged_ids"] == "ARM2001 | UCDP-540101"
    assert props["ARM2001"]["source_file"] == str(ACLED)
    assert doc["features"][0]["geometry"]["coordinates"] == [45.8695, 40.2001]
    assert (
        (tmp_path / "out" / "rejected.csv")
        .read_text(encoding="utf-8")
        .startswith("path,line,event_id_cnty,column,value,reason")
    )
    assert "imported: 6 incident(s)" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
def test_cli_import_writes_geopackage_or_geoparquet(tmp_path, fmt, caplog):
    from geo.incidents.geofiles import frame_from_geopackage, incidents_from_geoparquet

    out = tmp_path / "out"
    with caplog.at_level("INFO", logger="bordermap"):
        status = main(["import", str(ACLED), "--output", str(out), "--output-format", fmt])
    assert status == 0 and not (out / "incidents.geojson").exists()
    if fmt == "gpkg":
        back = frame_from_geopackage(out / "incidents.gpkg", layer="incidents")
    else:
        back = incidents_from_geoparquet(out / "incidents.parquet")
    assert list(back["event_id_cnty"]) == ["ARM2001", "AZE3002", "ARM2003", "AZE3004"]
    assert back["time_precision"].dtype == "Int64" and back.crs.equals("EPSG:4326")
    assert {r.step for r in caplog.records if hasattr(r, "step")} == {"read", "join", "write"}


def test_cli_import_exit_3_when_rows_rejected(tmp_path, capsys):
    def edit(header, rows):
        rows[1]["event_type"] = "Skirmish"

    path = _edited(tmp_path, ACLED, edit)
    assert main(["import", str(path), "--format", "acled", "--output", str(tmp_path / "o")]) == 3
    rejected = pd.read_csv(tmp_path / "o" / "rejected.csv")
    assert rejected[["line", "column", "value"]].values.tolist() == [[3, "event_type", "Skirmish"]]
    assert len(json.loads((tmp_path / "o" / "incidents.geojson").read_text())["features"]) == 3
    assert "rejected rows: 1" in capsys.readouterr().out


def test_cli_import_exit_1_on_file_errors(tmp_path, capsys):
    assert main(["import", str(tmp_path / "missing.csv"), "--output", str(tmp_path / "o")]) == 1
    assert "no such file" in capsys.readouterr().err
    header_only = tmp_path / "x.csv"
    header_only.write_text("event_id_cnty,inter1\n", encoding="utf-8")
    assert main(["import", str(header_only), "--output", str(tmp_path / "o")]) == 1
    assert "required column is missing" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------------------ properties
_SAFE = string.ascii_letters + string.digits + " -'()/.,;\"é"
_text = (
    st.text(alphabet=_SAFE, min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda s: s not in NULL_TOKENS)
)
_pairs = [(k, s) for k, subs in EVENT_TYPES.items() for s in subs]


@st.composite
def acled_rows(draw) -> dict[str, str]:
    kind, sub = draw(st.sampled_from(_pairs))
    day = draw(
        st.dates(
            min_value=pd.Timestamp("1997-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
        )
    )
    iso_date = draw(st.booleans())
    return {
        "event_id_cnty": draw(st.from_regex(r"[A-Z]{3}[0-9]{1,7}", fullmatch=True)),
        "event_date": day.isoformat() if iso_date else f"{day.day} {day:%B %Y}",
        "year": str(day.year),
        "time_precision": str(draw(st.integers(1, 3))),
        "disorder_type": "Political violence",
        "event_type": kind,
        "sub_event_type": sub,
        "actor1": draw(_text),
        "assoc_actor_1": draw(st.one_of(st.just(""), _text)),
        "inter1": draw(st.sampled_from(["State forces", "1", "Rebel group", "2"])),
        "actor2": draw(st.one_of(st.just("NA"), _text)),
        "assoc_actor_2": "",
        "inter2": draw(st.sampled_from(["", "0", "Civilians", "7"])),
        "interaction": draw(
            st.sampled_from(["State forces-Civilians", "17", "10", "State forces only"])
        ),
        "civilian_targeting": "",
        "iso": str(draw(st.integers(0, 999))),
        "region": "Caucasus and Central Asia",
        "country": draw(_text),
        "admin1": draw(st.one_of(st.just(""), _text)),
        "admin2": "",
        "admin3": "",
        "location": draw(_text),
        "latitude": repr(draw(st.floats(-90, 90, allow_nan=False).map(lambda x: round(x, 4)))),
        "longitude": repr(draw(st.floats(-180, 180, allow_nan=False).map(lambda x: round(x, 4)))),
        "geo_precision": str(draw(st.integers(1, 3))),
        "source": draw(_text),
        "source_scale": "National",
        "notes": draw(st.one_of(st.just(""), _text, st.builds("{}\n{}".format, _text, _text))),
        "fatalities": str(draw(st.integers(0, 5000))),
        "tags": "",
        "timestamp": str(draw(st.integers(0, 2_000_000_000))),
    }


@st.composite
def acled_files(draw) -> list[dict[str, str]]:
    rows = draw(st.lists(acled_rows(), min_size=1, max_size=6))
    for i, row in enumerate(rows):
        row["event_id_cnty"] = f"{row['event_id_cnty']}-{i}"  # unique ids
    return rows


_CORRUPT = {
    "event_date": ("12 Smarch 2023", "not a date"),
    "time_precision": ("7", "not one of the allowed values"),
    "event_type": ("Skirmish", "unknown event_type"),
    "latitude": ("91.5", "out of range"),
    "longitude": ("x", "not a number"),
    "geo_precision": ("0", "not one of the allowed values"),
    "fatalities": ("-3", "must not be negative"),
    "iso": ("A51", "not a whole number"),
    "inter1": ("9", "not an ACLED actor-type code"),
    "actor1": ("", "required value is empty"),
    "location": ("NA", "required value is empty"),
    "timestamp": ("soon", "not a whole number"),
}
_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(rows=acled_files())
def test_property_valid_acled_rows_round_trip(tmp_path_factory, rows):
    path = _write(tmp_path_factory.mktemp("p") / "a.csv", list(ACLED_2023_COLUMNS), rows)
    read = read_acled_csv(path)
    assert read.rejected.empty, read.rejected.to_dict("records")
    df = read.incidents
    assert list(df["event_id_cnty"]) == [r["event_id_cnty"] for r in rows]
    for got, row in zip(df.itertuples(index=False), rows, strict=True):
        assert got.actor1 == row["actor1"] and got.location == row["location"]
        assert got.event_type == row["event_type"] and got.sub_event_type == row["sub_event_type"]
        assert got.event_date.year == int(row["year"]) and got.fatalities == int(row["fatalities"])
        assert got.latitude == float(row["latitude"]) and got.longitude == float(row["longitude"])
        assert (got.notes if isinstance(got.notes, str) else "") == row["notes"]
        assert pd.isna(got.actor2) if row["actor2"] == "NA" else got.actor2 == row["actor2"]
    lines = list(df["source_line"])
    assert lines == sorted(lines) and lines[0] == 2


@_SETTINGS
@given(rows=acled_files(), data=st.data())
def test_property_one_corrupt_cell_rejects_exactly_that_row(tmp_path_factory, rows, data):
    victim = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(sorted(_CORRUPT)))
    value, reason = _CORRUPT[column]
    rows[victim][column] = value
    path = _write(tmp_path_factory.mktemp("p") / "a.csv", list(ACLED_2023_COLUMNS), rows)
    try:
        read = read_acled_csv(path)
    except (IncidentsValidationError, DataFileError) as exc:  # the only documented errors
        pytest.fail(f"a bad cell must reject a row, not the file: {exc}")
    ids = [r["event_id_cnty"] for r in rows]
    assert list(read.incidents["event_id_cnty"]) == ids[:victim] + ids[victim + 1 :]
    assert read.rejected["event_id_cnty"].unique().tolist() == [ids[victim]]
    named = read.rejected[read.rejected["column"] == column]
    assert len(named) >= 1 and named["reason"].str.contains(reason).all()
    assert set(read.rejected["column"]) <= {column, "year"}  # a bad date also unpins 'year'


@settings(max_examples=60, deadline=None)
@given(blob=st.binary(max_size=400))
def test_property_arbitrary_bytes_never_raise_undocumented_errors(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("b") / "junk.csv"
    header = ",".join(ACLED_2023_COLUMNS).encode() + b"\n"
    path.write_bytes(header + blob)
    try:
        read = read_acled_csv(path)
    except (IncidentsValidationError, DataFileError):
        return
    assert len(read.incidents) + read.rejected["line"].nunique() >= 0
    assert set(read.rejected.columns) == {
        "path",
        "line",
        "event_id_cnty",
        "column",
        "value",
        "reason",
    }


def test_large_file_smoke(tmp_path):
    """A few thousand generated rows: vectorised paths agree with the row count (no timing)."""
    rng = np.random.default_rng(1)
    header, rows = _rows(ACLED)
    many = []
    for i in range(3000):
        row = dict(rows[i % len(rows)])
        row["event_id_cnty"] = f"X{i}"
        row["notes"] = f"note {i} {rng.integers(1_000_000)}"
        many.append(row)
    many[1234]["latitude"] = "999"
    read = read_acled_csv(_write(tmp_path / "big.csv", header, many))
    assert len(read.incidents) == 2999
    assert read.rejected[["line", "event_id_cnty", "column"]].values.tolist() == [
        [1236, "X1234", "latitude"]
    ]


def test_data_fixtures_are_ours():
    # Synthetic fixtures only: the notes are ours, not copied from a dataset.
    for path in (ACLED, LEGACY, OLDEST, UCDP):
        assert path.stat().st_size < 10_000
    shutil.disk_usage(DATA)  # the folder exists


def _raw_snapshot(raw) -> tuple:
    return (
        raw.header,
        raw.cells.astype(object).to_numpy().tolist(),
        raw.lines.tolist(),
        # field counts matter where a row is short or long (they go into the reason)
        None
        if raw.field_counts is None
        else raw.field_counts[raw.short | raw.long].tolist() or None,
        raw.short.tolist(),
        raw.long.tolist(),
    )


@settings(max_examples=300, deadline=None)
@given(
    head=st.sampled_from(["a,b,c\n", "a,b,c,\n", "a\n", '"a\nx",b\n', "\ufeffa,b\r\n"]),
    body=st.text(alphabet=',"\n\r \tab\u00e9\x00', max_size=80),
)
def test_property_pyarrow_reader_agrees_with_the_csv_module(tmp_path_factory, head, body):
    """Where pyarrow's reader takes a file, its cells, lines and field counts are the csv
    module's (the reference: exact lines, quoted line breaks, lone \\r); where it refuses,
    pandas' path reads the file as before."""
    from geo.incidents._csvfile import (
        CsvLayout,
        _header_fields,
        _read_raw_csv,
        _read_with_arrow,
        _read_with_csv_module,
        _without_blank_columns,
        read_header,
    )

    path = tmp_path_factory.mktemp("r") / "t.csv"
    path.write_text(head + body, encoding="utf-8", newline="")
    layout = CsvLayout()
    try:
        header = read_header(path, layout)
        taken = _read_with_arrow(path, _header_fields(path, layout), header, layout) is not None
    except DataFileError:
        return  # an empty header: both paths refuse the file the same way
    got = _raw_snapshot(_without_blank_columns(_read_raw_csv(path, None, layout)))
    if taken:
        reference = _read_with_csv_module(path, header, layout)
    else:
        reference = _read_raw_csv(path, None, layout, engine="pandas")
    assert got == _raw_snapshot(_without_blank_columns(reference))


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.text(alphabet='ab\n\r",é', max_size=14), st.text(alphabet="ab,", max_size=4)),
        min_size=1,
        max_size=50,
    ),
    block=st.integers(min_value=24, max_value=400),
    line_end=st.sampled_from(["\n", "\r\n"]),
)
def test_property_blocks_cut_inside_quoted_line_breaks(tmp_path_factory, cells, block, line_end):
    """pyarrow first reads a file cut into blocks at any line break; a cut inside a quoted
    value must never misread a record (it reads the file again, or leaves it to pandas):
    cells, lines and field counts are the csv module's."""
    import csv
    import io
    from unittest import mock

    from geo.incidents import _csvfile

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator=line_end)
    writer.writerow(["id", "a", "b"])
    writer.writerows([(f"r{i}", *row) for i, row in enumerate(cells)])
    path = tmp_path_factory.mktemp("q") / "q.csv"
    path.write_text(text.getvalue(), encoding="utf-8", newline="")
    layout = _csvfile.CsvLayout()
    header = _csvfile.read_header(path, layout)
    with mock.patch.object(_csvfile, "_ARROW_BLOCK", block):
        got = _raw_snapshot(_csvfile._read_raw_csv(path, None, layout))
    assert got == _raw_snapshot(_csvfile._read_with_csv_module(path, header, layout))


@settings(max_examples=200, deadline=None)
@given(blob=st.binary(max_size=120), block=st.integers(min_value=1, max_value=16))
def test_property_newline_count_across_blocks(tmp_path_factory, blob, block):
    """The newline count that proves line numbers (``\\n`` bytes, a last ``\\n``, a ``\\r``
    not followed by ``\\n``), and whether a NUL byte is there, are the same whatever the
    blocks they are counted in."""
    from unittest import mock

    from geo.incidents import _csvfile

    path = tmp_path_factory.mktemp("n") / "n.csv"
    path.write_bytes(blob)
    with mock.patch.object(_csvfile, "_COUNT_BLOCK", block):
        got = _csvfile._count_newlines(path)
    lone = blob.replace(b"\r\n", b"").count(b"\r") > 0
    assert got == (blob.count(b"\n"), blob.endswith(b"\n"), lone, b"\x00" in blob)


def test_a_path_that_is_not_a_readable_file_is_named_without_a_raw_errno(tmp_path):
    """'bordermap import FOLDER' said "cannot read ([Errno 21] Is a directory: 'FOLDER')"."""
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    with pytest.raises(DataFileError) as folder:
        format_from_path(tmp_path)
    with pytest.raises(DataFileError) as looped:
        format_from_path(loop)
    assert str(folder.value) == f"{tmp_path}: is a folder; give the incident files in it"
    assert str(looped.value).startswith(f"{loop}: cannot read it (Too many levels of symbolic")
    assert "[Errno" not in str(looped.value)


def test_the_newline_count_survives_a_profiler_that_holds_its_frames(tmp_path):
    """dask's workers sample their threads' frames; a frame of the newline count kept alive
    kept the file's mapping exported, and closing it raised BufferError (a flaky failure of
    tests/analysis/test_distributed.py)."""
    import sys

    from geo.incidents import _csvfile

    path = tmp_path / "n.csv"
    path.write_bytes(b"a,b\n1,2\r\n3,4\n")
    held = []

    def profiler(frame, event, arg):
        if event == "return":
            held.append(frame)  # every frame, locals and all, outlives its call

    sys.setprofile(profiler)
    try:
        got = _csvfile._count_newlines(path)
    finally:
        sys.setprofile(None)
    assert got == (3, True, False, False)
    assert held
