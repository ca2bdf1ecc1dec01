"""Incident files saved in another text encoding than UTF-8 (geo.incidents.readers).

Excel's "CSV" on Windows writes Windows-1252 in Western locales, its "Unicode Text" UTF-16
with a byte-order mark and tabs. A file that says its encoding with a byte-order mark is read
as it says; another is read in the encoding the user names (``encoding=``, ``--encoding``),
and refused, with the hint, when none is named.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from bordermap.cli import main
from geo.errors import DataFileError
from geo.incidents import format_from_path, read_incidents
from geo.text import text_encoding

DATA = Path(__file__).resolve().parents[1] / "data"
ACLED = DATA / "acled_2023.csv"


def _text(*, location: str = "Tanguiéta", bad_date_line: int | None = None, delimiter=",") -> str:
    """acled_2023.csv with a location of every row written with letters outside ASCII."""
    rows = list(csv.reader(ACLED.open(encoding="utf-8", newline="")))
    where = rows[0].index("location")
    for row in rows[1:]:
        row[where] = location
    if bad_date_line is not None:
        rows[bad_date_line - 1][rows[0].index("event_date")] = "2023-13-45"
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_a_file_in_a_named_encoding_reads_as_its_utf8_twin(tmp_path):
    text = _text(location="Tanguiéta", bad_date_line=3)
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(text.encode("utf-8"))
    legacy = tmp_path / "excel.csv"
    legacy.write_bytes(text.encode("cp1252"))
    plain = read_incidents(utf8)
    read = read_incidents(legacy, encoding="windows-1252")
    assert format_from_path(legacy, encoding="cp1252") == "acled"
    assert read.incidents.equals(plain.incidents)
    assert set(read.incidents["location"]) == {"Tanguiéta"}
    # the rejects name the file and its own lines
    assert read.rejected[["path", "line", "column"]].values.tolist() == [
        [str(legacy), 3, "event_date"]
    ]


def test_without_an_encoding_the_file_is_refused_with_the_option_named(tmp_path):
    legacy = tmp_path / "excel.csv"
    legacy.write_bytes(_text(location="Tanguiéta").encode("cp1252"))
    with pytest.raises(DataFileError, match=r"not UTF-8 text .*line 2\).*--encoding.*cp1252"):
        read_incidents(legacy)


def test_a_byte_order_mark_says_the_encoding(tmp_path, caplog):
    """Excel's "Unicode Text": UTF-16 with a mark, tabs between fields. The mark wins over a
    named encoding, with a warning."""
    text = _text(delimiter="\t")
    plain_path = tmp_path / "utf8.csv"
    plain_path.write_bytes(text.encode("utf-8"))
    plain = read_incidents(plain_path)
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        marked = tmp_path / f"{codec}.txt"
        bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
        marked.write_bytes(bom + text.encode(codec))
        assert format_from_path(marked) == "acled"
        assert read_incidents(marked).incidents.equals(plain.incidents), codec
    with caplog.at_level("WARNING"):
        read = read_incidents(tmp_path / "utf-16.txt", encoding="cp1252")
    assert read.incidents.equals(plain.incidents)
    assert "byte-order mark, so it is read as utf-16, not cp1252" in caplog.text


def test_a_byte_that_is_not_text_in_the_encoding_is_named(tmp_path):
    data = bytearray(_text().encode("cp1252"))
    third_line = data.index(b"\r\n", data.index(b"\r\n") + 2) + 2
    data[third_line + 3 : third_line + 3] = b"\x81"  # undefined in cp1252
    path = tmp_path / "excel.csv"
    path.write_bytes(bytes(data))
    message = rf"{path}: not cp1252 text \(.* at byte {third_line + 3:,}, line 3\)"
    with pytest.raises(DataFileError, match=message):
        read_incidents(path, encoding="cp1252")


def test_an_archive_member_in_an_encoding_names_the_member(tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/excel.csv", _text(bad_date_line=2).encode("cp1252"))
    read = read_incidents(archive, encoding="cp1252")
    assert set(read.incidents["location"]) == {"Tanguiéta"}
    assert read.rejected[["path", "line"]].values.tolist() == [[f"{archive}/export/excel.csv", 2]]
    with pytest.raises(DataFileError, match=r"download\.zip/export/excel\.csv: not UTF-8"):
        read_incidents(archive)


def test_encoding_names():
    assert text_encoding("Windows-1252") == "cp1252"
    assert text_encoding("latin1") == "iso8859-1"
    for name in ("base64", "rot13x", "hex", ""):
        with pytest.raises(ValueError, match="unknown text encoding"):
            text_encoding(name)


def test_the_option_on_import_and_build(tmp_path, capsys):
    legacy = tmp_path / "in" / "excel.csv"
    legacy.parent.mkdir()
    legacy.write_bytes(_text(location="Sotk").encode("cp1252"))
    out = tmp_path / "out"
    assert main(["import", str(legacy), "--encoding", "cp1252", "--output", str(out)]) == 0
    assert "imported:" in capsys.readouterr().out
    assert main(["build", "--input", str(legacy.parent), "--encoding", "cp1252",
                 "--output", str(tmp_path / "map")]) == 0  # fmt: skip
    assert (tmp_path / "map" / "map.html").exists()
    with pytest.raises(SystemExit) as stop:
        main(["import", str(legacy), "--encoding", "klingon"])
    assert stop.value.code == 2
    assert "unknown text encoding 'klingon'" in capsys.readouterr().err
