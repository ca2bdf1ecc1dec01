"""Write the corpus of broken inputs ``tests/data/broken/`` (run from anywhere; deterministic).

``tests/cli/test_broken_inputs.py`` runs every command that reads a kind of file on every file
of that kind here: incident CSVs (``import``, ``build`` and ``export`` as ``incidents.csv``,
``aggregate``), GeoJSON (``import``), stories with their sidecars (``geoparse``, ``draft``,
``build``), gold corpora (``eval``), GeoParquet parts (``aggregate``). The files are small:
what is huge in them is one field or one line, not the file. Cases that cannot live in git
(a folder where a file goes, a symlink loop, an unreadable file, a missing path) are made by
the test itself.

    python tests/data/make_broken.py
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "broken"
SEEDS = HERE.parents[1] / "seeds"


def _seed_csv() -> str:
    return (SEEDS / "incidents.csv").read_text(encoding="utf-8")


def _acled() -> str:
    return (HERE / "acled_2023.csv").read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _replace_cell(text: str, column: str, value: str, *, row: int = 1) -> str:
    """The CSV with one cell of one data row replaced (a naive split: seed rows quote text)."""
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _csv_cases() -> dict[str, bytes | str]:
    seed, acled = _seed_csv(), _acled()
    header = _lines(seed)[0]
    rng = random.Random(16)
    return {
        "empty.csv": b"",
        "only_newlines.csv": "\n\n\n\n",
        "whitespace_only.csv": "   \t  \n  \n",
        "header_only.csv": header,
        "header_only_no_newline.csv": header.rstrip("\n"),
        "header_only_acled.csv": _lines(acled)[0],
        "truncated_mid_row.csv": seed[: len(header) + 300],
        "truncated_in_quotes.csv": seed[: seed.index("“Azerbaijani forces")],
        "truncated_mid_utf8.csv": seed.encode("utf-8")[
            : seed.encode("utf-8").index("“".encode()) + 1
        ],
        "unterminated_quote.csv": header + 'BM-1,2023-05-11,,1,"Political violence,Battles\n',
        "latin1.csv": _replace_cell(seed, "location", "Laçın").encode("latin-1", "replace"),
        "cp1252_quotes.csv": seed.encode("cp1252", "replace"),
        "utf16_bom.csv": seed.encode("utf-16"),
        "utf16le_no_bom.csv": seed.encode("utf-16-le"),
        "bom_twice.csv": "\ufeff\ufeff" + seed,
        "binary.csv": bytes(rng.randrange(256) for _ in range(4096)),
        "png_named_csv.csv": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "gzip_named_csv.csv": gzip.compress(seed.encode("utf-8"), mtime=0),
        "nul_bytes.csv": seed.replace("Sotk", "So\x00tk").replace(",International,", ",\x00,"),
        "nul_only.csv": b"\x00" * 2048,
        "semicolon.csv": acled.replace(",", ";"),
        "tab_separated.csv": acled.replace(",", "\t"),
        "pipe_separated.csv": seed.replace(",", "|"),
        "huge_field.csv": _replace_cell(seed, "notes", "x" * 200_000),
        "huge_line_no_newline.csv": "a," * 60_000,
        "duplicate_header_column.csv": _replace_cell(
            header.replace("actor2,", "actor1,") + "".join(_lines(seed)[1:]), "actor1", "X"
        ),
        "lone_cr_line_ends.csv": seed.replace("\n", "\r"),
        "extra_fields.csv": "".join(line.rstrip("\n") + ",x,y,z\n" for line in _lines(seed)),
        "short_rows.csv": header + "BM-1,2023-05-11\nBM-2\n",
        "count_1e30.csv": _replace_cell(seed, "fatalities", "1e30"),
        "count_1e400_and_nan.csv": _replace_cell(
            _replace_cell(seed, "fatalities", "1e400"), "injuries", "nan", row=2
        ),
        "coordinates_out_of_range.csv": _replace_cell(
            _replace_cell(seed, "latitude", "999"), "longitude", "-inf"
        ),
        "coordinates_text.csv": _replace_cell(
            _replace_cell(seed, "latitude", "forty"), "longitude", "45,87"
        ),
        "dates_garbage.csv": _replace_cell(
            _replace_cell(seed, "event_date", "0000-00-00"), "date_latest", "9999-99-99", row=2
        ),
        "year_and_dates_disagree.csv": _replace_cell(
            _replace_cell(seed, "year", "1999"), "date_earliest", "2023-05-30"
        ),
        "formula_cells.csv": _replace_cell(
            _replace_cell(seed, "notes", "=cmd|' /C calc'!A0"), "event_id_cnty", "@SUM(A1)"
        ),
        "control_characters.csv": _replace_cell(
            seed, "notes", "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
        ),
        "actor_none.csv": _replace_cell(seed, "actor1", "None"),
        "ten_thousand_columns.csv": ",".join(f"c{i}" for i in range(10_000))
        + "\n"
        + ",".join("1" * 10_000)
        + "\n",
        "acled_missing_required.csv": "event_id_cnty,event_date,country\nX1,11 May 2023,Armenia\n",
        "ucdp_header_garbage_rows.csv": _lines((HERE / "ucdp_ged.csv").read_text("utf-8"))[0]
        + "garbage\n\x01\x02\n",
        "html_page.csv": "<!DOCTYPE html><html><body><table><tr><td>a</td></tr></table></body></html>\n",
        "json_document.csv": json.dumps({"features": [{"a": 1}]}),
        "many_doubled_quotes.csv": header + '"' + '""' * 5000 + '"\n',
        "no_header_only_data.csv": "".join(_lines(seed)[1:]),
        "single_column.csv": "event_id_cnty\nX1\nX2\n",
    }


def _geojson_cases() -> dict[str, bytes | str]:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [45.87, 40.2]},
        "properties": {"event_id_cnty": "X1", "event_date": "2023-05-11", "event_type": "Battles"},
    }
    collection = json.dumps({"type": "FeatureCollection", "features": [feature]})
    deep = "[" * 5000 + "45.0, 40.0" + "]" * 5000
    return {
        "empty.geojson": b"",
        "truncated.geojson": collection[: len(collection) // 2],
        "a_list.geojson": json.dumps([1, 2, 3]),
        "null_geometry_only.geojson": collection.replace(
            '{"type": "Point", "coordinates": [45.87, 40.2]}', "null"
        ),
        "coordinates_are_text.geojson": collection.replace("[45.87, 40.2]", '["east", "north"]'),
        "projected_crs_member.geojson": json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
                "features": [
                    {**feature, "geometry": {"type": "Point", "coordinates": [5.1e6, 4.9e6]}}
                ],
            }
        ),
        "deeply_nested.geojson": collection.replace("[45.87, 40.2]", deep),
        "binary.geojson": bytes(random.Random(5).randrange(256) for _ in range(2048)),
    }


def _story_cases() -> dict[str, bytes | str]:
    story = (SEEDS / "000_1ae35c016cd00801.txt").read_text(encoding="utf-8")
    meta = (SEEDS / "000_1ae35c016cd00801.meta.json").read_text(encoding="utf-8")
    rng = random.Random(7)
    return {
        "empty_story.txt": b"",
        "binary_story.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "nul_story.txt": story.replace(" ", "\x00"),
        "latin1_story.txt": story.replace("’", "'")
        .replace("“", '"')
        .replace("”", '"')
        .replace("—", "-")
        .encode("latin-1", "replace"),
        "utf16_story.txt": story.encode("utf-16"),
        "one_long_line_story.txt": (story.replace("\n", " ") + " ") * 10,
        "control_story.txt": "\x1b]0;pwned\x07" + story.replace("Sotk", "So\x1b[2Jtk", 1),
        "html_story.txt": "<html><script>alert(1)</script><p>" + story + "</p></html>",
        "broken_meta.txt": story,
        "broken_meta.meta.json": meta[: len(meta) // 2],
        "list_meta.txt": story,
        "list_meta.meta.json": "[1, 2, 3]",
        "bad_date_meta.txt": story,
        "bad_date_meta.meta.json": json.dumps({"published": "last Thursday"}),
        "binary_meta.txt": story,
        "binary_meta.meta.json": bytes(rng.randrange(256) for _ in range(512)),
        "number_fields_meta.txt": story,
        "number_fields_meta.meta.json": json.dumps({"published": 20230511, "title": 7}),
    }


def _other_cases() -> dict[str, bytes | str]:
    gold = (HERE / "tiny_gold.xml").read_text(encoding="utf-8")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 8)
        )
        + ']><articles><article docid="x"><text>&lol7;</text></article></articles>'
    )
    return {
        "empty.xml": b"",
        "truncated.xml": gold[: len(gold) // 2],
        "not_xml.xml": "this is not XML at all, just words\n",
        "wrong_root.xml": "<?xml version='1.0'?><html><body>hello</body></html>",
        "entity_expansion.xml": laughs,
        "article_without_text.xml": "<articles><article docid='a'><toponyms/></article></articles>",
        "empty.parquet": b"",
        "random.parquet": bytes(random.Random(9).randrange(256) for _ in range(2048)),
        "truncated.parquet": b"PAR1" + bytes(random.Random(3).randrange(256) for _ in range(300)),
    }


CASES: tuple[Callable[[], dict[str, bytes | str]], ...] = (
    _csv_cases,
    _geojson_cases,
    _story_cases,
    _other_cases,
)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    for cases in CASES:
        for name, content in cases().items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (OUT / name).write_bytes(data)
    print(f"{len(list(OUT.iterdir()))} files in {OUT}")


if __name__ == "__main__":
    main()
