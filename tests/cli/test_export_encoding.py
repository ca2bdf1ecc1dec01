"""``bordermap export --input FOLDER --encoding NAME``: an incidents.csv (and stories) saved in
another encoding than UTF-8, read as ``import`` and ``build`` read it."""

from __future__ import annotations

import logging

import pytest

from bordermap.cli import main

#: A note with letters and punctuation cp1252 has and ASCII has not.
NOTE = "Shelling hit Sotk’s school – Tanguiéta’s “observers” said"


def _with_note(folder) -> str:
    """The seed folder's incidents.csv with :data:`NOTE` in every note; its text."""
    path = folder / "incidents.csv"
    text = path.read_text(encoding="utf-8").replace(
        '"Exchange of fire', f'"{NOTE}. Exchange of fire'
    )
    assert NOTE in text
    return text


def _export(folder, out, *options) -> int:
    return main(
        ["export", "--input", str(folder), "--output", str(out), "--format", "csv", *options]
    )


@pytest.fixture
def folders(seeds_copy, tmp_path):
    """The seed folder in UTF-8 and its twin saved in cp1252."""
    text = _with_note(seeds_copy)
    (seeds_copy / "incidents.csv").write_text(text, encoding="utf-8")
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "incidents.csv").write_bytes(text.encode("cp1252"))
    return seeds_copy, legacy


def test_a_cp1252_incidents_csv_exports_as_its_utf8_twin(folders, tmp_path, capsys):
    utf8, legacy = folders
    assert _export(utf8, tmp_path / "a") == 0
    assert _export(legacy, tmp_path / "b", "--encoding", "cp1252") == 0
    written = (tmp_path / "b" / "incidents.csv").read_bytes()
    assert written == (tmp_path / "a" / "incidents.csv").read_bytes()
    assert NOTE in written.decode("utf-8")


def test_without_the_option_the_file_is_refused_in_one_line_naming_it(folders, tmp_path, capsys):
    _, legacy = folders
    capsys.readouterr()
    assert _export(legacy, tmp_path / "b") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "incidents.csv: not UTF-8 text" in err and "--encoding" in err
    assert not (tmp_path / "b" / "incidents.csv").exists()


def test_an_unknown_encoding_is_a_usage_error(folders, tmp_path, capsys):
    _, legacy = folders
    for name in ("klingon", "base64"):
        with pytest.raises(SystemExit) as stop:
            _export(legacy, tmp_path / "b", "--encoding", name)
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert f"unknown text encoding '{name}'" in err and "Traceback" not in err


def test_a_mark_or_utf8_text_wins_over_the_option_with_a_warning(folders, tmp_path, caplog):
    utf8, _ = folders
    assert _export(utf8, tmp_path / "a") == 0
    marked = tmp_path / "marked"
    marked.mkdir()
    text = (utf8 / "incidents.csv").read_text(encoding="utf-8")
    (marked / "incidents.csv").write_bytes(text.encode("utf-16"))  # with its byte-order mark
    expected = (tmp_path / "a" / "incidents.csv").read_bytes()
    with caplog.at_level(logging.WARNING):
        assert _export(marked, tmp_path / "m", "--encoding", "cp1252") == 0
        assert _export(utf8, tmp_path / "u", "--encoding", "cp1252") == 0
    assert (tmp_path / "m" / "incidents.csv").read_bytes() == expected
    assert (tmp_path / "u" / "incidents.csv").read_bytes() == expected
    assert "byte-order mark, so it is read as utf-16, not cp1252" in caplog.text
    assert "so it is read as UTF-8, not cp1252" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):  # a mark needs no option
        assert _export(marked, tmp_path / "m2") == 0
    assert (tmp_path / "m2" / "incidents.csv").read_bytes() == expected
    assert "byte-order mark" not in caplog.text


def test_the_stories_of_a_geopackage_are_read_in_the_encoding(folders, tmp_path):
    import geopandas as gpd

    utf8, legacy = folders
    for story in utf8.glob("000_*"):  # the seed story has ’ “ ” — in cp1252 too
        data = story.read_bytes()
        if story.suffix == ".txt":
            data = data.decode("utf-8").encode("cp1252")
        (legacy / story.name).write_bytes(data)
    assert main(["export", "--input", str(utf8), "--output", str(tmp_path / "a"),
                 "--format", "gpkg"]) == 0  # fmt: skip
    assert main(["export", "--input", str(legacy), "--output", str(tmp_path / "b"),
                 "--format", "gpkg", "--encoding", "cp1252"]) == 0  # fmt: skip
    a = gpd.read_file(tmp_path / "a" / "incidents.gpkg", layer="places")
    b = gpd.read_file(tmp_path / "b" / "incidents.gpkg", layer="places")
    assert len(a) > 5 and a.equals(b)
    assert b["sentence"].str.contains("’").any()
