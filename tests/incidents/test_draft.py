"""Drafting incident records from articles (issue 5, point 1): geo.incidents.draft, geo.text.dates, geo.text.casualties."""

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
from geo.text.casualties import casualties_from_text, parse_number
from geo.text.dates import resolve_date
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


# --- relative dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "event_date", "precision", "earliest", "latest"),
    [
        ("on Thursday", "2023-05-11", 1, "2023-05-11", "2023-05-11"),
        ("Thursday’s flare-up", "2023-05-11", 1, "2023-05-11", "2023-05-11"),
        ("on Monday night", "2023-05-08", 1, "2023-05-08", "2023-05-08"),
        ("last Thursday", "2023-05-04", 1, "2023-05-04", "2023-05-04"),
        ("yesterday", "2023-05-10", 1, "2023-05-10", "2023-05-10"),
        ("two days ago", "2023-05-09", 1, "2023-05-09", "2023-05-09"),
        ("at the end of April", "2023-04-25", 2, "2023-04-20", "2023-04-30"),
        ("at the end of end April", "2023-04-25", 2, "2023-04-20", "2023-04-30"),
        ("at the beginning of May", "2023-05-05", 2, "2023-05-01", "2023-05-10"),
        ("in mid-April", "2023-04-15", 2, "2023-04-10", "2023-04-20"),
        ("last week", "2023-05-04", 2, "2023-05-01", "2023-05-07"),
        ("last year", None, None, "2022-01-01", "2022-12-31"),
        ("in May last year", "2022-05-16", 3, "2022-05-01", "2022-05-31"),
        ("in 2020", None, None, "2020-01-01", "2020-12-31"),
        ("on June 1", "2023-06-01", 1, "2023-06-01", "2023-06-01"),
        ("on 1 June 2023", "2023-06-01", 1, "2023-06-01", "2023-06-01"),
        ("May 11, 2023", "2023-05-11", 1, "2023-05-11", "2023-05-11"),
        ("in November 2020", "2020-11-15", 3, "2020-11-01", "2020-11-30"),
        ("in April", "2023-04-15", 3, "2023-04-01", "2023-04-30"),
        ("last month", "2023-04-15", 3, "2023-04-01", "2023-04-30"),
        ("earlier this month", "2023-05-06", 3, "2023-05-01", "2023-05-11"),
        ("in December", "2022-12-16", 3, "2022-12-01", "2022-12-31"),
    ],
)
def test_relative_dates(phrase, event_date, precision, earliest, latest):
    found = resolve_date(phrase, PUBLISHED)
    assert found is not None
    assert found.event_date == (date.fromisoformat(event_date) if event_date else None)
    assert found.precision == precision
    assert (found.earliest, found.latest) == (
        date.fromisoformat(earliest),
        date.fromisoformat(latest),
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "days ahead",
        "four days ahead of talks",
        "in recent months",
        "recently",
        "you may go",
        "next week",
    ],
)
def test_not_dates(phrase):
    assert resolve_date(phrase, PUBLISHED) is None


def test_future_dates_are_flagged():
    found = resolve_date("on June 1", PUBLISHED)
    assert found is not None and found.future
    past = resolve_date("on Thursday", PUBLISHED)
    assert past is not None and not past.future


# --- casualties -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injuries"),
    [
        ("An exchange of fire killed one person and wounded four days ahead of talks.", 1, 4),
        ("two soldiers were killed", 2, None),
        ("There were no casualties.", 0, 0),
        ("Dozens killed in clashes.", None, None),
        ("Armenia said four of its soldiers had been wounded by incoming fire.", None, 4),
        (
            "Baku accused Armenia of a provocation that had left one\xa0of its soldiers dead.",
            1,
            None,
        ),
        ("A soldier was killed and 3 others injured.", 1, 3),
        ("The shelling killed a civilian and injured at least 12 people.", 1, 12),
        ("Three Azerbaijani servicemen died.", 3, None),
        ("The death toll rose to 7.", 7, None),
        ("No one was hurt.", None, 0),
        ("Twenty-one people were wounded.", None, 21),
        ("He was killed two days ago.", None, None),
        ("Gunmen killed 2 km from the border.", None, None),
        ("Tens of thousands of people have been killed in the two wars.", None, None),
    ],
)
def test_casualties(sentence, fatalities, injuries):
    found = casualties_from_text(sentence)
    assert (found.fatalities, found.injuries) == (fatalities, injuries)


def test_vague_casualty_figure_gives_a_note():
    found = casualties_from_text("Dozens killed in clashes.")
    assert found.fatalities is None
    assert found.notes == (
        "fatalities: the text gives no exact figure (“Dozens killed”); left empty",
    )


@pytest.mark.parametrize(
    ("word", "value"),
    [("4", 4), ("1,200", 1200), ("four", 4), ("twenty-one", 21), ("a dozen", 12), ("dozens", None)],
)
def test_parse_number(word, value):
    assert parse_number(word) == value


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
