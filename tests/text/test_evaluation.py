"""Evaluation against gold corpora (issue 4.5): reader, metrics, split, command."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Point, box

from bordermap.cli import main
from geo.errors import BordermapError
from geo.text.evaluation import (
    MAX_ERROR_KM,
    Document,
    GoldToponym,
    Note,
    auc_of_errors,
    documents_from_xml,
    evaluate,
    evaluate_notes,
    notes_from_csv,
    split_documents,
    split_notes,
)

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = DATA / "tiny_gold.xml"
SEED_GOLD = DATA / "seed_gold.xml"
STORY = Path(__file__).resolve().parents[2] / "seeds" / "000_1ae35c016cd00801.txt"
LGL = Path(__file__).resolve().parents[3] / "shared/data/geoparsing/lgl.xml"
KEYS = {
    "precision",
    "recall",
    "f1",
    "acc_161",
    "auc",
    "median_km",
    "n_gold",
    "n_pred",
    "n_resolved",
    "n_docs",
    "seconds",
    "docs_per_second",
}


@dataclass
class _Place:
    anchor: tuple[float, float]
    geometry: object = None


@dataclass
class _Mention:
    start: int
    end: int
    place: _Place | None


def _parser(predictions: dict[str, list[_Mention]]):
    """A fake geoparser answering from a table keyed by text."""
    return lambda text: predictions.get(text, [])


def _doc(docid: str, text: str, *toponyms: GoldToponym) -> Document:
    return Document(docid, text, tuple(toponyms))


def _gold(text: str, phrase: str, lat: float | None, lon: float | None) -> GoldToponym:
    start = text.find(phrase)
    return GoldToponym(start, start + len(phrase), phrase, lat, lon, None)


def _hit(gold: GoldToponym, lon: float, lat: float) -> _Mention:
    return _Mention(gold.start, gold.end, _Place((lon, lat)))


# --- reader --------------------------------------------------------------------------------


def test_reader_lgl_format():
    docs = documents_from_xml(TINY)
    assert [d.docid for d in docs] == ["a1", "a2"]
    sotk, armenia, street = docs[0].toponyms
    assert (sotk.start, sotk.end, sotk.phrase) == (14, 18, "Sotk")
    assert (sotk.lat, sotk.lon, sotk.geonameid) == (40.20007, 45.86951, 616041)
    assert armenia.phrase == "Armenia" and armenia.has_coordinates
    # a toponym without gaztag is kept, without coordinates
    assert street.phrase == "Main Street" and not street.has_coordinates
    assert street.lat is None and street.lon is None and street.geonameid is None
    for doc in docs:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.phrase


def test_reader_realigns_drifted_offsets():
    (brussels,) = documents_from_xml(TINY)[1].toponyms
    assert (brussels.start, brussels.end, brussels.realigned) == (9, 17, True)
    (raw,) = documents_from_xml(TINY, realign=False)[1].toponyms
    assert (raw.start, raw.end, raw.realigned) == (7, 15, False)


def test_reader_geowebnews_and_geovirus_variants(tmp_path):
    text = "A road in Leeds, near the street, in France."
    path = tmp_path / "gwn.xml"
    path.write_text(
        f"""<articles><article><text>{text}</text><toponyms>
        <toponym><extractedName>Leeds</extractedName><type>Literal</type>
          <start>10</start><end>15</end><geonamesID>2644688</geonamesID>
          <latitude>53.79648</latitude><longitude>-1.54785</longitude></toponym>
        <toponym><extractedName>street</extractedName><type>Literal_Expression</type>
          <start>26</start><end>32</end></toponym>
        <toponym><extractedName>France</extractedName><type>Literal</type>
          <start>37</start><end>43</end><geonamesID/></toponym>
        </toponyms></article></articles>""",
        encoding="utf-8",
    )
    (doc,) = documents_from_xml(path)
    assert doc.docid == "0"  # no docid: the article's position
    leeds, france = doc.toponyms  # the generic "street" expression is not a toponym
    assert (leeds.phrase, leeds.geonameid, leeds.lat, leeds.lon) == (
        "Leeds",
        2644688,
        53.79648,
        -1.54785,
    )
    assert france.phrase == "France" and not france.has_coordinates

    virus = tmp_path / "geovirus.xml"
    virus.write_text(
        """<articles><article><source>x</source><text>Cases in Pandi rose.</text>
        <locations><location><name>Pandi</name><start>9</start><end>14</end>
        <lat>14.87</lat><lon>120.95</lon><page>https://en.wikipedia.org/wiki/Pandi</page>
        </location></locations></article></articles>""",
        encoding="utf-8",
    )
    (doc,) = documents_from_xml(virus)
    assert doc.toponyms == (GoldToponym(9, 14, "Pandi", 14.87, 120.95, None),)


def test_reader_rejects_what_is_not_a_corpus(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(BordermapError, match="not well-formed"):
        documents_from_xml(bad)
    empty = tmp_path / "empty.xml"
    empty.write_text("<nothing/>", encoding="utf-8")
    with pytest.raises(BordermapError, match="no <article>"):
        documents_from_xml(empty)


# --- metrics -------------------------------------------------------------------------------


def test_perfect_prediction():
    docs = documents_from_xml(TINY)
    table = {
        d.text: [
            _hit(t, t.lon, t.lat) if t.has_coordinates else _Mention(t.start, t.end, None)
            for t in d.toponyms
        ]
        for d in docs
    }
    result = evaluate(docs, _parser(table), progress=False)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.acc_161 == 1.0 and result.median_km == 0.0 and result.auc == 0.0
    assert (result.n_gold, result.n_pred, result.n_resolved, result.n_docs) == (4, 4, 3, 2)
    assert result.missed == () and result.spurious == ()


def test_known_500_km_error():
    text = "Fighting in Sotk."
    gold = _gold(text, "Sotk", 0.0, 0.0)
    lon, lat, _ = Geod(ellps="WGS84").fwd(0.0, 0.0, 90.0, 500_000.0)
    result = evaluate(
        [_doc("d", text, gold)], _parser({text: [_hit(gold, lon, lat)]}), progress=False
    )
    assert result.median_km == pytest.approx(500.0, abs=1e-6)
    assert result.acc_161 == 0.0
    assert result.auc == pytest.approx(math.log(501) / math.log(20039))
    assert result.n_resolved == 1 and result.errors_km == pytest.approx((500.0,))


def test_acc_161_and_auc_on_two_errors():
    text = "From Baku to Yerevan."
    baku, yerevan = _gold(text, "Baku", 0.0, 0.0), _gold(text, "Yerevan", 0.0, 10.0)
    geod = Geod(ellps="WGS84")
    lon, lat, _ = geod.fwd(10.0, 0.0, 0.0, 500_000.0)
    mentions = [_hit(baku, 0.0, 0.0), _hit(yerevan, lon, lat)]
    result = evaluate([_doc("d", text, baku, yerevan)], _parser({text: mentions}), progress=False)
    assert result.acc_161 == 0.5
    assert result.median_km == pytest.approx(250.0, abs=1e-6)
    # sorted scaled errors (0, s) on x = (0, 1): a triangle of area s / 2
    assert result.auc == pytest.approx(math.log(501) / math.log(20039) / 2)


def test_auc_is_grittas_formula():
    errors = [0.0, 3.0, 40.0, 161.0, 900.0, 5000.0, 19000.0]
    log_errors = np.log(1 + np.array(sorted(errors)))
    gritta = np.sum((log_errors[1:] + log_errors[:-1]) / 2) / (
        np.log(MAX_ERROR_KM) * (len(errors) - 1)
    )
    assert auc_of_errors(errors) == pytest.approx(gritta)
    assert auc_of_errors(list(reversed(errors))) == pytest.approx(gritta)  # order-free
    assert auc_of_errors([]) is None
    assert auc_of_errors([MAX_ERROR_KM - 1]) == pytest.approx(1.0)
    assert auc_of_errors([MAX_ERROR_KM, 1e9]) == 1.0  # capped: no place = the worst case


def test_missed_and_spurious_mentions():
    text = "Clashes near Sotk and Lachin, says Michel."
    sotk, lachin = _gold(text, "Sotk", 40.2, 45.87), _gold(text, "Lachin", 39.64, 46.55)
    michel = text.find("Michel")
    mentions = [_hit(sotk, 45.87, 40.2), _Mention(michel, michel + 6, _Place((2.0, 48.0)))]
    result = evaluate([_doc("d", text, sotk, lachin)], _parser({text: mentions}), progress=False)
    assert (result.precision, result.recall, result.f1) == (0.5, 0.5, 0.5)
    assert result.missed == (("d", lachin.start, lachin.end, "Lachin"),)
    assert result.spurious == (("d", michel, michel + 6, "Michel"),)
    assert result.n_resolved == 1 and result.median_km == pytest.approx(0.0, abs=1e-6)


def test_span_must_match_exactly():
    text = "Shelling in the Sotk region."
    gold = _gold(text, "Sotk", 40.2, 45.87)
    wider = _Mention(gold.start, gold.end + len(" region"), _Place((45.87, 40.2)))
    result = evaluate([_doc("d", text, gold)], _parser({text: [wider]}), progress=False)
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)
    assert result.n_resolved == 0 and result.acc_161 is None and result.auc is None
    assert result.median_km is None


def test_recognised_without_place_counts_the_maximum_error():
    text = "Near Sotk."
    gold = _gold(text, "Sotk", 40.2, 45.87)
    result = evaluate(
        [_doc("d", text, gold)],
        _parser({text: [_Mention(gold.start, gold.end, None)]}),
        progress=False,
    )
    assert result.recall == 1.0 and result.median_km == MAX_ERROR_KM


def test_area_containing_the_gold_point_optionally_counts_zero():
    text = "Fighting in Armenia."
    gold = _gold(text, "Armenia", 40.5, 44.5)
    area = _Mention(gold.start, gold.end, _Place((45.0, 40.0), box(43.0, 38.8, 46.7, 41.4)))
    docs = [_doc("d", text, gold)]
    point_to_point = evaluate(docs, _parser({text: [area]}), progress=False)
    assert point_to_point.median_km == pytest.approx(69.0, abs=2.0)
    contained = evaluate(docs, _parser({text: [area]}), progress=False, contains_is_zero=True)
    assert contained.median_km == 0.0
    outside = _Mention(gold.start, gold.end, _Place((45.0, 40.0), Point(45.0, 40.0).buffer(0.1)))
    assert evaluate(
        docs, _parser({text: [outside]}), progress=False, contains_is_zero=True
    ).median_km == pytest.approx(point_to_point.median_km)


def test_as_dict_keys():
    result = evaluate(documents_from_xml(TINY), _parser({}), progress=False)
    assert set(result.as_dict()) == KEYS
    assert result.as_dict()["precision"] == 0.0 and result.as_dict()["auc"] is None


# --- split ---------------------------------------------------------------------------------


def test_split_is_fixed_disjoint_and_complete():
    docs = [
        _doc(
            str(i),
            "",
        )
        for i in range(1000)
    ]
    dev, test = split_documents(docs, "dev"), split_documents(docs, "test")
    assert split_documents(docs, "all") == docs
    dev_ids, test_ids = {d.docid for d in dev}, {d.docid for d in test}
    assert not dev_ids & test_ids and dev_ids | test_ids == {d.docid for d in docs}
    assert 400 < len(dev) < 600
    assert split_documents(list(reversed(docs)), "dev") == list(reversed(dev))
    # pinned: sha1("40450848") ends in 3 (odd -> test), sha1("a") ends in 8 (even -> dev)
    assert [d.docid for d in split_documents([_doc("40450848", ""), _doc("a", "")], "dev")] == ["a"]
    with pytest.raises(ValueError):
        split_documents(docs, "train")  # type: ignore[arg-type]


# --- the seed gold file and the command ---------------------------------------------------


def test_seed_gold_file_matches_the_story():
    (doc,) = documents_from_xml(SEED_GOLD, realign=False)
    assert doc.docid == "000_1ae35c016cd00801"
    assert doc.text == STORY.read_text(encoding="utf-8")
    assert len(doc.toponyms) == 47
    for t in doc.toponyms:
        assert doc.text[t.start : t.end] == t.phrase and t.has_coordinates
    phrases = {t.phrase for t in doc.toponyms}
    assert "Lachin\u00a0corridor" in phrases and "Lachin corridor" in phrases
    assert not phrases & {"Armenian", "Azerbaijani", "EU", "European", "Kremlin", "Soviet"}


def test_cli_eval_json_keys(capsys):
    assert main(["eval", str(SEED_GOLD), "--json"]) == 0
    out = capsys.readouterr().out
    record = json.loads(out)
    assert set(record) == KEYS
    assert record["n_gold"] == 47 and record["n_docs"] == 1


def test_cli_eval_table_and_split(capsys):
    assert main(["eval", str(TINY), "--split", "dev", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "(split dev, 1 documents)" in out  # a1 -> dev, a2 -> test


def test_cli_eval_missing_file(capsys, tmp_path):
    assert main(["eval", str(tmp_path / "missing.xml"), "--json"]) == 1


def test_geoparser_finds_every_seed_toponym(capsys):
    # Issue 4 target on the seed story: every place found (names inside hyphenated words
    # such as "Russia-brokered" included), no false place.
    assert main(["eval", str(SEED_GOLD), "--json", "--no-progress"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["precision"], record["recall"]) == (1.0, 1.0)


@pytest.mark.slow
@pytest.mark.skipif(not LGL.exists(), reason=f"LGL corpus not at {LGL}")
def test_lgl_first_20_documents(capsys):
    assert main(["eval", str(LGL), "--json", "--limit", "20", "--no-progress"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == KEYS and record["n_docs"] == 20
    for key in ("precision", "recall", "f1", "acc_161", "auc"):
        assert 0.0 <= record[key] <= 1.0, key
    assert record["median_km"] >= 0.0 and record["n_resolved"] <= record["n_gold"]
    assert record["n_gold"] > 0 and record["docs_per_second"] > 0


def test_cli_eval_contains_is_zero(capsys, tmp_path):
    # A country's gold point is rarely our anchor point; inside the polygon it counts 0 km.
    corpus = tmp_path / "one.xml"
    corpus.write_text(
        "<articles><article docid='a'><text>Shells fell in Armenia.</text><toponyms>"
        "<toponym><start>15</start><end>22</end><phrase>Armenia</phrase>"
        "<gaztag geonameid='174982'><lat>40.9</lat><lon>43.9</lon></gaztag></toponym>"
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    assert main(["eval", str(corpus), "--json", "--no-progress"]) == 0
    point_to_point = json.loads(capsys.readouterr().out)
    assert main(["eval", str(corpus), "--json", "--no-progress", "--contains-is-zero"]) == 0
    contained = json.loads(capsys.readouterr().out)
    assert point_to_point["median_km"] > 10
    assert contained["median_km"] == 0.0 and contained["recall"] == 1.0


# --- incident notes ------------------------------------------------------------------------

NOTES_CSV = """event_id_cnty,country,iso,geo_precision,latitude,longitude,notes
AM1,Armenia,51,1,40.2001,45.8695,"Azerbaijani forces shelled Sotk, Armenia; two soldiers were wounded."
AM2,Armenia,51,2,40.2001,45.8695,Protesters gathered outside the ministry.
AZ1,,31,3,39.0,46.5,"A car bomb exploded in Yerevan, Azerbaijani media said."
X1,Atlantis,,1,10.0,10.0,Fighting was reported in Yerevan.
X2,Armenia,51,1,,,A note without coordinates.
X3,Armenia,51,1,40.0,45.0,
"""


def _notes_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.csv"
    path.write_text(NOTES_CSV, encoding="utf-8")
    return path


def test_notes_reader(tmp_path, gazetteer):
    notes = notes_from_csv(_notes_file(tmp_path), gazetteer=gazetteer)
    # rows without coordinates or without a note are left out
    assert [n.note_id for n in notes] == ["AM1", "AM2", "AZ1", "X1"]
    assert [n.countries for n in notes] == [("AM",), ("AM",), ("AZ",), ()]  # iso when no name
    assert notes[0].geo_precision == 1 and notes[0].lat == pytest.approx(40.2001)


def test_notes_reader_needs_the_note_and_its_point(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("notes,latitude\nx,1\n", encoding="utf-8")
    with pytest.raises(BordermapError, match="longitude"):
        notes_from_csv(path)


def test_notes_reader_writes_a_note_from_the_place_columns(tmp_path):
    path = tmp_path / "fields.csv"
    path.write_text(
        "event_id_cnty,country,location,admin2,admin1,latitude,longitude,notes\n"
        "CM1,Cameroon,Bamenda,Mezam,Nord-Ouest,5.96,10.15,A protest.\n"
        "KE1,Kenya,Mandera,Mandera,Mandera,3.94,41.86,\n"
        "NG1,Nigeria,Abuja,,Federal Capital Territory,9.06,7.49,\n"
        "XX1,Nigeria,,Kano,Kano,9.06,7.49,A row without a location is left out.\n",
        encoding="utf-8",
    )
    notes = notes_from_csv(path, text_from="fields")
    assert [n.text for n in notes] == [
        "in Bamenda (Mezam, Nord-Ouest).",
        "in Mandera.",  # a unit named like the one before it is not repeated
        "in Abuja (Federal Capital Territory).",
    ]
    assert notes_from_csv(path)[0].text == "A protest."  # the notes column by default
    bare = tmp_path / "bare.csv"
    bare.write_text("notes,latitude,longitude\nx,1,1\n", encoding="utf-8")
    with pytest.raises(BordermapError, match="location"):
        notes_from_csv(bare, text_from="fields")


def test_notes_reader_puts_the_place_clause_in_the_note(tmp_path):
    path = tmp_path / "both.csv"
    path.write_text(
        "location,admin2,admin1,latitude,longitude,notes\n"
        'Bamenda,Mezam,Nord-Ouest,5.96,10.15,"Separatists killed a gendarme. Two fled."\n'
        "Mandera,Mandera,Mandera,3.94,41.86,A bus was attacked near Elwak\n"
        "Abuja,,Federal Capital Territory,9.06,7.49,\n"
        ",Kano,Kano,9.06,7.49,A protest in Kano.\n",
        encoding="utf-8",
    )
    assert [n.text for n in notes_from_csv(path, text_from="both")] == [
        "Separatists killed a gendarme in Bamenda (Mezam, Nord-Ouest). Two fled.",
        "A bus was attacked near Elwak in Mandera.",
        # a row without a note is left out; one without a location is its note alone
        "A protest in Kano.",
    ]


def test_cli_eval_notes_from_the_place_columns(capsys, tmp_path):
    path = tmp_path / "fields.csv"
    path.write_text(
        "country,location,admin2,admin1,latitude,longitude\n"
        "Cameroon,Bamenda,Mezam,Nord-Ouest,5.9597,10.1460\n",
        encoding="utf-8",
    )
    assert main(["eval", str(path), "--text", "fields", "--json", "--no-progress"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n_notes"] == 1 and result["acc_25"] == 1.0


def test_cli_eval_text_applies_to_notes_only(capsys, tmp_path):
    """--text picks a notes column; an XML corpus has none, and is not scored as if asked."""
    assert main(["eval", str(TINY), "--text", "fields", "--json", "--no-progress"]) == 2
    assert "--text applies to notes" in capsys.readouterr().err
    assert main(["eval", str(TINY), "--json", "--no-progress"]) == 0


def test_notes_reader_refuses_an_unknown_text_source(tmp_path):
    path = tmp_path / "fields.csv"
    path.write_text("location,latitude,longitude\nSotk,40.2,45.87\n", encoding="utf-8")
    with pytest.raises(ValueError, match="text_from"):
        notes_from_csv(path, text_from="Fields")  # type: ignore[arg-type]


def test_notes_reader_numbers_notes_without_an_id(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("notes,latitude,longitude\nClashes in Sotk.,40.2,45.87\n", encoding="utf-8")
    (note,) = notes_from_csv(path)
    assert note.note_id == "line 2" and note.countries == () and note.geo_precision is None


def test_notes_reader_takes_what_the_incident_readers_take(tmp_path):
    """eval's notes mode refused a ;-separated export (decimal commas) and ACLED's upper-case
    names ("not a notes file"), and a note over 131,072 characters stopped it with exit 70
    (the csv module's field limit), as issue 16 reported of the incident readers."""
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text(
        "\ufeffEVENT_ID_CNTY;NOTES;LATITUDE;LONGITUDE\nAM1;Clashes in Sotk.;40,2001;45,87\n",
        encoding="utf-8",
    )
    (note,) = notes_from_csv(semicolons)
    assert (note.note_id, note.lat, note.lon) == ("AM1", pytest.approx(40.2001), 45.87)
    long = tmp_path / "long.csv"
    long.write_text(f'notes,latitude,longitude\n"{"Sotk " * 40000}",40.2,45.87\n', "utf-8")
    (note,) = notes_from_csv(long)
    assert len(note.text) == 40000 * 5 - 1


def test_notes_reader_names_a_bad_byte_and_a_repeated_column(tmp_path):
    """A bad byte gave exit 70 (UnicodeDecodeError at a position within a read buffer); a
    column named twice kept the last one without a word."""
    bad = tmp_path / "bad.csv"
    body = b"notes,latitude,longitude\n" + b"Clashes in Sotk.,40.2,45.87\n" * 1000
    bad.write_bytes(body + b"Sotk \xff,40.2,45.87\n")
    at = len(body) + 5
    with pytest.raises(BordermapError, match=rf"not UTF-8 text \(at byte {at:,}, line 1002\)"):
        notes_from_csv(bad)
    twice = tmp_path / "twice.csv"
    twice.write_text("notes,latitude,longitude,Notes\nx,40.2,45.87,y\n", encoding="utf-8")
    with pytest.raises(BordermapError, match=r"names the column 'notes' more than once"):
        notes_from_csv(twice)


def test_evaluate_notes_counts_unlocated_notes_as_misses(tmp_path, gazetteer):
    notes = notes_from_csv(_notes_file(tmp_path), gazetteer=gazetteer)
    result = evaluate_notes(notes, progress=False)
    sites = {note_id: (surface, km) for note_id, surface, _, km in result.sites}
    assert sites["AM1"][0] == "Sotk" and sites["AM1"][1] < 1.0
    assert sites["AM2"] == ("", None)  # no place named
    assert sites["AZ1"] == ("", None)  # Yerevan is not in Azerbaijan, the record's country
    assert sites["X1"][0] == "Yerevan" and sites["X1"][1] > 1000  # unknown country: no filter
    overall = result.overall
    assert (overall.n_notes, overall.n_located, overall.n_unlocated) == (4, 2, 2)
    assert overall.acc_161 == 0.25 and overall.acc_161_located == 0.5
    assert overall.acc_25 == 0.25 and overall.median_km > 500
    assert set(result.by_precision) == {"1", "2", "3"}
    assert result.by_precision["2"].n_unlocated == 1 and result.by_precision["2"].acc_161 == 0.0
    assert result.by_precision["2"].median_km is None


def test_split_notes_is_the_documents_split():
    notes = [Note(str(i), "x", 0.0, 0.0) for i in range(200)]
    docs = [_doc(str(i), "") for i in range(200)]
    for part in ("dev", "test"):
        assert [n.note_id for n in split_notes(notes, part)] == [
            d.docid for d in split_documents(docs, part)
        ]
    assert split_notes(notes) == notes
    with pytest.raises(ValueError):
        split_notes(notes, "train")  # type: ignore[arg-type]


def test_cli_eval_notes(capsys, tmp_path):
    path = _notes_file(tmp_path)
    assert main(["eval", str(path), "--json", "--no-progress"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["n_notes"] == 4 and record["n_unlocated"] == 2
    assert set(record["by_geo_precision"]) == {"1", "2", "3"}
    assert {"acc_161", "acc_25", "median_km", "notes_per_second"} <= set(record)
    assert main(["eval", str(path), "--no-progress", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 notes" in out and "acc@161 1.000" in out and "geo_precision 1" in out
    assert main(["eval", str(path), "--demonyms"]) == 2
