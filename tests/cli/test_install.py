"""A normal install works: the wheel holds every file the code opens, and runs with no source tree.

The wheel is built from a clean copy of the tracked files (as ``pip install .`` would see
them), offline (``--no-build-isolation``: setuptools comes from the test extra), installed
into a fresh virtualenv whose only other packages are this environment's dependencies (a
``.pth`` file, so nothing is downloaded), and run from an empty folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", "node_modules", ".git", "out", "build"}
        return [
            p.relative_to(ROOT)
            for p in ROOT.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(ROOT).parts)
        ]
    return [Path(name) for name in out.decode().split("\0") if name]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in _tracked_files():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", str(source), "--wheel-dir", str(dist)]
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "--quiet"]
    subprocess.run([*pip_wheel, *offline], check=True)
    (built,) = dist.glob("bordermap-*.whl")
    return built


def _files_the_code_opens() -> list[str]:
    """Package files read at run time: geo's data, the map's JavaScript and npm pins."""
    wanted = [p for p in (ROOT / "geo" / "data").iterdir() if p.is_file()]
    wanted += [p for p in (ROOT / "layers" / "js").iterdir() if p.is_file()]
    wanted += [ROOT / "layers" / "vendor" / n for n in ("package.json", "package-lock.json")]
    wanted += [ROOT / pkg / "py.typed" for pkg in ("geo", "layers", "bordermap")]
    return sorted(str(p.relative_to(ROOT)) for p in wanted)


def test_wheel_holds_every_file_the_code_opens(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in _files_the_code_opens() if name not in names]
    assert missing == [], f"not in the wheel (pyproject package-data): {missing}"


def test_wheel_holds_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = [
        str(p.relative_to(ROOT))
        for pkg in ("geo", "layers", "bordermap")
        for p in (ROOT / pkg).rglob("*.py")
        if "node_modules" not in p.parts
    ]
    assert sorted(m for m in modules if m not in names) == []


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel installed; returns its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # This environment's dependencies, but not its editable bordermap: the paths of a .pth
    # line are added as they are, the .pth files inside them are not run.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
    )
    return venv / "bin"


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(bin_dir / "bordermap"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_installed_wheel_runs_every_command_with_no_source_tree(installed, tmp_path):
    here = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", here / "seeds")
    shutil.copy2(ROOT / "tests" / "data" / "acled_2023.csv", here / "acled.csv")

    where = _run(installed, here, "-v", "geocode", "Sotk")
    assert where.returncode == 0, where.stderr
    assert '"name": "Sotk"' in where.stdout
    probe = subprocess.run(
        [str(installed / "python"), "-c", "import geo; print(geo.__file__)"],
        cwd=here,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(ROOT) not in probe.stdout, "the installed package must not come from the repo"

    built = _run(installed, here, "build", "--input", "seeds", "--output", "out")
    assert built.returncode == 0, built.stderr
    assert (here / "out" / "map.html").stat().st_size > 0

    story = next((here / "seeds").glob("*.txt"))
    assert _run(installed, here, "geoparse", str(story)).returncode == 0
    imported = _run(installed, here, "import", "acled.csv", "--output", "imported")
    assert imported.returncode == 0, imported.stderr
    assert (here / "imported" / "incidents.geojson").exists()
