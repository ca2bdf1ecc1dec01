"""geo.incidents._archive: incident files read inside a .zip or .gz, as downloaded."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from geo.errors import DataFileError, IncidentsValidationError
from geo.incidents import input_files, read_incidents
from geo.incidents.readers import format_from_path, incidents_from_file

DATA = Path(__file__).resolve().parents[1] / "data"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _with_empty_date(source: Path) -> bytes:
    """The file with the event_date of its second record emptied (line 3)."""
    rows = list(csv.reader(source.open(encoding="utf-8", newline="")))
    rows[2][rows[0].index("event_date")] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("name", ["acled_2023.csv", "ucdp_ged.csv", "acled_pre2019.csv"])
def test_a_zip_or_gz_reads_as_the_file_inside(tmp_path, name):
    source = DATA / name
    zipped = _zip(tmp_path / "download.zip", {name: source.read_bytes()})
    gzipped = tmp_path / f"{name}.gz"
    gzipped.write_bytes(gzip.compress(source.read_bytes()))
    plain = read_incidents(source)
    for archive in (zipped, gzipped):
        assert format_from_path(archive) == format_from_path(source)
        read = read_incidents(archive)
        assert read.incidents.equals(plain.incidents)
        assert len(read.rejected) == len(plain.rejected) == 0


def test_rejects_and_errors_name_the_archive_and_the_file_in_it(tmp_path):
    archive = _zip(tmp_path / "ged.zip", {"acled.csv": _with_empty_date(DATA / "acled_2023.csv")})
    read = read_incidents(archive)
    assert read.rejected[["path", "line", "column"]].values.tolist() == [
        [f"{archive}/acled.csv", 3, "event_date"]
    ]
    with pytest.raises(IncidentsValidationError) as caught:
        incidents_from_file(archive)
    assert [p.path for p in caught.value.problems] == [f"{archive}/acled.csv"]
    assert "bordermap-unpacked" not in str(caught.value)


def test_an_unreadable_file_inside_is_named_by_the_archive(tmp_path):
    archive = tmp_path / "notes.csv.gz"
    archive.write_bytes(gzip.compress(b"event_id_cnty,notes\nA1,caf\xe9\n"))
    with pytest.raises(DataFileError, match=r"^.*notes\.csv\.gz: not UTF-8") as caught:
        read_incidents(archive)
    assert "bordermap-unpacked" not in str(caught.value)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"a.csv": b"x", "b.csv": b"y"}, "a ZIP archive of 2 files (a.csv, b.csv)"),
        ({}, "an empty ZIP archive"),
        ({"data/": b"", "__MACOSX/._a.csv": b"x", ".hidden": b"x"}, "an empty ZIP archive"),
        ({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, "spreadsheet workbook"),
        ({"inner.zip": b"PK\x05\x06" + bytes(18)}, "an archive inside an archive"),
    ],
)
def test_archives_it_does_not_unpack_are_refused_in_one_line(tmp_path, members, message):
    archive = _zip(tmp_path / "in.zip", members)
    for call in (format_from_path, read_incidents):
        with pytest.raises(DataFileError) as caught:
            call(archive)
        assert message in str(caught.value)
        assert "\n" not in str(caught.value)
        assert str(caught.value).startswith(str(archive))


def test_a_damaged_or_truncated_archive_says_so(tmp_path):
    source = (DATA / "acled_2023.csv").read_bytes()
    truncated = tmp_path / "acled.csv.gz"
    truncated.write_bytes(gzip.compress(source)[:200])
    damaged = tmp_path / "acled.zip"
    damaged.write_bytes(_zip(tmp_path / "whole.zip", {"a.csv": source}).read_bytes()[:100])
    for path in (truncated, damaged):
        with pytest.raises(DataFileError, match="damaged or truncated archive"):
            read_incidents(path)


def test_a_member_named_out_of_the_folder_is_unpacked_inside_it(tmp_path):
    outside = tmp_path / "escaped.csv"
    name = "../" * 12 + str(outside).lstrip("/")
    archive = _zip(tmp_path / "x.zip", {name: (DATA / "acled_2023.csv").read_bytes()})
    assert len(read_incidents(archive).incidents)
    assert not outside.exists()


def test_a_folder_with_a_zip_is_read_with_its_other_files(tmp_path):
    _zip(tmp_path / "ged.zip", {"GEDEvent.csv": (DATA / "ucdp_ged.csv").read_bytes()})
    (tmp_path / "acled.csv").write_bytes((DATA / "acled_2023.csv").read_bytes())
    found = input_files(tmp_path)
    assert sorted(p.name for p in found.records) == ["acled.csv", "ged.zip"]


@pytest.mark.parametrize("name", ["acled.csv.gz", "acled.csv.bz2", "acled.zip", "acled.csv.xz"])
def test_a_plain_csv_named_as_an_archive_reads_as_the_text_it_is(tmp_path, name):
    plain = tmp_path / name
    plain.write_bytes((DATA / "acled_2023.csv").read_bytes())
    assert read_incidents(plain).incidents.equals(read_incidents(DATA / "acled_2023.csv").incidents)


def test_one_endless_line_of_nul_bytes_is_refused_in_one_line(tmp_path, request):
    # what a bomb of zeros unpacks to: once failed as a bug (the csv module's field limit)
    zeros = tmp_path / "zeros.csv"
    zeros.write_bytes(bytes(300_000))
    limit = csv.field_size_limit(131_072)  # the csv module's default, as in a fresh process
    request.addfinalizer(lambda: csv.field_size_limit(limit))
    for path in (zeros, _zip(tmp_path / "zeros.zip", {"zeros.csv": bytes(300_000)})):
        with pytest.raises(DataFileError, match="cannot tell the format") as caught:
            read_incidents(path)
        assert "\n" not in str(caught.value)
