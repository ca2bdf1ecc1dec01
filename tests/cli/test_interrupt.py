"""Ctrl-C anywhere (issue 16): one line, exit status 130, the outputs whole.

A build is sent SIGINT at several moments of its run (reading, joining, drawing, writing);
each time it stops with one ``bordermap: interrupted`` line and no traceback (or, past its
end, simply finishes), and its output folder holds the earlier outputs or the new ones.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bordermap.cli import main

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from kill_runner import state  # noqa: E402

sys.path.remove(str(HERE))


def _variant(seeds: Path, target: Path, *, bad_row: bool) -> Path:
    shutil.copytree(seeds, target)
    path = target / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",Sotk,", ",Jermuk,")
    if bad_row:
        lines[1] = lines[1].replace(',2,"AFP', ',9,"AFP')
    path.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.4, 0.5, 0.6, 1.2, 1.8, 2.4, 3.0, 3.6])
def test_ctrl_c_during_a_build(delay, seeds_dir, tmp_path):
    from geo.exports import recover_outputs

    bad = _variant(seeds_dir, tmp_path / "bad", bad_row=True)
    good = _variant(seeds_dir, tmp_path / "good", bad_row=False)
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    assert (
        main(["build", "--input", str(bad), "--output", str(old_dir), "--on-error", "reject"]) == 3
    )
    assert main(["build", "--input", str(good), "--output", str(new_dir)]) == 0
    old, new = state(old_dir), state(new_dir)
    out = tmp_path / "out"
    shutil.copytree(old_dir, out)
    command = [
        sys.executable,
        "-m",
        "bordermap.cli",
        "build",
        "--input",
        str(good),
        "--output",
        str(out),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    if proc.returncode == 0:
        assert state(out) == new  # it had finished
        return
    assert proc.returncode == 130, err
    lines = [line for line in err.splitlines() if not line.startswith("WARNING ")]
    assert len(lines) == 1 and lines[0].startswith("bordermap: interrupted"), err
    recover_outputs(out)  # what the next run does first
    assert state(out) in (old, new)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.6, 1.5, 3.0])
def test_sigterm_during_an_import_from_an_archive(delay, tmp_path):
    """``kill`` (SIGTERM) stops a run as Ctrl-C does: one line, status 143, the file it was
    unpacking removed with its temporary folder, the outputs whole."""
    import gzip
    import tempfile

    from geo.exports import recover_outputs

    acled = (Path(__file__).resolve().parents[1] / "data" / "acled_2023.csv").read_text()
    head, *rows = acled.splitlines(keepends=True)
    body = "".join(
        row.replace("ARM2001", f"ARM{i:07d}", 1) for i in range(20_000) for row in rows[:1]
    )
    archive = tmp_path / "export.csv.gz"
    archive.write_bytes(gzip.compress((head + body).encode(), compresslevel=1))
    out = tmp_path / "out"
    assert main(["import", str(archive), "--output", str(out)]) == 0
    before = state(out)
    temp = Path(tempfile.gettempdir())
    left_before = {p.name for p in temp.glob("bordermap-unpacked-*")}
    command = [sys.executable, "-m", "bordermap.cli", "import", str(archive), "--output", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=300)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert proc.returncode in (0, 143), err
    if proc.returncode == 143:
        lines = [line for line in err.splitlines() if not line.startswith("WARNING ")]
        assert len(lines) == 1 and lines[0].startswith("bordermap: terminated"), err
    assert {p.name for p in temp.glob("bordermap-unpacked-*")} <= left_before
    recover_outputs(out)
    assert state(out) == before  # the same file: the same outputs, earlier or new
