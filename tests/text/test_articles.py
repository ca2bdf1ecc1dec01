"""Articles and their metadata sidecars (geo.text.articles)."""

import json
from datetime import date

import pytest

from geo.errors import DataFileError
from geo.text.articles import article_from_path, articles_from_dir, text_from_html


def test_sidecar_gives_the_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling hit Sotk.", encoding="utf-8")
    meta = {"title": "T", "published": "2023-05-11", "language": "en", "source": "S"}
    (tmp_path / "a.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    article = article_from_path(tmp_path / "a.txt")
    assert (article.title, article.published, article.language, article.source) == (
        "T",
        date(2023, 5, 11),
        "en",
        "S",
    )
    assert article.name == "a.txt" and article.source_note == ""


def test_no_sidecar_no_metadata_and_bad_bytes_replaced(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Sotk \xff\xfe")
    article = article_from_path(tmp_path / "a.txt")
    assert article.published is None and article.title == ""
    assert article.text == "Sotk \ufffd\ufffd"


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"published": "11/05/2023"}', "YYYY-MM-DD"),
        # drafting from 0001-01-01 overflowed (exit 70); 9999 made every draft invalid
        ('{"published": "0001-01-01"}', r"year outside 1800\.\.2200"),
        ('{"published": "9999-12-31"}', r"year outside 1800\.\.2200"),
    ],
)
def test_a_bad_sidecar_is_a_data_file_error(tmp_path, sidecar, message):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(sidecar, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        article_from_path(tmp_path / "a.txt")


def test_a_missing_article_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="cannot read article"):
        article_from_path(tmp_path / "missing.txt")


def test_articles_from_dir_reads_the_txt_files_by_name(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    assert [a.name for a in articles_from_dir(tmp_path)] == ["a.txt", "b.txt"]
    assert articles_from_dir(tmp_path / "empty-or-missing") == []


def test_a_txt_story_is_plain_text_and_a_web_page_loses_its_tags(tmp_path):
    # issue 16: "<5) were hurt in Sotk and in Jermuk, while >" was blanked as if it were a tag
    plain = "Fewer than 5 people (<5) were hurt in Sotk and in Jermuk, while >3 soldiers fled."
    (tmp_path / "a.txt").write_text(plain, encoding="utf-8")
    assert article_from_path(tmp_path / "a.txt").text == plain
    page = (
        '<html><body><p class="x">Shelling hit <b>Sotk</b> (<5 hurt).</p><script>var Baku;</script>'
    )
    (tmp_path / "b.HTML").write_text(page, encoding="utf-8")
    text = article_from_path(tmp_path / "b.HTML").text
    assert len(text) == len(page)  # offsets into the text are offsets into the page
    assert text.split() == ["Shelling", "hit", "Sotk", "(<5", "hurt)."]
    assert [a.name for a in articles_from_dir(tmp_path)] == ["a.txt", "b.HTML"]


@pytest.mark.parametrize(
    "page",
    [
        "a <b and c> d</p>",  # a tag by its grammar: blanked in a page
        "<!-- Baku --><p>x</p>",
        "<a href='http://e.example/?q=<Baku>' title=\"t\">Sotk</a>",
        "<style>p { content: 'Baku' }</style>Sotk",
    ],
)
def test_text_from_html_blanks_tags_comments_scripts(page):
    text = text_from_html(page)
    assert len(text) == len(page) and "Baku" not in text.replace("<Baku>", "")
