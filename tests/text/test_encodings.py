"""geo.text.encodings: stories and pages in the encoding they were saved in, never guessed."""

from __future__ import annotations

import json

import pytest

from bordermap.cli import main
from geo.errors import DataFileError
from geo.text import (
    article_from_path,
    c1_as_cp1252,
    mentions_from_text,
    text_encoding,
    text_from_bytes,
)

STORY = "Shelling hit Tanguiéta, in Atacora, on Thursday."


def test_a_byte_order_mark_names_the_encoding():
    for codec, mark in (("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("utf-32", b"")):
        assert text_from_bytes(mark + STORY.encode(codec)) == STORY, codec
    assert text_from_bytes(b"\xef\xbb\xbf" + STORY.encode()) == STORY
    # the mark wins over an encoding named
    assert text_from_bytes(STORY.encode("utf-16"), encoding="cp1252") == STORY


def test_a_named_encoding_is_read_strictly():
    assert text_from_bytes(STORY.encode("cp1252"), encoding="windows-1252") == STORY
    data = b"line one\nline two \x81\n"  # 0x81: no character in cp1252
    with pytest.raises(DataFileError, match=r"story\.txt: not cp1252 text .* byte 18, line 2"):
        text_from_bytes(data, encoding="cp1252", shown="story.txt")
    with pytest.raises(ValueError, match="unknown text encoding 'base64'"):
        text_from_bytes(data, encoding="base64")
    assert text_encoding("Latin-1") == "iso8859-1"


def test_bytes_that_are_not_utf8_are_replaced_and_said(caplog):
    with caplog.at_level("WARNING"):
        text = text_from_bytes(STORY.encode("cp1252"), shown="story.txt")
    assert text == STORY.replace("é", "\ufffd")
    assert "story.txt: not UTF-8 text (invalid continuation byte at byte 19, line 1)" in caplog.text
    assert "1 undecodable byte run(s)" in caplog.text and "--encoding" in caplog.text


def test_a_web_page_is_read_in_the_charset_it_declares(caplog):
    for declared in (
        b'<meta charset="windows-1252">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ):
        page = b"<html><head>" + declared + b"</head><body>" + STORY.encode("cp1252")
        with caplog.at_level("WARNING"):
            assert STORY in text_from_bytes(page, html=True)
        assert not caplog.text
    # a declaration is not looked for in plain text
    plain = b'<meta charset="cp1252">' + STORY.encode("cp1252")
    assert "\ufffd" in text_from_bytes(plain)


def test_a_story_in_another_encoding(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(STORY.encode("cp1252"))
    assert article_from_path(story, encoding="cp1252").text == STORY
    story.write_bytes(STORY.encode("utf-16"))
    assert article_from_path(story).text == STORY


def test_a_word_broken_by_an_undecodable_byte_is_not_cut_into_a_name():
    """ "La\ufffd\ufffdn" (Laçın read as UTF-8 from cp1254) was the name "La": Los Angeles."""
    assert mentions_from_text("Shelling hit La\ufffd\ufffdn on Thursday.") == []


def test_geoparse_and_draft_take_the_option(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_bytes(STORY.encode("cp1252"))
    assert main(["geoparse", str(story), "--encoding", "cp1252"]) == 0
    names = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert "Tanguiéta" in names
    assert main(["draft", str(story), "--encoding", "cp1252", "--published", "2021-05-06"]) == 0
    assert "Tanguiéta" in capsys.readouterr().out


def test_c1_controls_read_as_the_cp1252_punctuation_they_stand_for():
    # ACLED 2016: "SABC\x92s offices", "\x93engagement ring\x94", "vehicles \x96 a bus"
    stored = "SABC\x92s offices \x96 a \x93ring\x94\x85 Editors\x92 Forum"
    read = c1_as_cp1252(stored)
    assert read == "SABC’s offices – a “ring”… Editors’ Forum"
    assert len(read) == len(stored)  # offsets into one are offsets into the other
    # every C1 character that cp1252 gives a character to, one for one; the five it leaves
    # undefined (and NEL's neighbours outside C1) stay
    every = "".join(map(chr, range(0x80, 0xA0)))
    assert c1_as_cp1252(every) == "".join(
        bytes([b]).decode("cp1252", "replace").replace("\ufffd", chr(b)) for b in range(0x80, 0xA0)
    )
    assert [c for c in c1_as_cp1252(every) if "\x80" <= c <= "\x9f"] == list("\x81\x8d\x8f\x90\x9d")
    text = "Shelling hit Tanguiéta\xa0– no C1 here"
    assert c1_as_cp1252(text) is text
