"""geo.incidents._archive: incident files read inside a .zip or .gz, as downloaded."""

from __future__ import annotations

import bz2
import csv
import fcntl
import gzip
import io
import logging
import lzma
import re
import shutil
import tempfile
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
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "spreadsheet workbook"),
        ({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, "cannot be read"),
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


def test_an_incidents_geojson_packed_or_in_utf16_is_not_taken_for_a_map_layer(tmp_path, seed_build):
    """A folder's GeoJSON is an incident file when its text names event_id_cnty: the text,
    not the packed or UTF-16 bytes (a gzipped incidents.geojson was skipped as "a GeoJSON
    without incident records", and the build found nothing to read)."""
    from geo.incidents import head_from_path

    text = (Path(seed_build.output_dir) / "incidents.geojson").read_bytes()
    (tmp_path / "incidents.geojson.gz").write_bytes(gzip.compress(text))
    (tmp_path / "utf16.geojson").write_bytes(text.decode().encode("utf-16"))
    (tmp_path / "places.geojson").write_bytes(b'{"type": "FeatureCollection", "features": []}')
    found = input_files(tmp_path)
    assert sorted(p.name for p in found.records) == ["incidents.geojson.gz", "utf16.geojson"]
    assert [(p.name, why) for p, why in found.skipped] == [
        ("places.geojson", "a GeoJSON without incident records (no event_id_cnty)")
    ]
    assert head_from_path(tmp_path / "utf16.geojson", size=1) == b"{"


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


def test_a_bomb_is_refused_before_it_fills_the_disk(tmp_path, monkeypatch):
    from geo.incidents import _archive

    monkeypatch.setattr(_archive, "_BOMB_FROM", 1 << 20)  # the bombs of the test stay small
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    content = b"event_id_cnty,notes\n" + b"A1,x\n" * 2_000_000  # 10 MB, ~1,000 times smaller
    zipped = _zip(tmp_path / "bomb.zip", {"acled.csv": content})
    gzipped = tmp_path / "bomb.csv.gz"
    gzipped.write_bytes(gzip.compress(content, compresslevel=9))
    # a ZIP member is judged by its sizes; a gzip stream once it has unpacked that much
    for path, call in [
        (zipped, format_from_path),
        (zipped, read_incidents),
        (gzipped, read_incidents),
    ]:
        with pytest.raises(DataFileError, match="times its packed size") as caught:
            call(path)
        assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    assert not list(tmp_path.glob("bordermap-unpacked-*"))


def test_a_file_larger_than_the_room_in_the_temporary_folder_is_refused(tmp_path, monkeypatch):
    from geo.incidents import _archive

    monkeypatch.setattr(
        _archive.shutil, "disk_usage", lambda folder: shutil._ntuple_diskusage(10**6, 0, 1000)
    )
    source = (DATA / "acled_2023.csv").read_bytes()
    gzipped = tmp_path / "acled.csv.gz"
    gzipped.write_bytes(gzip.compress(source))
    for path in (_zip(tmp_path / "acled.zip", {"acled.csv": source}), gzipped):
        with pytest.raises(DataFileError, match="set TMPDIR to a larger folder"):
            read_incidents(path)


def test_symbolic_links_backslashes_and_hidden_members(tmp_path):
    link = zipfile.ZipInfo("acled.csv")
    link.external_attr = 0o120777 << 16
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as archive:
        archive.writestr(link, str(DATA / "acled_2023.csv"))
    with pytest.raises(DataFileError, match=r"holds a symbolic link \(acled\.csv\), not a file"):
        read_incidents(tmp_path / "link.zip")
    windows = _zip(
        tmp_path / "win.zip", {"..\\export\\acled.csv": (DATA / "acled_2023.csv").read_bytes()}
    )
    assert len(read_incidents(windows).incidents) == 4
    hidden = _zip(tmp_path / "hidden.zip", {".acled.csv": b"x"})
    with pytest.raises(DataFileError, match=r"no file in it; only hidden files: \.acled\.csv"):
        read_incidents(hidden)


def test_a_folder_left_behind_by_a_stopped_run_is_removed_and_one_in_use_kept(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    left, used = tmp_path / "bordermap-unpacked-left", tmp_path / "bordermap-unpacked-used"
    for folder in (left, used):
        folder.mkdir()
        (folder / ".lock").touch()
        (folder / "GEDEvent.csv").write_bytes(b"x" * 1000)
    other = tmp_path / "someone-elses"
    other.mkdir()
    with (used / ".lock").open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        gzipped = tmp_path / "acled.csv.gz"
        gzipped.write_bytes(gzip.compress((DATA / "acled_2023.csv").read_bytes()))
        assert len(read_incidents(gzipped).incidents) == 4
    assert not left.exists()
    assert used.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "acled.csv.gz",
        "bordermap-unpacked-used",
        "someone-elses",
    ]


def test_log_messages_name_the_archive(tmp_path, caplog):
    archive = _zip(tmp_path / "ged.zip", {"acled.csv": _with_empty_date(DATA / "acled_2023.csv")})
    with caplog.at_level(logging.INFO):
        read_incidents(archive)
    messages = [r.getMessage() for r in caplog.records]
    assert f"{archive}/acled.csv: 1 row(s) rejected" in messages
    assert not any("bordermap-unpacked" in m for m in messages[1:])


@pytest.mark.parametrize(("suffix", "pack"), [(".bz2", bz2.compress), (".xz", lzma.compress)])
def test_bzip2_and_xz_read_as_the_file_inside(tmp_path, suffix, pack):
    source = DATA / "acled_2023.csv"
    packed = tmp_path / f"acled.csv{suffix}"
    packed.write_bytes(pack(source.read_bytes()))
    assert read_incidents(packed).incidents.equals(read_incidents(source).incidents)


@pytest.mark.parametrize(
    ("start", "said"),
    [
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "a 7-Zip archive"),
        (b"Rar!\x1a\x07\x01\x00", "a RAR archive"),
        (b"\x28\xb5\x2f\xfd\x00\x00", "a Zstandard archive"),
    ],
)
def test_archives_and_workbooks_it_does_not_read_are_named(tmp_path, start, said):
    path = tmp_path / "download.bin"
    path.write_bytes(start + bytes(100))
    with pytest.raises(DataFileError, match=f"^{re.escape(str(path))}: {re.escape(said)}"):
        read_incidents(path)


def test_a_binary_first_line_is_not_echoed(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x00\x01\x02binary" * 500)
    with pytest.raises(DataFileError, match=r"header: control characters: binary data") as caught:
        read_incidents(path)
    assert len(str(caught.value)) < 300
