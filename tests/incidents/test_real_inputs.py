"""Real ACLED and UCDP files, in every layout they have been released in (issue 13, point 1).

The fixtures in ``tests/data`` are synthetic (rows written for these tests), one per layout or
quirk; the one real file, ACLED's 2016 Africa export in the pre-2019 layout, is reference
data read from ``../shared/data`` (never copied here) and skipped when absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from bordermap.cli import main
from geo.errors import AmbiguousDateError, DataFileError
from geo.incidents import (
    LEGACY_EVENT_TYPES,
    format_from_path,
    incident_gdf_schema,
    incidents_with_places,
    read_incidents,
)
from geo.incidents.acled import read_acled_csv
from geo.incidents.schema import EVENT_TYPES
from geo.incidents.ucdp import UCDP_COLUMNS, read_ucdp_csv

DATA = Path(__file__).resolve().parents[1] / "data"
ACLED_2016 = Path(__file__).resolve().parents[3] / "shared/data/acled/acled_africa_2016.csv"


def _ids(read) -> list[str]:
    return read.incidents["event_id_cnty"].tolist()


@pytest.mark.skipif(not ACLED_2016.exists(), reason=f"ACLED 2016 export not at {ACLED_2016}")
def test_the_real_2016_acled_export_imports_all_500_records(tmp_path, capsys):
    read = read_incidents(ACLED_2016)
    assert len(read.incidents) == 500 and len(read.rejected) == 0
    df = read.incidents
    assert df["event_type"].isin(list(EVENT_TYPES)).all()
    mapped = df.groupby(["event_type_original", "event_type"]).size().to_dict()
    assert mapped[("Battle-No change of territory", "Battles")] == 106
    assert mapped[("Remote violence", "Explosions/Remote violence")] == 46
    riots = df[df["event_type_original"] == "Riots/Protests"]
    assert set(riots["event_type"]) == {"Riots", "Protests"}
    assert (riots["event_type"] == "Riots").sum() == 64  # an actor coded 5 (rioters)
    assert "unnamed_1" not in df.columns  # pandas' index column
    joined = incidents_with_places(df).incidents
    incident_gdf_schema().validate(joined)  # what build checks
    assert main(["import", str(ACLED_2016), "--output", str(tmp_path)]) == 0
    assert "500 incident(s), 0 rejected row(s)" in capsys.readouterr().out


def test_pre2019_layout_maps_every_old_event_type():
    read = read_incidents(DATA / "acled_pre2019.csv")
    assert read.rejected.empty
    df = read.incidents.set_index("event_id_cnty")
    got = {
        (o, t, s if isinstance(s, str) else "")
        for o, t, s in zip(
            df["event_type_original"], df["event_type"], df["sub_event_type"], strict=True
        )
    }
    assert got == {
        ("Battle-No change of territory", "Battles", "Armed clash"),
        ("Battle-Government regains territory", "Battles", "Government regains territory"),
        ("Battle-Non-state actor overtakes territory", "Battles", "Non-state actor overtakes territory"),
        ("Headquarters or base established", "Strategic developments", "Headquarters or base established"),
        ("Non-violent transfer of territory", "Strategic developments", "Non-violent transfer of territory"),
        ("Remote violence", "Explosions/Remote violence", ""),
        ("Strategic development", "Strategic developments", ""),
        ("Violence against civilians", "Violence against civilians", ""),
        ("Riots/Protests", "Protests", ""),  # protesters (6), or neither 5 nor 6
        ("Riots/Protests", "Riots", ""),  # an actor coded rioters (5)
    }  # fmt: skip
    assert df.loc["ARM9009", "event_type"] == "Riots"  # rioters vs police
    assert df.loc["AZE9010", "event_type"] == "Protests"  # police vs protesters
    assert "unnamed_1" not in df.columns and df["gwno"].notna().all()
    assert pd.isna(df.loc["AZE9000", "assoc_actor_1"])  # "NA" is a blank
    assert pd.isna(df.loc["AZE9002", "fatalities"])
    assert read.incidents["source_line"].tolist() == list(range(2, 13))


def test_crosswalk_takes_spacing_and_case_variants_and_rejects_only_unknown_types(tmp_path):
    text = (DATA / "acled_pre2019.csv").read_text(encoding="utf-8")
    text = text.replace("Battle-No change of territory", "battle - no change of territory")
    text = text.replace("Strategic development,", "Skirmish,")
    path = tmp_path / "old.csv"
    path.write_text(text, encoding="utf-8")
    read = read_acled_csv(path)
    assert read.incidents.set_index("event_id_cnty").loc["AZE9000", "event_type"] == "Battles"
    assert read.rejected[["line", "column", "value"]].values.tolist() == [
        [8, "event_type", "Skirmish"]
    ]
    assert "neither a current nor a pre-2019" in read.rejected["reason"][0]
    assert set(LEGACY_EVENT_TYPES) >= {"Remote violence", "Riots/Protests"}


def test_a_current_type_without_sub_type_is_still_a_fault(tmp_path):
    text = (DATA / "acled_2023.csv").read_text(encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text(text.replace(",Armed clash,", ",,", 1), encoding="utf-8")
    read = read_acled_csv(path)
    assert read.rejected[["column", "reason"]].values.tolist() == [
        ["sub_event_type", "required value is empty"]
    ]


def test_2020_layout_resaved_by_a_european_spreadsheet():
    """BOM, ``;`` between fields, CRLF, ``9-May-20`` dates, decimal commas in coordinates."""
    path = DATA / "acled_2020_spreadsheet.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfdata_id;")
    assert format_from_path(path) == "acled"
    read = read_incidents(path)
    assert read.rejected.empty and len(read.incidents) == 4
    df = read.incidents
    assert df["event_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2020-05-09", "2020-09-28", "2020-11-10", "2021-01-12",
    ]  # fmt: skip
    assert df["latitude"].tolist()[:2] == [40.201, 39.5111]
    assert df["notes"][1].startswith("Shelling near Goris; no casualties")
    assert pd.isna(df["actor2"][3])  # "NA"


def test_export_tool_file_read_back_and_written_by_pandas():
    """BOM, every field quoted (numbers too), pandas' ``Unnamed: 0`` index, slash dates whose
    order one date settles (28/07/2023: day first)."""
    read = read_incidents(DATA / "acled_export_2023.csv")
    assert read.rejected.empty
    df = read.incidents
    assert "Unnamed: 0" not in df.columns
    assert df["event_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-06-05", "2023-07-28", "2023-09-01",
    ]  # fmt: skip
    assert df["fatalities"].tolist()[0] == 0 and pd.isna(df["fatalities"][1])


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("28 December 2022", "2022-12-28"),
        ("2022-12-28", "2022-12-28"),
        ("28-Dec-22", "2022-12-28"),
        ("9-May-20", "2020-05-09"),
        ("28/12/2022", "2022-12-28"),
        ("9 May 2020", "2020-05-09"),
        ("2022-12-28 00:00:00", "2022-12-28"),
        ("28.12.2022", "2022-12-28"),
        ("28.12.22", "2022-12-28"),  # German short date
        ("2022-12-28 00:00", "2022-12-28"),  # LibreOffice date-time
        ("12/28/2022 0:00", "2022-12-28"),  # Excel (US) date-time
        ("28/12/2022 13:05:00", "2022-12-28"),
        ("12/28/2022 12:00:00 AM", "2022-12-28"),  # Google Sheets date-time
        ("Wednesday, December 28, 2022", "2022-12-28"),  # Excel's long date (US)
        ("Wednesday, 28 December 2022", "2022-12-28"),  # Excel's long date (UK)
    ],
)
def test_every_date_form_acled_and_spreadsheets_write(tmp_path, written, expected):
    path = tmp_path / "a.csv"
    rows = list(csv.reader((DATA / "acled_2023.csv").open(encoding="utf-8")))
    date_at = rows[0].index("event_date")
    year_at = rows[0].index("year")
    for row in rows[1:]:
        row[date_at], row[year_at] = written, expected[:4]
        row[0] += row[0]  # ids stay unique
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:2])
    read = read_acled_csv(path)
    assert read.rejected.empty
    assert read.incidents["event_date"].dt.strftime("%Y-%m-%d").tolist() == [expected]


def _one_date(tmp_path: Path, written: str) -> Path:
    path = tmp_path / "a.csv"
    rows = list(csv.reader((DATA / "acled_2023.csv").open(encoding="utf-8")))
    rows[1][rows[0].index("event_date")] = written
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:2])
    return path


def test_a_long_date_whose_weekday_is_not_the_dates_is_rejected(tmp_path):
    read = read_acled_csv(_one_date(tmp_path, "Monday, December 28, 2022"))  # a Wednesday
    assert read.incidents.empty
    assert read.rejected[["column", "value"]].values.tolist() == [
        ["event_date", "Monday, December 28, 2022"]
    ]


@pytest.mark.parametrize("written", ["44923", "44923.0"])
def test_a_spreadsheet_date_serial_is_rejected_naming_the_date_it_may_be(tmp_path, written):
    read = read_acled_csv(_one_date(tmp_path, written))
    assert read.incidents.empty
    (reason,) = read.rejected["reason"]
    assert f"{written.split('.')[0]} is how a spreadsheet writes the date 2022-12-28" in reason
    assert "format the column as dates" in reason


def test_ambiguous_slash_dates_are_refused_once_naming_the_options(capsys, tmp_path):
    path = DATA / "acled_ambiguous_dates.csv"
    with pytest.raises(AmbiguousDateError, match=r"column 'event_date'.*--dayfirst.*--monthfirst"):
        read_incidents(path)
    day = read_incidents(path, date_order="dayfirst").incidents["event_date"]
    month = read_incidents(path, date_order="monthfirst").incidents["event_date"]
    assert day.dt.strftime("%Y-%m-%d").tolist() == ["2023-06-05", "2023-02-01", "2023-12-11"]
    assert month.dt.strftime("%Y-%m-%d").tolist() == ["2023-05-06", "2023-01-02", "2023-11-12"]
    assert main(["import", str(path), "--output", str(tmp_path / "a")]) == 1
    err = capsys.readouterr().err
    assert err.count("--dayfirst") == 1 and "05/06/2023" in err
    assert main(["import", str(path), "--output", str(tmp_path / "b"), "--dayfirst"]) == 0


def test_mixed_day_first_and_month_first_dates_are_refused(tmp_path):
    text = (DATA / "acled_ambiguous_dates.csv").read_text(encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text(text.replace("05/06/2023", "28/06/2023").replace("01/02/2023", "01/22/2023"))
    with pytest.raises(AmbiguousDateError, match="mixes day-first dates"):
        read_incidents(path)
    # told the order, a date that does not fit it is a fault of its row only
    read = read_incidents(path, date_order="dayfirst")
    assert read.rejected[["column", "value"]].values.tolist() == [["event_date", "01/22/2023"]]


def test_old_upper_case_layout_with_day_first_dates():
    read = read_incidents(DATA / "acled_v7_upper.csv")
    assert read.rejected.empty
    df = read.incidents
    assert df["event_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2016-04-02", "2016-04-15", "2016-05-03",
    ]  # fmt: skip
    assert df["event_type"].tolist() == ["Battles", "Protests", "Explosions/Remote violence"]
    assert df["gwno"].tolist() == [373, 371, 373]


def test_ucdp_candidate_release_without_a_header():
    path = DATA / "ucdp_ged_candidate.csv"
    assert len(next(csv.reader(path.open(encoding="utf-8")))) == len(UCDP_COLUMNS) == 49
    assert format_from_path(path) == "ucdp"
    read = read_ucdp_csv(path)
    assert read.rejected.empty
    df = read.incidents
    assert df["event_id_cnty"].tolist() == ["UCDP-610001", "UCDP-610002"]
    assert df["source_line"].tolist() == [1, 2]  # no header line
    assert df["location"].tolist() == ["Nerkin Hand", "Sotk"]
    assert df["date_earliest"][1].strftime("%Y-%m-%d") == "2024-02-12"


def test_a_headerless_file_that_is_not_ged_is_not_guessed(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot tell the format"):
        format_from_path(path)


def test_new_fixtures_are_synthetic_and_small():
    for name in (
        "acled_pre2019.csv",
        "acled_2020_spreadsheet.csv",
        "acled_export_2023.csv",
        "acled_ambiguous_dates.csv",
        "acled_v7_upper.csv",
        "ucdp_ged_candidate.csv",
    ):
        path = DATA / name
        assert path.stat().st_size < 5_000
        assert "Synthetic wire" in path.read_text(encoding="utf-8-sig")
