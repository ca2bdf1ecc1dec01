"""``bordermap build --input PATH`` takes what users have (issue 13, point 2).

PATH is a file or a folder holding any mix of ACLED/UCDP exports, the project's incidents
CSV/GeoJSON and news stories; stories no record stands for are drafted and mapped as machine
drafts (rules in geo/incidents/inputs.py).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bordermap.cli import main
from geo.errors import InputNotFoundError
from geo.incidents import DRAFT_DATASET, input_files

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
STORY = "000_1ae35c016cd00801"
ACLED_2016 = ROOT.parent / "shared/data/acled/acled_africa_2016.csv"


def _story(folder: Path, *, meta: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS / f"{STORY}.txt", folder)
    if meta:
        shutil.copy(SEEDS / f"{STORY}.meta.json", folder)
    return folder


def _acled_rows(folder: Path, ids: set[str]) -> Path:
    """Some rows of the synthetic ACLED fixture, as a user's export."""
    rows = list(csv.reader((DATA / "acled_2023.csv").open(encoding="utf-8")))
    path = folder / "acled_export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *(r for r in rows[1:] if r[0] in ids)])
    return path


def _built(out: Path) -> pd.DataFrame:
    return pyogrio.read_dataframe(out / "incidents.geojson")


def test_a_story_alone_is_drafted_and_mapped_as_machine_drafts(tmp_path, capsys):
    folder = _story(tmp_path / "in", meta=True)
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"drafted: {STORY}.txt: 3 incident(s) mapped as machine drafts, not reviewed" in out
    gdf = _built(tmp_path / "out")
    assert set(gdf["review_status"]) == {"draft"} and set(gdf["dataset"]) == {DRAFT_DATASET}
    assert set(gdf["drafted_from"]) == {f"{STORY}.txt"}
    assert gdf["evidence"].str.len().min() > 40  # the sentences are kept
    assert str(gdf.set_index("location").loc["Sotk", "event_date"])[:10] == "2023-05-11"
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    assert "machine draft, not reviewed" in html  # legend, popup, tooltip
    assert "bm.IncidentLayer.include" in html  # drafts.js, only on maps with drafts


def test_stories_are_plain_text_or_web_pages(tmp_path, capsys):
    # issue 16: a .txt story is read as it is ("(<5)" is text); only .html/.htm lose their tags
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SEEDS / f"{STORY}.txt").read_text(encoding="utf-8")
    marked = text.replace("Sotk", "Sotk (<5 hurt; >3 fled)", 1)
    (folder / "plain.txt").write_text(marked, encoding="utf-8")
    page = "<html><body><p>" + text.replace("Sotk", "<b>Sotk</b>", 1) + "</p></body></html>"
    (folder / "page.html").write_text(page, encoding="utf-8")
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    gdf = _built(tmp_path / "out")
    by_story = gdf.groupby("drafted_from")["location"].apply(set)
    assert by_story["plain.txt"] == by_story["page.html"] and "Sotk" in by_story["page.html"]
    evidence = " ".join(gdf.loc[gdf["drafted_from"] == "plain.txt", "evidence"])
    assert "(<5 hurt; >3 fled)" in evidence


def test_a_story_without_publication_date_is_drafted_with_stated_dates_only(tmp_path, capsys):
    folder = _story(tmp_path / "in", meta=False)
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    assert "publication date unknown" in capsys.readouterr().out
    gdf = _built(tmp_path / "out")
    assert len(gdf) == 3 and gdf["event_date"].isna().all()  # "on Thursday" cannot be resolved
    assert gdf["date_latest"].isna().all()
    assert gdf["source"].str.endswith("publication date unknown").all()


def test_drafts_with_a_record_at_the_same_place_and_date_are_not_mapped(tmp_path, capsys):
    folder = _story(tmp_path / "in", meta=True)
    _acled_rows(folder, {"ARM2001", "AZE3002", "ARM2003"})  # Sotk 11 May, Lachin 28 April
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "1 incident(s) mapped as machine drafts" in out
    assert "2 more have a record at the same place and date" in out
    gdf = _built(tmp_path / "out")
    drafts = gdf[gdf["drafted_from"].notna()]
    assert drafts["sub_event_type"].tolist() == ["Peaceful protest"]  # no record behind it
    assert set(gdf["dataset"]) == {"ACLED", DRAFT_DATASET}


def test_a_story_cited_by_records_is_not_drafted(tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    _acled_rows(folder, {"ARM2003", "AZE3004"})
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "drafted:" not in out
    gdf = _built(tmp_path / "out")
    assert len(gdf) == 5 and "drafted_from" not in gdf.columns
    assert gdf["dataset"].tolist() == ["ACLED", "ACLED", "bordermap", "bordermap", "bordermap"]
    assert gdf["source_file"].str.endswith(("acled_export.csv", "incidents.csv")).all()


def test_a_single_export_file_builds_a_map(tmp_path):
    for name, n in (("acled_pre2019.csv", 11), ("ucdp_ged_candidate.csv", 2)):
        out = tmp_path / name
        assert main(["build", "--input", str(DATA / name), "--output", str(out)]) == 0
        gdf = _built(out)
        assert len(gdf) == n and (out / "map.html").exists()


def test_a_zipped_ged_release_and_a_gzipped_export_build_a_map(tmp_path, capsys):
    import gzip
    import zipfile

    folder = tmp_path / "downloads"
    folder.mkdir()
    with zipfile.ZipFile(folder / "ged-csv.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(DATA / "ucdp_ged_candidate.csv", "GEDEvent_v25_0_1.csv")
    (folder / "acled_pre2019.csv.gz").write_bytes(
        gzip.compress((DATA / "acled_pre2019.csv").read_bytes())
    )
    out = tmp_path / "out"
    assert main(["build", "--input", str(folder), "--output", str(out)]) == 0
    gdf = _built(out)
    assert sorted(gdf["dataset"].value_counts().items()) == [("ACLED", 11), ("UCDP GED", 2)]
    assert main(["import", str(folder / "ged-csv.zip"), "--output", str(tmp_path / "imp")]) == 0
    assert "ged-csv.zip: 2 incident(s), 0 rejected row(s)" in capsys.readouterr().out


@pytest.mark.skipif(not ACLED_2016.exists(), reason=f"ACLED 2016 export not at {ACLED_2016}")
def test_the_real_2016_export_builds_a_map(tmp_path):
    assert main(["build", "--input", str(ACLED_2016), "--output", str(tmp_path)]) == 0
    assert len(_built(tmp_path)) == 500


def test_reference_features_far_from_the_incidents_are_left_out(tmp_path):
    """A map of incidents in Benin draws no Lachin corridor or Armenian border provinces (they
    filled its layer control and legend); the side panel says why. The seed map keeps them."""
    rows = list(csv.reader((DATA / "acled_2023.csv").open(encoding="utf-8")))
    head = rows[0]
    benin = []
    for row in rows[1:4]:
        cells = dict(zip(head, row, strict=True))
        cells.update(country="Benin", iso="204", admin1="Littoral", admin2="Cotonou")
        cells.update(location="Cotonou", latitude="6.3654", longitude="2.4183")
        cells.update(notes="Traders protested in Cotonou.", admin3="", source="Local")
        benin.append([cells[c] for c in head])
    path = tmp_path / "benin.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([head, *benin])
    assert main(["build", "--input", str(path), "--output", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    assert "Lachin" not in html and "Gegharkunik" not in html and "Hakari" not in html
    assert "No reference features in the incidents\\u0027 area" in html  # the panel's note, JSON
    assert main(["build", "--input", "seeds", "--output", str(tmp_path / "seed")]) == 0
    seed = (tmp_path / "seed" / "map.html").read_text(encoding="utf-8")
    assert "Lachin" in seed and "No reference features" not in seed


def test_any_mix_in_one_folder_and_what_is_not_an_input_is_listed(tmp_path, capsys):
    folder = _story(tmp_path / "in", meta=True)
    for name in ("acled_2020_spreadsheet.csv", "ucdp_ged_candidate.csv", "acled_v7_upper.csv"):
        shutil.copy(DATA / name, folder)
    (folder / "notes.csv").write_text("who,what\nme,a note\n", encoding="utf-8")
    (folder / ".hidden.csv").write_text("x\n", encoding="utf-8")
    found = input_files(folder)
    assert [p.name for p in found.stories] == [f"{STORY}.txt"]
    assert len(found.records) == 3 and [p.name for p, _ in found.skipped] == ["notes.csv"]
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "skipped: " in out and "notes.csv (cannot tell the format" in out
    gdf = _built(tmp_path / "out")
    assert {"ACLED", "UCDP GED", DRAFT_DATASET} <= set(gdf["dataset"])
    # the build's own GeoJSON is an input too: built again, the drafts stay drafts
    again = tmp_path / "again"
    assert main(["build", "--input", str(tmp_path / "out"), "--output", str(again)]) == 0
    back = _built(again)
    assert (
        len(back) == len(gdf)
        and back["drafted_from"].notna().sum() == gdf["drafted_from"].notna().sum()
    )


def test_build_takes_dayfirst_and_monthfirst(tmp_path, capsys):
    path = DATA / "acled_ambiguous_dates.csv"
    assert main(["build", "--input", str(path), "--output", str(tmp_path / "a")]) == 1
    assert "--dayfirst" in capsys.readouterr().err
    assert (
        main(["build", "--input", str(path), "--output", str(tmp_path / "b"), "--monthfirst"]) == 0
    )
    dates = sorted(str(d)[:10] for d in _built(tmp_path / "b")["event_date"])
    assert dates == ["2023-01-02", "2023-05-06", "2023-11-12"]


def test_nothing_to_read_is_one_clear_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputNotFoundError, match=r"no incident file .* and no story"):
        input_files(tmp_path / "empty")
    assert main(["build", "--input", str(tmp_path / "empty"), "--output", str(tmp_path / "o")]) == 1
    assert "no story" in capsys.readouterr().err
    assert main(["build", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "o")]) == 1


def test_the_seed_map_is_unchanged_by_the_story_rule(seed_build):
    """The seed story is cited by its records (their source names it): nothing drafted."""
    assert "drafted_from" not in seed_build.incidents.columns
    assert "dataset" not in seed_build.incidents.columns
    assert seed_build.stories["status"].tolist() == ["cited"]
    geojson = json.loads(seed_build.files["incidents"].read_text(encoding="utf-8"))
    assert len(geojson["features"]) == 3


# ------------------------------------------------------------------ any mix builds or says why
_SOURCES = {
    "incidents.csv": SEEDS / "incidents.csv",
    "acled.csv": DATA / "acled_2023.csv",
    "ucdp.csv": DATA / "ucdp_ged.csv",
    "acled_old.csv": DATA / "acled_pre2019.csv",
}
_KEEP = {  # columns every reader needs (the rest may go)
    "incidents.csv": {"event_id_cnty", "event_type", "sub_event_type", "actor1", "country",
                      "location", "geo_precision", "source", "evidence"},
    "acled.csv": {"event_id_cnty", "event_date", "time_precision", "event_type",
                  "sub_event_type", "actor1", "country", "location", "latitude", "longitude",
                  "geo_precision", "source", "fatalities", "inter1"},
    "ucdp.csv": {"id", "year", "type_of_violence", "side_a", "side_b", "where_prec",
                 "latitude", "longitude", "country", "date_prec", "date_start", "date_end",
                 "best"},
    "acled_old.csv": {"", "event_id_cnty", "event_date", "time_precision", "event_type",
                      "actor1", "country", "location", "latitude", "longitude",
                      "geo_precision", "source", "fatalities", "inter1", "inter2", "data_id"},
}  # fmt: skip


def _mixed_file(path: Path, source: Path, keep: set[str], data) -> int:
    """Write some rows of ``source`` with optional columns dropped and text cells blanked,
    set to "None" or to an unknown place; return the number of rows."""
    rows = list(csv.reader(source.open(encoding="utf-8-sig")))
    header, body = rows[0], rows[1:]
    chosen = data.draw(st.lists(st.sampled_from(range(len(body))), unique=True, max_size=4))
    drop = data.draw(st.sets(st.sampled_from([c for c in header if c not in keep])))
    columns = [i for i, c in enumerate(header) if c not in drop]
    out = [[header[i] for i in columns]]
    for r in chosen:
        row = list(body[r])
        for i, name in enumerate(header):
            if name in keep or name.endswith(("date", "latitude", "longitude")):
                continue
            row[i] = data.draw(st.sampled_from([row[i], row[i], "", "None", " "]))
        if "location" in header and data.draw(st.booleans()):
            row[header.index("location")] = "Qwxzzy Heights"
        out.append([row[i] for i in columns])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(out)
    return len(chosen)


def test_property_any_mix_builds_a_map_or_stops_with_one_line(tmp_path_factory):
    """Any mix of record files (rows, optional columns, blank or "None" cells, unknown places)
    and a story with or without sidecar builds a map (exit 0, or 3 with rejects), or stops
    with one line when there is nothing to read; never a traceback."""

    @settings(
        max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.data())
    def run(data) -> None:
        folder = tmp_path_factory.mktemp("mix")
        names = data.draw(st.sets(st.sampled_from(sorted(_SOURCES)), max_size=3))
        for name in sorted(names):
            _mixed_file(folder / name, _SOURCES[name], _KEEP[name], data)
        story = data.draw(st.sampled_from(["none", "meta", "bare"]))
        if story != "none":
            _story(folder, meta=story == "meta")
        out = folder / "out"
        argv = ["build", "--input", str(folder), "--output", str(out), "--on-error", "reject"]
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(argv)
        assert "Traceback" not in err.getvalue()
        if not names and story == "none":
            assert status == 1 and len(err.getvalue().strip().splitlines()) == 1
            return
        assert status in (0, 3), err.getvalue()
        assert (out / "map.html").stat().st_size > 0
        assert (out / "incidents.geojson").stat().st_size > 0

    run()


def test_an_id_in_two_files_is_a_row_problem_not_a_bug(tmp_path, capsys):
    """Two exports holding the same events (overlapping downloads) stopped build with exit 70
    (pandera's SchemaError on the joined frame); now the repeats are row problems, as within
    one file: an exact copy after the first, or every row of a conflict."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "acled_2023.csv", folder / "a.csv")
    shutil.copy(DATA / "acled_2023.csv", folder / "b.csv")
    rows = list(csv.reader((DATA / "acled_2023.csv").open(encoding="utf-8")))
    notes = rows[0].index("notes")
    rows[2][notes] = "a different account of the same event"
    with (folder / "c.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:3])
    out = tmp_path / "out"
    assert main(["build", "--input", str(folder), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bug" not in err
    assert "duplicate event_id_cnty" in err and "b.csv" in err and not out.exists()
    args = ["build", "--input", str(folder), "--output", str(out), "--on-error", "reject"]
    assert main(args) == 3
    rejected = pd.read_csv(out / "rejected.csv", dtype=str)
    # rows of three files, several at one line number: each row counted (it said 4)
    assert len(set(zip(rejected["path"], rejected["line"], strict=True))) == 7
    assert "rejected rows: 7 " in capsys.readouterr().out
    first, second = rows[1][rows[0].index("event_id_cnty")], rows[2][0]
    copies = rejected[rejected["event_id_cnty"] == first]
    assert sorted(Path(p).name for p in copies["path"]) == ["b.csv", "c.csv"]
    assert copies["reason"].str.contains(r"exact copy of .*a\.csv line 2").all()
    conflict = rejected[rejected["event_id_cnty"] == second]
    assert sorted(Path(p).name for p in conflict["path"]) == ["a.csv", "b.csv", "c.csv"]
    assert conflict["reason"].str.contains("with different values").all()
    built = _built(out)
    assert built["event_id_cnty"].is_unique and first in set(built["event_id_cnty"])
    assert second not in set(built["event_id_cnty"])


def test_a_story_as_text_and_as_page_gets_drafts_of_its_own(tmp_path, capsys):
    """story.txt beside story.html gave both drafts the ids DRAFT-story-N: exit 70."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / f"{STORY}.txt", folder / "story.txt")
    shutil.copy(SEEDS / f"{STORY}.txt", folder / "story.html")
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    gdf = _built(tmp_path / "out")
    assert gdf["event_id_cnty"].is_unique and set(gdf["drafted_from"]) == {
        "story.txt",
        "story.html",
    }
    assert gdf["event_id_cnty"].str.startswith(("DRAFT-story.txt-", "DRAFT-story.html-")).all()


def test_import_rejects_an_id_repeated_across_its_files_as_build_does(tmp_path, capsys):
    """import a.csv b.csv of one export wrote every incident twice, exit 0."""
    for name in ("a.csv", "b.csv"):
        shutil.copy(DATA / "acled_2023.csv", tmp_path / name)
    out = tmp_path / "out"
    args = ["import", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--output", str(out)]
    assert main(args) == 3
    assert "imported: 4 incident(s)" in capsys.readouterr().out
    rejected = pd.read_csv(out / "rejected.csv", dtype=str)
    assert len(rejected) == 4 and set(rejected["path"]) == {str(tmp_path / "b.csv")}
    assert rejected["reason"].str.startswith("duplicate event_id_cnty: exact copy of ").all()
    assert _built(out)["event_id_cnty"].is_unique


def test_a_draft_never_takes_the_id_of_a_record(tmp_path):
    """A record called DRAFT-story-1 (a draft once, kept in the incidents) beside story.txt,
    which drafts DRAFT-story-1 again: exit 70 (SchemaError, ids not unique)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / f"{STORY}.txt", folder / "story.txt")
    rows = list(csv.DictReader((SEEDS / "incidents.csv").open(encoding="utf-8")))
    record = dict(rows[1])
    record.update(event_id_cnty="DRAFT-story-1", source="a ministry statement")
    record.update(evidence="A statement of the ministry about something else entirely.")
    with (folder / "incidents.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(record)
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    ids = _built(tmp_path / "out")["event_id_cnty"]
    assert ids.is_unique and "DRAFT-story-1" in set(ids)
    assert ids.str.startswith("DRAFT-story.txt-").sum() >= 1


def test_a_pipe_or_a_device_in_the_folder_is_skipped_not_read_forever(tmp_path):
    """build --input FOLDER opened a named pipe (blocked forever) or a link to /dev/zero
    (read until memory ran out) among the folder's files."""
    folder = _story(tmp_path / "in", meta=True)
    shutil.copy(SEEDS / "incidents.csv", folder)
    os.mkfifo(folder / "pipe.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "bordermap.cli", "build", "--input", str(folder), "--output",
         str(out)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "pipe.csv (not a regular file" in done.stdout
    assert "zero.csv (not a regular file" in done.stdout
    assert len(_built(out)) == 3
