"""Outputs change as a set or not at all (issue 16): kills, leftovers, stale reports, locks.

``build``, ``import``, ``export`` and ``aggregate`` are killed at every write and rename of
their outputs (the private fault hook ``BORDERMAP_FAULT_AT``, driven by ``kill_runner.py``;
and, for ``build``, at the system calls themselves with ``strace -e inject``). After each
kill the next run's first step (:func:`geo.exports.recover_outputs`) must leave exactly the
previous outputs or exactly the new ones, with no temporary file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bordermap.cli import main

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
RUNNER = HERE / "kill_runner.py"


def _state(folder: Path) -> dict[str, str]:
    sys.path.insert(0, str(HERE))
    try:
        from kill_runner import state
    finally:
        sys.path.remove(str(HERE))
    return state(folder)


def _variant(seeds: Path, target: Path, *, bad_row: bool = False) -> Path:
    """A copy of the seeds with another place for the Sotk clash (and a bad row)."""
    shutil.copytree(seeds, target)
    path = target / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",Sotk,", ",Jermuk,")
    if bad_row:  # geo_precision 9: rejected
        assert ',2,"AFP' in lines[1]
        lines[1] = lines[1].replace(',2,"AFP', ',9,"AFP')
    path.write_text("".join(lines), encoding="utf-8")
    return target


def _kill_everywhere(tmp_path: Path, before: Path, argv: list[str]) -> dict:
    folder = tmp_path / "out"
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps({"argv": argv, "folder": str(folder), "before": str(before)}),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(spec)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _assert_old_or_new(report: dict, old: dict[str, str], *, at_least: int) -> None:
    new = report["new"]
    assert new != old
    assert report["last"] == new, "the run without a fault gives the new outputs"
    assert len(report["kills"]) >= at_least, "the fault hook stopped the run at each write"
    seen = set()
    for kill in report["kills"]:
        state = kill["state"]
        assert state in (old, new), f"killed at write/rename {kill['at']}: a mix {state}"
        seen.add("new" if state == new else "old")
    assert seen == {"old", "new"}, "kills before and after the commit point"


@pytest.mark.slow
def test_build_killed_at_every_write(seeds_dir, tmp_path):
    # Previous run: --on-error reject with a rejected row (rejected.csv); new run: clean.
    bad = _variant(seeds_dir, tmp_path / "bad", bad_row=True)
    before = tmp_path / "before"
    assert (
        main(["build", "--input", str(bad), "--output", str(before), "--on-error", "reject"]) == 3
    )
    assert (before / "rejected.csv").exists()
    good = _variant(seeds_dir, tmp_path / "good")
    argv = ["build", "--input", str(good), "--output", str(tmp_path / "out")]
    report = _kill_everywhere(tmp_path, before, argv)
    assert "rejected.csv" not in report["new"], "no stale report beside a clean build"
    _assert_old_or_new(report, _state(before), at_least=12)


@pytest.mark.slow
def test_import_killed_at_every_write(tmp_path):
    before = tmp_path / "before"
    assert main(["import", str(DATA / "acled_2023.csv"), "--output", str(before)]) == 0
    argv = [
        "import", str(DATA / "acled_legacy.csv"), str(DATA / "ucdp_ged.csv"),
        "--output", str(tmp_path / "out"), "--output-format", "parquet",
    ]  # fmt: skip
    report = _kill_everywhere(tmp_path, before, argv)
    assert "incidents.geojson" not in report["new"] and "incidents.parquet" in report["new"]
    _assert_old_or_new(report, _state(before), at_least=8)


@pytest.mark.slow
def test_export_killed_at_every_write(seeds_dir, tmp_path):
    before = tmp_path / "before"
    assert (
        main(["export", "--input", str(seeds_dir), "--output", str(before), "--format", "csv"]) == 0
    )
    good = _variant(seeds_dir, tmp_path / "good")
    argv = [
        "export", "--input", str(good), "--output", str(tmp_path / "out"), "--format", "csv",
        "--overwrite",
    ]  # fmt: skip
    _assert_old_or_new(_kill_everywhere(tmp_path, before, argv), _state(before), at_least=4)


@pytest.mark.slow
def test_aggregate_killed_at_every_write(tmp_path):
    before = tmp_path / "before"
    assert main(["aggregate", str(DATA / "acled_2023.csv"), "--output", str(before)]) == 0
    argv = ["aggregate", str(DATA / "acled_legacy.csv"), "--output", str(tmp_path / "out")]
    _assert_old_or_new(_kill_everywhere(tmp_path, before, argv), _state(before), at_least=10)


# ---------------------------------------------------------------------------- strace


_CALLS = "rename,renameat,renameat2,unlink,unlinkat"
_CALL = re.compile(r"^(\d+) +(\w+)\((.*)\) += ")


def _strace(command: list[str], log: Path, *, kill_at: tuple[str, int] | None = None) -> int:
    """Run ``command`` under strace (rename and unlink calls logged); with ``kill_at``
    ``(call, n)``, SIGKILL at the n-th such call (strace counts per call and process)."""
    inject = []
    if kill_at:
        inject = ["-e", f"inject={kill_at[0]}:signal=SIGKILL:when={kill_at[1]}"]
    done = subprocess.run(
        ["strace", "-f", "-qq", "-o", str(log), "-e", f"trace={_CALLS}", *inject, *command],
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return done.returncode


def _calls_on(log: Path, folder: Path) -> list[tuple[str, int]]:
    """The calls (name, n-th of that name) of the main process that touch ``folder``'s files."""
    counts: dict[str, int] = {}
    hits, main_pid = [], None
    for line in log.read_text(encoding="utf-8").splitlines():
        match = _CALL.match(line)
        if not match:
            continue
        pid, name, args = match.groups()
        main_pid = main_pid or pid
        if pid != main_pid:
            continue
        counts[name] = counts.get(name, 0) + 1
        paths = [Path(p) for p in re.findall(r'"([^"]*)"', args)]
        if any(p.parent == folder and p.name != ".bordermap.lock" for p in paths):
            hits.append((name, counts[name]))
    return hits


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace not installed")
def test_build_killed_by_the_kernel_at_each_rename_into_place(seeds_dir, tmp_path):
    """No hook: strace kills the process at each rename or unlink in the output folder."""
    bad = _variant(seeds_dir, tmp_path / "bad", bad_row=True)
    before = tmp_path / "before"
    assert (
        main(["build", "--input", str(bad), "--output", str(before), "--on-error", "reject"]) == 3
    )
    old = _state(before)
    good = _variant(seeds_dir, tmp_path / "good")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "bordermap.cli", "build", "--input", str(good),
               "--output", str(out)]  # fmt: skip
    shutil.copytree(before, out)
    assert _strace(command, tmp_path / "calls.log") == 0
    new = _state(out)
    points = _calls_on(tmp_path / "calls.log", out)
    assert new != old and len(points) >= 4, points
    for k in points:
        shutil.rmtree(out)
        shutil.copytree(before, out)
        assert _strace(command, tmp_path / "kill.log", kill_at=k) == -9, k
        # The next run recovers the folder first, even one that fails on its input.
        assert main(["build", "--input", str(tmp_path / "missing"), "--output", str(out)]) == 1
        state = _state(out)
        assert state in (old, new), f"killed at call {k} of the output folder: a mix {state}"


# ---------------------------------------------------------------------------- leftovers


def test_a_clean_build_removes_an_earlier_rejected_csv(seeds_dir, tmp_path):
    bad = _variant(seeds_dir, tmp_path / "bad", bad_row=True)
    out = tmp_path / "out"
    assert main(["build", "--input", str(bad), "--output", str(out), "--on-error", "reject"]) == 3
    assert (out / "rejected.csv").exists()
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not an output: left alone
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 0
    assert not (out / "rejected.csv").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_stale_output_of_another_kind_is_someone_elses_and_stays(seeds_dir, tmp_path):
    """A folder named rejected.csv (a user's, with files in it) was removed, contents and
    all, by a clean build as the stale report; a file where aggregate keeps its incidents/
    parts would have been too. Only what is of the kind the command writes is its own."""
    out = tmp_path / "out"
    (out / "rejected.csv").mkdir(parents=True)
    (out / "rejected.csv" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 0
    assert (out / "rejected.csv" / "notes.txt").read_text(encoding="utf-8") == "mine"

    from geo.exports import output_set

    other = tmp_path / "other"
    (other / "a.txt").mkdir(parents=True)
    (other / "parts").write_text("mine", encoding="utf-8")
    (other / "b.txt").write_text("stale", encoding="utf-8")
    with output_set(other, owned=["a.txt", "b.txt", "parts"], folders=["parts"]):
        pass
    assert (other / "a.txt").is_dir() and (other / "parts").read_text(encoding="utf-8") == "mine"
    assert not (other / "b.txt").exists()


def test_the_next_run_removes_what_stopped_runs_left(seeds_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".staging-k2j3h4").mkdir()
    (out / ".staging-k2j3h4" / "map.html").write_text("half", encoding="utf-8")
    (out / ".incidents.geojson.a1b2c3d4.tmp").write_bytes(b"x" * 1000)
    (out / ".incidents.gpkg.a1b2c3d4.tmp.gpkg-journal").write_bytes(b"x")
    (out / ".hidden-but-mine").write_text("kept", encoding="utf-8")
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".hidden-but-mine"]


def test_a_folder_where_a_file_goes_is_named_and_nothing_changes(seeds_dir, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 0
    (out / "incidents.geojson").unlink()
    (out / "incidents.geojson").mkdir()
    (out / "incidents.geojson" / "x").write_text("x", encoding="utf-8")
    before = _state(out)
    capsys.readouterr()
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 4
    err = capsys.readouterr().err
    assert f"{out / 'incidents.geojson'}: is a folder" in err
    assert ".staging" not in err and "Errno" not in err and err.count("\n") == 1
    assert _state(out) == before


def test_an_output_folder_that_is_a_file(seeds_dir, tmp_path, capsys):
    out = tmp_path / "out"
    out.write_text("a file", encoding="utf-8")
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 4
    err = capsys.readouterr().err
    assert f"{out}: is a file, not a folder" in err and err.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "a file"


def test_import_keeps_its_input_and_drops_an_earlier_format(tmp_path):
    out = tmp_path / "out"
    assert main(["import", str(DATA / "acled_2023.csv"), "--output", str(out)]) == 0
    source = out / "incidents.geojson"
    argv = ["import", str(source), "--output", str(out), "--output-format", "parquet"]
    assert main(argv) == 0
    assert source.exists(), "an input is never removed as a stale output"
    assert main(["import", str(DATA / "acled_2023.csv"), "--output", str(out),
                 "--output-format", "parquet"]) == 0  # fmt: skip
    assert not source.exists(), "the earlier import's GeoJSON went with it"


# ---------------------------------------------------------------------------- the lock


def _wait_for(proc: subprocess.Popen, text: str, *, timeout: float = 120) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    while time.monotonic() < deadline:
        chunk = proc.stderr.read()
        seen += chunk.decode() if chunk else ""
        if text in seen:
            return seen
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"never saw {text!r}; stderr: {seen[-2000:]}")


def test_a_second_run_waits_for_the_first(seeds_dir, tmp_path):
    from geo.exports.atomic import _folder_lock

    out = tmp_path / "out"
    assert main(["build", "--input", str(seeds_dir), "--output", str(out)]) == 0
    before = _state(out)
    good = _variant(seeds_dir, tmp_path / "good")
    command = [sys.executable, "-m", "bordermap.cli", "build", "--input", str(good),
               "--output", str(out)]  # fmt: skip
    with _folder_lock(out, wait=0):  # another run writing into the folder
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(proc, "waiting for another bordermap run to finish")
            time.sleep(0.5)
            assert proc.poll() is None
            assert {k: v for k, v in _state(out).items() if k != ".bordermap.lock"} == before
        except BaseException:
            proc.kill()
            raise
    assert proc.wait(timeout=120) == 0
    after = _state(out)
    assert after != before and not [k for k in after if k.startswith(".")]


def test_a_run_gives_up_on_a_folder_locked_too_long(tmp_path):
    from geo.errors import OutputError
    from geo.exports import output_set
    from geo.exports.atomic import _folder_lock

    with _folder_lock(tmp_path, wait=0):
        start = time.monotonic()
        with (
            pytest.raises(
                OutputError,
                match=r"another bordermap run is writing to this folder \(process \d+\)",
            ),
            output_set(tmp_path, owned=["a.txt"], wait=0.3),
        ):
            pass
        assert time.monotonic() - start < 5


def test_two_builds_at_once_leave_one_whole_set(seeds_dir, tmp_path):
    out = tmp_path / "out"
    sets = {}
    inputs = {"seeds": seeds_dir, "good": _variant(seeds_dir, tmp_path / "good")}
    for name, source in inputs.items():
        alone = tmp_path / f"alone-{name}"
        assert main(["build", "--input", str(source), "--output", str(alone)]) == 0
        sets[name] = _state(alone)
    command = [sys.executable, "-m", "bordermap.cli", "build", "--output", str(out), "--input"]
    procs = [
        subprocess.Popen([*command, str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for source in inputs.values()
    ]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    assert _state(out) in sets.values()
