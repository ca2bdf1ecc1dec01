"""``--country`` of geocode and geoparse (bordermap/commands/_country.py)."""

from __future__ import annotations

import json

import pytest

from bordermap.cli import main


@pytest.mark.parametrize("given", ["AM", "am", "ARM", "051", "Armenia", " Armenia "])
def test_a_country_is_given_by_code_or_name(given, capsys):
    assert main(["geocode", "Agarak", "--country", given]) == 0
    assert json.loads(capsys.readouterr().out)["country"] == "AM"


def test_a_country_nobody_knows_is_a_usage_error_not_ignored(capsys):
    # before, "--country Armenia" matched no code and changed nothing, silently
    for command in (["geocode", "Sotk"], ["geoparse", "-"]):
        with pytest.raises(SystemExit) as stop:
            main([*command, "--country", "Atlantis"])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert "no country is called or coded 'Atlantis'" in err and "Traceback" not in err


def test_geoparse_reads_a_storys_villages_in_the_country_given(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Shots were fired near Goris and Tegh overnight.\n", encoding="utf-8")
    # no country named: a town of 20,000 and a village are not kept, and the user is told why
    assert main(["geoparse", str(story)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no place found" in captured.err and "--country" in captured.err
    assert main(["geoparse", str(story), "--country", "Armenia"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(m["text"], m["place_id"]) for m in found] == [
        ("Goris", "geonames:174895"),
        ("Tegh", "geonames:174743"),
    ]


@pytest.fixture
def village_story(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "tegh.txt").write_text(
        "Azerbaijani forces fired on the village of Tegh overnight, wounding two residents, "
        "local officials said on Thursday.\n",
        encoding="utf-8",
    )
    (folder / "tegh.meta.json").write_text('{"published": "2023-03-30"}', encoding="utf-8")
    return folder


def test_build_and_draft_read_a_storys_villages_in_the_country_given(
    village_story, tmp_path, capsys
):
    # the story names no country: without --country the village is not kept, nothing drafted
    assert main(["build", "--input", str(village_story), "--output", str(tmp_path / "a")]) == 0
    assert json.loads((tmp_path / "a" / "incidents.geojson").read_text())["features"] == []
    assert (
        main(
            [
                *("build", "--input", str(village_story), "--output", str(tmp_path / "b")),
                *("--country", "Armenia"),
            ]
        )
        == 0
    )
    (feature,) = json.loads((tmp_path / "b" / "incidents.geojson").read_text())["features"]
    assert (feature["properties"]["location"], feature["properties"]["country"]) == (
        "Tegh",
        "Armenia",
    )
    places = json.loads((tmp_path / "b" / "places.geojson").read_text())["features"]
    assert [p["properties"]["name"] for p in places] == ["Tegh"]
    capsys.readouterr()
    assert main(["draft", str(village_story / "tegh.txt"), "--country", "AM"]) == 0
    assert ",Tegh," in capsys.readouterr().out
