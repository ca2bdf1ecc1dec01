"""geo.incidents._workbook: a spreadsheet workbook (ACLED's curated files) read as its CSV.

The workbooks are written with openpyxl, as Excel types cells: dates as dates, numbers as
numbers."""

from __future__ import annotations

import csv
import datetime as dt
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from bordermap.cli import main
from geo.errors import DataFileError, IncidentsValidationError, MissingDependencyError
from geo.incidents import read_incidents
from geo.incidents._workbook import _text
from geo.incidents.readers import format_from_path, incidents_from_file

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

DATA = Path(__file__).resolve().parents[1] / "data"
#: Columns a spreadsheet holds as numbers.
_NUMBERS = {"year", "time_precision", "iso", "latitude", "longitude", "geo_precision"}
_NUMBERS |= {"fatalities", "timestamp", "inter1", "inter2", "interaction"}


def _workbook(path: Path, source: Path, *, blank_rows: int = 0, empty_date_row: int = 0) -> Path:
    """``source`` as a workbook typed as Excel types it: dates as dates, numbers as numbers;
    a blank row after the header when ``blank_rows``; the date of data row
    ``empty_date_row`` (1-based) emptied."""
    rows = list(csv.reader(source.open(encoding="utf-8", newline="")))
    header = rows[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for _ in range(blank_rows):
        sheet.append([None] * len(header))
    for number, row in enumerate(rows[1:], start=1):
        typed: list[object] = []
        for name, value in zip(header, row, strict=True):
            if name == "event_date":
                empty = number == empty_date_row
                typed.append(None if empty else _date(value))
            elif name in _NUMBERS and value.lstrip("-").replace(".", "", 1).isdigit():
                typed.append(float(value) if "." in value else int(value))
            else:
                typed.append(value)
        sheet.append(typed)
    sheet.append([None] * len(header))  # formatted empty rows at the end
    book.save(path)
    return path


def _date(text: str) -> dt.datetime:
    """A date of the fixture as the date Excel stores."""
    try:
        return dt.datetime.strptime(text, "%d %B %Y")
    except ValueError:
        return dt.datetime.fromisoformat(text)


def test_a_workbook_reads_as_its_csv_with_the_sheets_row_numbers(tmp_path):
    source = DATA / "acled_2023.csv"
    book = _workbook(tmp_path / "Caucasus_2023.xlsx", source, blank_rows=1)
    assert format_from_path(book) == "acled"
    read, plain = read_incidents(book), read_incidents(source)
    assert len(read.rejected) == 0
    columns = [c for c in plain.incidents.columns if c != "source_line"]
    assert read.incidents[columns].equals(plain.incidents[columns])
    # the blank row 2 is left out, and rows are the sheet's: data from row 3
    assert read.incidents["source_line"].tolist() == [
        line + 1 for line in plain.incidents["source_line"]
    ]


def test_rejects_of_a_workbook_name_it_and_the_sheet_row(tmp_path):
    book = _workbook(tmp_path / "acled.xlsx", DATA / "acled_2023.csv", empty_date_row=2)
    read = read_incidents(book)
    assert read.rejected[["path", "line", "column"]].values.tolist() == [
        [str(book), 3, "event_date"]
    ]
    with pytest.raises(IncidentsValidationError) as caught:
        incidents_from_file(book)
    assert [(p.path, p.line) for p in caught.value.problems] == [(str(book), 3)]


def test_a_workbook_of_two_sheets_with_data_is_refused(tmp_path):
    book = _workbook(tmp_path / "two.xlsx", DATA / "acled_2023.csv")
    loaded = openpyxl.load_workbook(book)
    loaded.create_sheet("Notes").append(["written by hand"])
    loaded.save(book)
    with pytest.raises(DataFileError, match=r"2 sheets with data \('Sheet', 'Notes'\)"):
        read_incidents(book)


def test_a_workbook_without_calamine_says_how_to_get_it(tmp_path, monkeypatch):
    book = _workbook(tmp_path / "acled.xlsx", DATA / "acled_2023.csv")
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'bordermap\[xlsx\]'"):
        read_incidents(book)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("Sotk", "Sotk"),
        (12, "12"),
        (12.0, "12"),
        (40.123456, "40.123456"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e20, "1e+20"),
        (True, "TRUE"),
        (dt.datetime(2023, 5, 11), "2023-05-11"),
        (dt.datetime(2023, 5, 11, 6, 30), "2023-05-11 06:30:00"),
        (dt.date(2023, 5, 11), "2023-05-11"),
        (dt.time(6, 30), "06:30:00"),
    ],
)
def test_cells_read_as_a_spreadsheet_shows_them(value, text):
    assert _text(value) == text


def test_build_takes_a_workbook_in_a_folder(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    _workbook(folder / "acled.xlsx", DATA / "acled_2023.csv")
    assert main(["build", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "map.html").exists()


def test_a_damaged_workbook_is_refused_in_one_line(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DataFileError, match="a spreadsheet workbook that cannot be read") as caught:
        read_incidents(path)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(str(path))


@pytest.mark.parametrize("name", ["acled.xls", "acled.ods", "acled_download"])
def test_a_workbook_is_read_by_its_content_whatever_its_name(tmp_path, name):
    book = _workbook(tmp_path / "acled.xlsx", DATA / "acled_2023.csv")
    misnamed = book.rename(tmp_path / name)
    read = read_incidents(misnamed)
    assert len(read.incidents) == 4 and len(read.rejected) == 0


def _encrypted_workbook(path: Path) -> Path:
    """An OLE2 file as Excel saves a workbook with a password: ``EncryptionInfo`` and
    ``EncryptedPackage`` streams (of sectors 2-9 and 10-17; no mini stream)."""
    end, free = 0xFFFFFFFE, 0xFFFFFFFF

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        named = name.encode("utf-16-le") + b"\0\0"
        head = named.ljust(64, b"\0") + struct.pack(
            "<HBBIII", len(named), kind, 1, free, right, child
        )
        return head + bytes(36) + struct.pack("<IQ", start, size)

    fat = [0xFFFFFFFD, end, *range(3, 10), end, *range(11, 18), end]
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
    )
    header += bytes(6) + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    folder = entry("Root Entry", 5, end, 0, free, 1) + entry("EncryptionInfo", 2, 2, 4096, 2, free)
    folder += entry("EncryptedPackage", 2, 10, 4096, free, free)
    path.write_bytes(
        header
        + struct.pack("<128I", *fat, *[free] * (128 - len(fat)))
        + folder.ljust(512, b"\0")
        + b"\x04\x00\x04\x00\x40\x00\x00\x00".ljust(4096, b"\0")
        + b"\x55" * 4096
    )
    return path


@pytest.mark.parametrize("name", ["acled.xlsx", "acled.xls"])
def test_a_password_protected_workbook_is_named_so(tmp_path, name):
    book = _encrypted_workbook(tmp_path / name)
    with pytest.raises(DataFileError, match="password-protected") as caught:
        read_incidents(book)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(str(book))


def test_a_title_above_the_header_is_left_out_and_said(tmp_path, caplog):
    book = _workbook(tmp_path / "acled.xlsx", DATA / "acled_2023.csv")
    loaded = openpyxl.load_workbook(book)
    loaded.active.insert_rows(1, amount=2)
    loaded.active["A1"] = "ACLED: Caucasus, 2023"
    loaded.save(book)
    read = read_incidents(book)
    assert len(read.rejected) == 0
    assert read.incidents["source_line"].tolist() == [4, 5, 6, 7]
    assert "left out a title row above the header (row 3): row 1 'ACLED: Caucasus" in caplog.text


def test_merged_cells_among_the_records_are_said(tmp_path, caplog):
    book = _workbook(tmp_path / "acled.xlsx", DATA / "acled_2023.csv")
    loaded = openpyxl.load_workbook(book)
    loaded.active.insert_rows(1)
    loaded.active["A1"] = "ACLED: Caucasus, 2023"
    loaded.active.merge_cells("A1:H1")  # a title across the table: not said
    loaded.active.merge_cells("R3:R4")  # the country of two records
    loaded.save(book)
    read = read_incidents(book)
    assert read.rejected[["line", "column"]].values.tolist() == [[4, "country"]]
    assert "1 merged cell range(s) (R3:R4): only the first cell" in caplog.text


def _ods(path: Path, rows: str) -> Path:
    """An OpenDocument spreadsheet of one sheet of ``rows`` (``table:table-row`` XML)."""
    names = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    names += 'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    names += 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = f'<?xml version="1.0"?><office:document-content {names}><office:body>'
    content += f'<office:spreadsheet><table:table table:name="Data">{rows}</table:table>'
    content += "</office:spreadsheet></office:body></office:document-content>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def test_an_ods_of_many_millions_of_repeated_cells_is_refused(tmp_path):
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    header = (
        "<table:table-row>" + "".join(cell.format(n) for n in ("a", "b")) + "</table:table-row>"
    )
    bomb = '<table:table-row table:number-rows-repeated="90000">'
    bomb += cell.replace(
        "<table:table-cell ", '<table:table-cell table:number-columns-repeated="1000" '
    )
    bomb = bomb.format("x") + "</table:table-row>"
    with pytest.raises(DataFileError, match="at least 90,000,002 cells") as caught:
        read_incidents(_ods(tmp_path / "acled.ods", header + bomb))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("copies", [1, 4])
def test_a_sheet_of_one_column_is_not_taken_for_titles(tmp_path, copies):
    rows = list(csv.reader((DATA / "acled_2023.csv").open(encoding="utf-8", newline="")))
    book = openpyxl.Workbook()
    book.active.append([";".join(value.replace(";", ",") for value in rows[0])])
    for copy in range(copies):  # a CSV of semicolons pasted into column A
        for row in rows[1:]:
            book.active.append([";".join([f"{row[0]}-{copy}", *row[1:]]).replace(", ", " ")])
    book.save(tmp_path / "pasted.xlsx")
    read = read_incidents(tmp_path / "pasted.xlsx")
    lines = set(read.incidents["source_line"]) | set(read.rejected["line"])
    assert lines == set(range(2, 2 + 4 * copies))
