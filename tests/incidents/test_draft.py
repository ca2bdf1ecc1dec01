"""Drafting incident records from articles (issue 5, point 1): geo.incidents.draft."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from bordermap.cli import main
from geo.errors import IncidentsValidationError
from geo.incidents.draft import DRAFT_NOTE, DraftError, incidents_from_article
from geo.incidents.records import incidents_frame, read_incidents_csv
from geo.incidents.schema import INCIDENT_COLUMNS
from geo.text.articles import Article, article_from_path
from geo.text.geoparse import sentences_from_text

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "seeds" / "000_1ae35c016cd00801.txt"
SEED_CSV = ROOT / "seeds" / "incidents.csv"
PUBLISHED = date(2023, 5, 11)  # a Thursday


def _norm(text: str) -> str:
    return " ".join(str(text).split())


def _article(text: str, name: str = "story.txt", published: date | None = PUBLISHED) -> Article:
    return Article(path=Path("/nonexistent") / name, text=text, published=published)


@pytest.fixture(scope="module")
def drafted(gazetteer) -> pd.DataFrame:
    return incidents_from_article(article_from_path(STORY), gazetteer=gazetteer)


# --- the seed story -------------------------------------------------------------------------


def test_seed_drafts_exactly_the_three_incidents(drafted):
    assert list(drafted.columns) == list(INCIDENT_COLUMNS)
    assert sorted(zip(drafted["event_type"], drafted["sub_event_type"], strict=True)) == [
        ("Battles", "Armed clash"),
        ("Protests", "Peaceful protest"),
        ("Strategic developments", "Headquarters or base established"),
    ]
    # nothing for the talks in Brussels or Moldova, the 2020 war, Ukraine...
    assert set(drafted["location"]) == {"Sotk", "Lachin corridor"}


COMPARED = [
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "geo_precision",
    "fatalities",
    "injuries",
    "weapons",
    "date_earliest",
    "date_latest",
]


@pytest.mark.parametrize(
    "sub_event_type", ["Armed clash", "Peaceful protest", "Headquarters or base established"]
)
def test_seed_draft_matches_the_hand_coded_record_field_by_field(drafted, sub_event_type):
    seed = read_incidents_csv(SEED_CSV).incidents
    want = seed[seed["sub_event_type"] == sub_event_type].iloc[0]
    got = drafted[drafted["sub_event_type"] == sub_event_type].iloc[0]
    for column in COMPARED:
        w, g = want[column], got[column]
        assert (pd.isna(w) and pd.isna(g)) or w == g, (column, w, g)
    # every sentence the analyst cited is in the draft's evidence
    evidence = _norm(got["evidence"])
    for a, b in sentences_from_text(want["evidence"]):
        assert _norm(want["evidence"][a:b]) in evidence


def test_seed_clash_in_detail(drafted):
    clash = drafted[drafted["event_type"] == "Battles"].iloc[0]
    assert clash["event_date"] == pd.Timestamp("2023-05-11")
    assert (clash["time_precision"], clash["fatalities"], clash["injuries"]) == (1, 1, 4)
    assert (clash["location"], clash["geo_precision"], clash["admin1"]) == (
        "Sotk",
        2,
        "Gegharkunik",
    )
    assert clash["weapons"] == "artillery; mortars; large-calibre weapons"
    # merged over several sentences: casualties, weapons, Baku's claim
    for words in ("killed one person", "in the Sotk region", "left one", "large-caliber weapons"):
        assert words in _norm(clash["evidence"])
    # the evidence beside the fields
    assert "event_date ← “on Thursday”" in clash["notes"]
    assert "injuries ← “wounded four”" in clash["notes"]
    assert "location ← “in the Sotk region”" in clash["notes"]


def test_seed_checkpoint_resolves_the_corridor_anaphor(drafted):
    base = drafted[drafted["event_type"] == "Strategic developments"].iloc[0]
    assert base["location"] == "Lachin corridor" and base["geo_precision"] == 3
    assert base["event_date"] == pd.Timestamp("2023-04-25") and base["time_precision"] == 2
    assert (base["date_earliest"], base["date_latest"]) == (
        pd.Timestamp("2023-04-20"),
        pd.Timestamp("2023-04-30"),
    )
    assert base["actor1"] == "Government of Azerbaijan"
    assert "“on the corridor” refers to “Lachin corridor”" in base["notes"]
    assert pd.isna(base["fatalities"]) and pd.isna(base["injuries"])


def test_seed_blockade_has_no_date_only_a_bound(drafted):
    blockade = drafted[drafted["event_type"] == "Protests"].iloc[0]
    assert pd.isna(blockade["event_date"]) and pd.isna(blockade["time_precision"])
    assert pd.isna(blockade["date_earliest"])
    assert blockade["date_latest"] == pd.Timestamp("2023-05-11")
    assert blockade["actor1"] == "Protesters (Azerbaijan)"


def test_every_draft_is_marked_and_cites_verbatim_evidence(drafted):
    text = _norm(STORY.read_text(encoding="utf-8"))
    assert drafted["event_id_cnty"].is_unique
    for row in drafted.itertuples(index=False):
        assert row.review_status == "draft"
        assert row.notes.startswith(DRAFT_NOTE)
        assert "000_1ae35c016cd00801.txt" in row.source and "2023-05-11" in row.source
        for a, b in sentences_from_text(row.evidence):
            assert _norm(row.evidence[a:b]) in text  # verbatim
        for phrases in re.findall(r"← ((?:“[^”]*”(?:, )?)+)", row.notes):
            for phrase in re.findall(r"“([^”]*)”", phrases):
                assert phrase in _norm(row.evidence), phrase


# --- other stories --------------------------------------------------------------------------


def test_talks_only_story_drafts_nothing(gazetteer):
    text = (
        "Leaders meet in Brussels\n\n"
        "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met for "
        "talks in Brussels on Sunday. The leaders discussed a peace agreement and the reopening "
        "of transport links. European Council President Charles Michel said they would meet "
        "again at a summit in Moldova on June 1."
    )
    frame = incidents_from_article(_article(text), gazetteer=gazetteer)
    assert frame.empty and list(frame.columns) == list(INCIDENT_COLUMNS)


def test_empty_text_drafts_nothing(gazetteer):
    assert incidents_from_article(_article(""), gazetteer=gazetteer).empty
    assert incidents_from_article(_article("  \n\n "), gazetteer=gazetteer).empty


def test_vague_casualties_stay_empty_with_a_note(gazetteer):
    text = (
        "Fighting erupted near the village of Tegh in Armenia's Syunik province on Tuesday. "
        "Dozens were killed, officials said."
    )
    row = incidents_from_article(_article(text), gazetteer=gazetteer).iloc[0]
    assert (row["location"], row["geo_precision"], row["admin1"]) == ("Tegh", 2, "Syunik")
    assert row["event_date"] == pd.Timestamp("2023-05-09")
    assert pd.isna(row["fatalities"])
    assert "Fatalities: the text gives no exact figure (“Dozens were killed”)" in row["notes"]
    assert row["actor1"] == "Unidentified Armed Group (Armenia)"


def test_last_year_fills_the_interval_not_the_date(gazetteer):
    text = "Azerbaijani activists blocked the Lachin corridor last year, Armenia said."
    row = incidents_from_article(_article(text), gazetteer=gazetteer).iloc[0]
    assert pd.isna(row["event_date"]) and pd.isna(row["time_precision"])
    assert (row["date_earliest"], row["date_latest"]) == (
        pd.Timestamp("2022-01-01"),
        pd.Timestamp("2022-12-31"),
    )
    assert row["year"] == 2022


def test_two_incidents_at_two_places_stay_apart(gazetteer):
    text = (
        "On Monday, Azerbaijani troops fired on Armenian positions near Tegh in Armenia's Syunik "
        "province, Yerevan said. On Wednesday, Armenian forces shelled Azerbaijani positions near "
        "Sotk in the Gegharkunik province, killing one soldier, Baku said."
    )
    frame = incidents_from_article(_article(text), gazetteer=gazetteer)
    assert list(frame["location"]) == ["Tegh", "Sotk"]
    assert list(frame["event_date"]) == [pd.Timestamp("2023-05-08"), pd.Timestamp("2023-05-10")]
    assert list(frame["sub_event_type"]) == ["Armed clash", "Shelling/artillery/missile attack"]
    assert frame["fatalities"].tolist() == [pd.NA, 1]


def test_no_publication_date_is_an_error_naming_the_file(gazetteer):
    with pytest.raises(DraftError, match=r"story\.txt: no publication date"):
        incidents_from_article(_article("Clashes.", published=None), gazetteer=gazetteer)


def test_incidents_frame_validates_rows():
    # the reasons a reader gives for the same cell in a file (one schema, one typing)
    match = r"line 1, column 'event_type': not one of the allowed values"
    with pytest.raises(IncidentsValidationError, match=match):
        incidents_frame(
            [
                {
                    "event_id_cnty": "X-1",
                    "event_type": "Skirmish",
                    "sub_event_type": "Armed clash",
                    "actor1": "A",
                    "country": "Armenia",
                    "location": "Sotk",
                    "geo_precision": 1,
                    "source": "s",
                    "evidence": "e",
                }
            ]
        )


# --- the command ----------------------------------------------------------------------------


def test_cli_writes_a_csv_the_reader_accepts(tmp_path, capsys):
    out = tmp_path / "drafts.csv"
    assert main(["draft", str(STORY), "--output", str(out)]) == 0
    read = read_incidents_csv(out)
    assert read.rejected.empty
    assert len(read.incidents) == 3
    assert set(read.incidents["review_status"]) == {"draft"}


def test_cli_prints_csv_and_published_overrides_the_sidecar(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(
        "Azerbaijani activists blocked the Lachin corridor on Monday.\n", encoding="utf-8"
    )
    assert main(["draft", str(story)]) == 1
    err = capsys.readouterr().err
    assert "story.txt: no publication date" in err and "--published" in err
    assert main(["draft", str(story), "--published", "2023-05-11"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("event_id_cnty,")
    assert ",2023-05-08,2023,1,Demonstrations,Protests,Peaceful protest," in printed
    assert main(["draft", str(story), "--published", "11/05/2023"]) == 2


def test_article_with_published_replaced_drafts_like_the_sidecar(gazetteer):
    article = article_from_path(STORY)
    again = incidents_from_article(
        dataclasses.replace(article, published=date(2023, 5, 11)), gazetteer=gazetteer
    )
    assert len(again) == 3


def test_a_drafted_town_is_in_the_province_of_its_code(gazetteer):
    # Bunia lies in Ituri (2015) and in the 2016 Orientale, which holds Ituri's code too:
    # the draft names the province of today
    text = "Fighting erupted near the town of Bunia in Congo's Ituri province on Tuesday."
    row = incidents_from_article(_article(text), gazetteer=gazetteer).iloc[0]
    assert (row["location"], row["admin1"]) == ("Bunia", "Ituri")
