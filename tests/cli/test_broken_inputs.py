"""Every command on a corpus of broken inputs (issue 16): no traceback, one line, outputs kept.

The corpus is ``tests/data/broken/`` (written by ``tests/data/make_broken.py``: truncated,
wrong encoding, binary, empty, header only, huge field, NUL bytes, wrong delimiter, broken
GeoJSON, broken ``.meta.json``, broken XML and Parquet...), plus cases made here: a folder
where a file goes, a symlink loop, an unreadable file, a missing path. Each command that
reads a kind of file runs on every file of that kind, into an output folder holding an
earlier run's outputs, and must (``build`` is given a folder holding the file: its message
names the file, or the folder when it finds nothing it can read there):

- exit with a status of the README's table;
- print no traceback;
- when it fails: say so in exactly one ``bordermap:`` line that names the file, and leave
  the output folder exactly as it was; when it succeeds (a reader may accept an odd file):
  leave no temporary file.

This is the contract of :mod:`bordermap.failures`; what each reader makes of each file is the
readers' business (a wrong but clean message passes here).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bordermap.cli import main

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from kill_runner import state  # noqa: E402

sys.path.remove(str(HERE))

DATA = HERE.parent / "data"
BROKEN = DATA / "broken"
SEEDS = HERE.parents[1] / "seeds"
STATUSES = {0, 1, 2, 3, 4, 5, 70, 130, 141}
#: Lines other than the message that a failing command may print on standard error.
LOG_PREFIXES = ("WARNING ", "INFO ", "ERROR ", "  ")


def _corpus(*suffixes: str) -> list[Path]:
    return sorted(p for p in BROKEN.iterdir() if p.name.endswith(suffixes))


CSVS = _corpus(".csv")
GEOJSONS = _corpus(".geojson")
STORIES = [p for p in _corpus(".txt")]
XMLS = _corpus(".xml")
PARQUETS = _corpus(".parquet")


def test_the_corpus_is_whole():
    assert len(list(BROKEN.iterdir())) >= 60
    assert len(CSVS) >= 40 and GEOJSONS and STORIES and XMLS and PARQUETS


# ---------------------------------------------------------------------------- outputs before


@pytest.fixture(scope="session")
def earlier(tmp_path_factory) -> Callable[[str], Path]:
    """A copy of an earlier successful run's output folder, per command."""
    made: dict[str, Path] = {}
    runs = {
        "build": ["build", "--input", str(SEEDS)],
        "export": ["export", "--input", str(SEEDS), "--format", "csv"],
        "import": ["import", str(DATA / "acled_2023.csv")],
        "aggregate": ["aggregate", str(DATA / "acled_2023.csv")],
    }

    def copy(command: str) -> Path:
        if command not in made:
            out = tmp_path_factory.mktemp(f"earlier-{command}")
            assert main([*runs[command], "--output", str(out)]) == 0
            made[command] = out
        target = tmp_path_factory.mktemp(f"out-{command}")
        shutil.rmtree(target)
        shutil.copytree(made[command], target)
        return target

    return copy


def _check(status: int, err: str, named: tuple[str, ...], out: Path | None, before) -> None:
    assert status in STATUSES, status
    assert status != 70, f"a broken input is bad input (1), not a bug in bordermap (70): {err}"
    assert "Traceback" not in err, err
    if status in (0, 3):
        if out is not None:
            assert not [n for n in state(out) if n.startswith(".")], "temporary files left"
        return
    messages = [line for line in err.splitlines() if line.startswith("bordermap")]
    others = [
        line
        for line in err.splitlines()
        if line and not line.startswith(("bordermap", *LOG_PREFIXES))
    ]
    assert len(messages) == 1 and not others, err
    assert any(name in messages[0] for name in named), (named, messages[0])
    if out is not None:
        assert state(out) == before, "a failed run changed the outputs"


def _run(argv: list[str], capsys, named: tuple[str, ...], out: Path | None = None) -> int:
    before = state(out) if out is not None else None
    capsys.readouterr()
    status = main(argv)
    _check(status, capsys.readouterr().err, named, out, before)
    return status


# ---------------------------------------------------------------------------- the commands


@pytest.mark.parametrize("path", CSVS + GEOJSONS, ids=lambda p: p.name)
def test_import(path, earlier, capsys):
    out = earlier("import")
    _run(["import", str(path), "--output", str(out)], capsys, (path.name,), out)


@pytest.mark.parametrize("path", CSVS + PARQUETS, ids=lambda p: p.name)
def test_aggregate(path, earlier, capsys):
    out = earlier("aggregate")
    _run(["aggregate", str(path), "--output", str(out)], capsys, (path.name,), out)


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_build_and_export_with_it_as_incidents_csv(path, earlier, capsys, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copyfile(path, folder / "incidents.csv")
    out = earlier("build")
    named = ("incidents.csv", str(folder))  # build names the file, or the folder it was given
    _run(["build", "--input", str(folder), "--output", str(out)], capsys, named, out)
    out = earlier("export")
    argv = [
        "export",
        "--input",
        str(folder),
        "--output",
        str(out),
        "--format",
        "csv",
        "--overwrite",
    ]
    _run(argv, capsys, ("incidents.csv",), out)


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.name)
def test_stories(path, earlier, capsys, tmp_path):
    sidecar = path.with_suffix(".meta.json")
    named = (path.name, sidecar.name)
    _run(["geoparse", str(path)], capsys, named)
    _run(["draft", str(path)], capsys, named)
    _run(["draft", str(path), "--output", str(tmp_path / "drafts.csv")], capsys, named)
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copyfile(SEEDS / "incidents.csv", folder / "incidents.csv")
    shutil.copyfile(path, folder / path.name)
    if sidecar.exists():
        shutil.copyfile(sidecar, folder / sidecar.name)
    out = earlier("build")
    named = (*named, str(folder))
    _run(["build", "--input", str(folder), "--output", str(out)], capsys, named, out)


@pytest.mark.parametrize("path", XMLS, ids=lambda p: p.name)
def test_eval(path, capsys):
    _run(["eval", str(path), "--no-progress"], capsys, (path.name,))


# ---------------------------------------------------------------------------- paths


def _odd_paths(root: Path) -> dict[str, Path]:
    """A folder where a file goes, a symlink loop, a dangling link, a missing file."""
    folder = root / "a_folder.csv"
    folder.mkdir()
    loop = root / "loop.csv"
    loop.symlink_to(root / "loop.csv")
    dangling = root / "dangling.csv"
    dangling.symlink_to(root / "nowhere.csv")
    return {"folder": folder, "loop": loop, "dangling": dangling, "missing": root / "missing.csv"}


@pytest.mark.parametrize("kind", ["folder", "loop", "dangling", "missing"])
def test_paths_that_are_not_files(kind, earlier, capsys, tmp_path):
    path = _odd_paths(tmp_path)[kind]
    name = (path.name,)
    _run(["import", str(path), "--output", str(earlier("import"))], capsys, name, earlier("import"))
    out = earlier("aggregate")
    _run(["aggregate", str(path), "--output", str(out)], capsys, name, out)
    _run(["geoparse", str(path)], capsys, name)
    _run(["draft", str(path)], capsys, name)
    _run(["eval", str(path), "--no-progress"], capsys, name)
    folder = tmp_path / "input"
    folder.mkdir()
    target = folder / "incidents.csv"
    if kind == "folder":
        target.mkdir()
    elif kind == "loop":
        target.symlink_to(target)
    elif kind == "dangling":
        target.symlink_to(tmp_path / "nowhere.csv")
    out = earlier("build")
    named = ("incidents.csv", str(folder))
    _run(["build", "--input", str(folder), "--output", str(out)], capsys, named, out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file(earlier, capsys, tmp_path):
    path = tmp_path / "secret.csv"
    shutil.copyfile(DATA / "acled_2023.csv", path)
    path.chmod(0)
    out = earlier("import")
    assert _run(["import", str(path), "--output", str(out)], capsys, (path.name,), out) == 1
    assert _run(["geoparse", str(path)], capsys, (path.name,)) == 1


# ---------------------------------------------------------------------------- -v and bugs


def test_an_unexpected_error_is_one_line_and_v_shows_its_traceback(monkeypatch, capsys, tmp_path):
    import geo.incidents

    def broken(*args, **kwargs):
        raise ZeroDivisionError("something in bordermap itself")

    monkeypatch.setattr(geo.incidents, "read_incidents", broken)
    source = str(DATA / "acled_2023.csv")
    assert main(["import", source, "--output", str(tmp_path / "o")]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"bordermap: {source}: unexpected error (ZeroDivisionError: something")
    assert "bug in bordermap" in err and "-v" in err
    assert main(["-v", "import", source, "--output", str(tmp_path / "o")]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ZeroDivisionError" in err
    assert err.rstrip("\n").splitlines()[-1].startswith("bordermap: ")
    assert not (tmp_path / "o").exists()


def test_usage_errors_exit_2(capsys, tmp_path):
    source = str(DATA / "acled_2023.csv")
    assert main(["aggregate", source, "--cell-deg", "nan", "--output", str(tmp_path)]) == 2
    assert main(["aggregate", source, "--near-km", "-1", "--output", str(tmp_path)]) == 2
    assert main(["draft", str(SEEDS / "000_1ae35c016cd00801.txt"), "--published", "x"]) == 2
    story = str(SEEDS / "000_1ae35c016cd00801.txt")
    assert main(["draft", story, "--published", "0001-01-01"]) == 2  # was 70 (OverflowError)
    assert "1800..2200" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--format", "shapefile"])
    assert stopped.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "option",
    [
        ("--cell-deg", "1e308"),  # OverflowError, exit 70
        ("--cell-deg", "1000"),  # the grid's own limit (10), exit 70
        ("--cell-deg", "0.0005"),
        ("--cell-deg", "0.1234567"),  # more than 6 decimals
        ("--connect-timeout", "1e300"),  # timestamp out of range, exit 70
    ],
)
def test_aggregate_option_values_out_of_range_are_usage_errors(option, capsys, tmp_path):
    source = str(DATA / "acled_2023.csv")
    args = ["aggregate", source, *option, "--output", str(tmp_path / "o")]
    if option[0] == "--connect-timeout":
        args += ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bordermap: {option[0]} must be") and "bug" not in err
    assert not (tmp_path / "o").exists()


def test_aggregate_exits_1_on_a_bad_input_as_its_help_says(capsys, tmp_path):
    """It exited 2 (usage) on any ValueError, bad input files included."""
    path = BROKEN / "empty.csv"
    assert main(["aggregate", str(path), "--output", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err
    with pytest.raises(SystemExit):
        main(["aggregate", "--help"])
    assert "1 bad input" in " ".join(capsys.readouterr().out.split())
