"""Encodings a hostile user names or a page declares (geo.text.encodings, --encoding)."""

from __future__ import annotations

import pytest

from bordermap.cli import main
from geo.errors import DataFileError
from geo.incidents import read_incidents
from geo.text import text_encoding, text_from_bytes

STORY = "Shelling hit Tanguiéta, in Atacora, on Thursday."


@pytest.mark.parametrize("name", ["zlib", "bz2", "rot13", "uu"])
def test_codecs_of_bytes_are_unknown_text_encodings(name):
    with pytest.raises(ValueError, match="unknown text encoding"):
        text_encoding(name)


@pytest.mark.parametrize(
    "name", ["unicode_escape", "raw_unicode_escape", "idna", "punycode", "charmap"]
)
def test_codecs_no_file_is_saved_in_are_refused(name):
    with pytest.raises(ValueError, match="is not the encoding of a text file"):
        text_encoding(name)


def test_the_option_refuses_them_as_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.csv").write_text("x\n")
    for name in ("zlib", "unicode_escape"):
        with pytest.raises(SystemExit) as stop:
            main(["import", str(tmp_path / "a.csv"), "--encoding", name])
        assert stop.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_utf16_without_a_mark_asks_for_the_byte_order(tmp_path):
    for name in ("utf-16", "utf-32"):
        legacy = tmp_path / f"{name}.csv"
        legacy.write_bytes("event_id_cnty,location\nX1,Tanguiéta\n".encode(f"{name}-le"))
        with pytest.raises(DataFileError, match=rf"no byte-order mark .* {name}-le .* {name}-be"):
            read_incidents(legacy, encoding=name)


@pytest.mark.parametrize(
    ("declared", "encoded"),
    [("utf-16", "utf-8"), ("UTF-16LE", "utf-8"), ("utf-32", "utf-8"), ("x-user-defined", "cp1252")],
)
def test_a_page_is_read_as_browsers_read_its_declaration(declared, encoded):
    page = f'<html><head><meta charset="{declared}"></head><body><p>{STORY}</p></body></html>'
    assert STORY in text_from_bytes(page.encode(encoded), html=True)


@pytest.mark.parametrize("declared", ["unicode_escape", "idna", "utf-7"])
def test_a_page_declaring_a_codec_no_browser_reads_is_read_as_utf8(declared):
    body = STORY + r" C:\new\table +AGEA-"
    page = f'<meta charset="{declared}"><p>{body}</p>'
    assert body in text_from_bytes(page.encode("utf-8"), html=True)


def test_utf16_without_a_mark_is_named_in_the_hint(tmp_path, caplog):
    legacy = tmp_path / "unicode.csv"
    legacy.write_bytes("event_id_cnty,location\nX1,Tanguiéta\n".encode("utf-16-le"))
    with pytest.raises(DataFileError, match=r"UTF-16-LE without a byte-order mark.*utf-16-le"):
        read_incidents(legacy)
    with pytest.raises(DataFileError, match=r"NUL between its letters.*--encoding utf-16-le"):
        read_incidents(legacy, encoding="cp1252")
    with caplog.at_level("WARNING"):
        text_from_bytes(STORY.encode("utf-16-be"), shown="story.txt")
    assert (
        "looks like UTF-16-BE without a byte-order mark: give --encoding utf-16-be" in caplog.text
    )


@pytest.mark.parametrize(
    ("encoded", "named"),
    [("utf-16", "utf-16-le"), ("utf-16", "UTF-16"), ("utf-8-sig", "utf-8"), ("utf-8-sig", "UTF8")],
)
def test_a_mark_that_agrees_with_the_encoding_named_is_not_warned(tmp_path, caplog, encoded, named):
    marked = tmp_path / "marked.csv"
    marked.write_bytes("event_id_cnty,location\nX1,Tanguiéta\n".encode(encoded))
    with caplog.at_level("WARNING"), pytest.raises(DataFileError, match="cannot tell the format"):
        read_incidents(marked, encoding=named)
    assert "byte-order mark" not in caplog.text
    with caplog.at_level("WARNING"), pytest.raises(DataFileError, match="cannot tell the format"):
        read_incidents(marked, encoding="cp1252")
    assert "byte-order mark, so it is read as" in caplog.text


def _acled_rows(location: str) -> str:
    from pathlib import Path

    acled = Path(__file__).resolve().parents[1] / "data" / "acled_2023.csv"
    lines = acled.read_text(encoding="utf-8").splitlines()
    where = lines[0].split(",").index("location")
    header, row = lines[0], lines[1].split(",")
    row[where] = location
    return header + "\n" + ",".join(row) + "\n"


def test_a_folder_mixing_cp1252_and_utf8_builds_with_one_encoding(tmp_path, caplog):
    from geo.incidents.inputs import incidents_from_inputs, input_files

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "excel.csv").write_bytes(_acled_rows("Tanguiéta").encode("cp1252"))
    (folder / "download.csv").write_bytes(
        _acled_rows("Tanguiéta").replace("ARM", "AZE").encode("utf-8")
    )
    (folder / "story.txt").write_bytes(STORY.encode("utf-8"))
    found = input_files(folder, encoding="cp1252")
    assert [p.name for p in found.records] == ["download.csv", "excel.csv"]
    assert found.skipped == []
    with caplog.at_level("WARNING"):
        read = incidents_from_inputs(found, encoding="cp1252")
    records = read.joined.incidents
    assert list(records["location"]) == ["Tanguiéta"] * 3  # two records, a draft of the story
    assert not any("Ã" in str(name) for name in records["location"])
    assert len(read.rejected) == 0
    assert read.articles[0].text == STORY
    assert caplog.text.count("UTF-8 text (all of it") == 2  # download.csv and story.txt
    assert main(["build", "--input", str(folder), "--encoding", "cp1252",
                 "--output", str(tmp_path / "map")]) == 0  # fmt: skip


def test_a_utf8_file_named_cp1252_is_read_as_utf8(tmp_path, caplog):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(_acled_rows("Tanguiéta").encode("utf-8"))
    with caplog.at_level("WARNING"):
        read = read_incidents(utf8, encoding="latin-1")
    assert list(read.incidents["location"]) == ["Tanguiéta"]
    assert "so it is read as UTF-8, not iso8859-1" in caplog.text
    assert text_from_bytes(STORY.encode("utf-8"), encoding="cp1251") == STORY
