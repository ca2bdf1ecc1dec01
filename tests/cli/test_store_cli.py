"""The incident store on the command line: import/build --to, build/export --from, changes;
the same files as from CSV; SQL injection through every option; no password in any output."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

import geo
from bordermap.cli import main

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def url(postgis_cluster, store_url, monkeypatch) -> str:
    """The store's URL without the password, which comes from PGPASSWORD (as advised)."""
    monkeypatch.setenv("PGPASSWORD", postgis_cluster.password)
    return store_url.replace(f":{postgis_cluster.password}@", "@")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_twice_then_changes(url, tmp_path, capsys):
    status, out, _ = _run(capsys, "import", str(DATA / "acled_2023.csv"), "--to", url)
    assert status == 0
    assert "run 1: 4 row(s): 4 added" in out
    status, out, _ = _run(capsys, "import", str(DATA / "acled_2023_next.csv"), "--to", url)
    assert status == 0
    assert "1 added, 1 changed, 0 restored, 1 withdrawn, 2 unchanged" in out

    status, out, _ = _run(capsys, "changes", "--from", url)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("run 2 (") and "acled_2023_next.csv" in lines[0]
    assert any(
        line.split()[:3] == ["changed", "ACLED", "ARM2001"] and "fatalities" in line
        for line in lines
    )
    assert any(line.split()[:3] == ["withdrawn", "ACLED", "ARM2003"] for line in lines)
    assert any(line.split()[:3] == ["added", "ACLED", "ARM2005"] for line in lines)

    csv_path = tmp_path / "changes.csv"
    status, out, _ = _run(
        capsys, "changes", "--from", url, "--since", "0", "--limit", "1", "--output", str(csv_path)
    )
    assert status == 0 and "... and 3 more" in out
    written = pd.read_csv(csv_path)
    assert len(written) == 7 and written["geometry_wkt"].str.startswith("POINT").all()


def test_build_to_then_export_from_gives_the_same_files(url, seeds_dir, tmp_path, capsys):
    status, out, _ = _run(capsys, "build", "--to", url, "--output", str(tmp_path / "built"))
    assert status == 0 and "3 added" in out
    for fmt, ext in (
        ("geojson", "geojson"),
        ("csv", "csv"),
        ("parquet", "parquet"),
        ("gpkg", "gpkg"),
    ):
        from_csv, from_store = tmp_path / f"csv_{fmt}", tmp_path / f"store_{fmt}"
        assert _run(capsys, "export", "--format", fmt, "--output", str(from_csv))[0] == 0
        assert (
            _run(capsys, "export", "--from", url, "--format", fmt, "--output", str(from_store))[0]
            == 0
        )
        a, b = from_csv / f"incidents.{ext}", from_store / f"incidents.{ext}"
        if fmt == "gpkg":  # a GeoPackage records when it was written: compare the layers
            for layer in ("incidents", "places", "regions", "corridors", "checkpoints", "border"):
                pd.testing.assert_frame_equal(
                    geo.frame_from_geopackage(a, layer=layer),
                    geo.frame_from_geopackage(b, layer=layer),
                )
        else:
            assert a.read_bytes() == b.read_bytes(), fmt


def test_build_from_maps_a_selection_with_the_last_changes(url, tmp_path, capsys):
    _run(capsys, "import", str(DATA / "acled_2023.csv"), "--to", url)
    _run(capsys, "import", str(DATA / "acled_2023_next.csv"), "--to", url)
    status, out, _ = _run(
        capsys, "build", "--from", url, "--where", "country = 'Armenia'", "--output", str(tmp_path)
    )
    assert status == 0
    assert "incidents: 2 (2 placed" in out  # ARM2001, ARM2005 (ARM2003 withdrawn)
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert '"Changes in the last import"' in html
    assert "fatalities, timestamp" in html or "notes, fatalities" in html
    back = geo.incidents_from_geojson(tmp_path / "incidents.geojson")
    assert sorted(back["event_id_cnty"]) == ["ARM2001", "ARM2005"]
    status, out, _ = _run(
        capsys, "build", "--from", url, "--bbox", "0,0,1,1", "--output", str(tmp_path / "none")
    )
    assert status == 0 and "incidents: 0" in out


def test_rejected_rows_are_reported_and_withdraw_nothing(url, tmp_path, capsys):
    _run(capsys, "import", str(DATA / "acled_2023.csv"), "--to", url)
    broken = tmp_path / "acled_broken.csv"
    lines = (DATA / "acled_2023.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text(
        lines[0] + lines[1].replace("Battles,Armed clash", "Battles,No such type") + lines[2],
        encoding="utf-8",
    )
    status, out, _ = _run(capsys, "import", str(broken), "--to", url, "--output", str(tmp_path))
    assert status == 3
    assert "0 withdrawn" in out and "nothing was marked withdrawn" in out
    assert (tmp_path / "rejected.csv").exists()


def test_usage_errors(url, capsys):
    status, _, err = _run(capsys, "build", "--from", url, "--to", url)
    assert status == 2 and "not both" in err
    status, _, err = _run(capsys, "build", "--where", "country = 'A'")
    assert status == 2 and "need --from" in err
    status, _, err = _run(capsys, "export", "--format", "csv", "--bbox", "0,0,1,1")
    assert status == 2 and "need --from" in err
    status, _, err = _run(capsys, "changes")
    assert status == 2 and "--from" in err


PAYLOADS = [
    "'; DROP TABLE bordermap.incidents; --",
    "x' OR '1'='1",
    "1; DELETE FROM bordermap.import_runs",
    "'||pg_sleep(5)||'",
    "$$x$$",
    "\\.",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sql_injection_through_every_option(url, tmp_path, capsys, payload, monkeypatch):
    _run(capsys, "import", str(DATA / "acled_2023.csv"), "--to", url)
    hostile_file = tmp_path / f"{payload.replace('/', '_')}.csv"
    shutil.copy(DATA / "acled_2023.csv", hostile_file)
    quoted = payload.replace("'", "''")
    attempts = [
        ["build", "--from", url, "--where", payload, "--output", str(tmp_path / "b")],
        [
            "build",
            "--from",
            url,
            "--where",
            f"country = '{quoted}'",
            "--output",
            str(tmp_path / "c"),
        ],
        [
            "build",
            "--from",
            url,
            "--where",
            f"country = {payload}",
            "--output",
            str(tmp_path / "d"),
        ],
        ["build", "--from", url, "--bbox", payload, "--output", str(tmp_path / "e")],
        [
            "export",
            "--from",
            url,
            "--where",
            payload,
            "--format",
            "csv",
            "--output",
            str(tmp_path / "f"),
        ],
        [
            "export",
            "--from",
            url,
            "--bbox",
            f"0,0,1,{payload}",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "g"),
        ],
        ["changes", "--from", url, "--since", payload],
        ["changes", "--from", url.rsplit("/", 1)[0] + "/" + payload],
        ["import", str(DATA / "acled_2023.csv"), "--to", url.rsplit("/", 1)[0] + "/" + payload],
        ["import", str(hostile_file), "--to", url, "--keep-missing"],
    ]
    for argv in attempts:
        status, _, err = _run(capsys, *argv)
        assert status in (0, 1, 2, 3, 5), (argv, status)  # 5: no such database
        assert "Traceback" not in err
    with geo.open_store(url) as store:
        conn = store.connection
        for table in ("incidents", "incident_history", "incident_changes", "import_runs"):
            assert conn.execute("SELECT to_regclass(%s)", (f"bordermap.{table}",)).fetchone()[0]
        assert conn.execute("SELECT count(*) FROM bordermap.incidents").fetchone() == (4,)
        files = conn.execute("SELECT files FROM bordermap.import_runs ORDER BY run_id").fetchall()
        assert files[-1] == ([str(hostile_file)],)  # the file name is data


def test_the_password_is_never_printed_or_logged(
    postgis_cluster, store_url, tmp_path, capsys, caplog, monkeypatch
):
    import pg_cluster

    caplog.set_level(logging.DEBUG)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    password = postgis_cluster.password
    wrong = store_url.replace(password, "Wr0ng-pa55word")
    down = f"postgresql://u:{password}@127.0.0.1:{pg_cluster.free_port()}/x"
    outputs = []
    for argv in (
        ["-v", "import", str(DATA / "acled_2023.csv"), "--to", store_url],
        ["-v", "build", "--from", store_url, "--output", str(tmp_path / "m")],
        ["-v", "changes", "--from", store_url],
        ["-v", "export", "--from", store_url, "--format", "csv", "--output", str(tmp_path / "x")],
        ["-v", "import", str(DATA / "acled_2023.csv"), "--to", wrong],
        ["-v", "changes", "--from", down],
    ):
        status, out, err = _run(capsys, *argv)
        outputs.append((argv[1], status, out + err))
    assert [status for _, status, _ in outputs] == [
        0,
        0,
        0,
        0,
        1,
        5,
    ]  # a server down: 5, like a scheduler
    assert "refused the login" in outputs[4][2] and "no PostgreSQL server answered" in outputs[5][2]
    for command, _, text in outputs:
        assert password not in text, command
        assert "Wr0ng-pa55word" not in text, command
    assert password not in caplog.text and "Wr0ng-pa55word" not in caplog.text
    assert "connected to postgresql://" in caplog.text
