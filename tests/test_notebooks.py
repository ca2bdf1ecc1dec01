"""Every notebook in notebooks/ runs top to bottom, ends on the map, and is committed clean.

Notebooks run with nbclient in a ``python3`` kernel started with this interpreter (so the
venv's bordermap is the one imported), with ``notebooks/`` as working directory, offline.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds, per cell

# Prepended to the in-memory copy only: prints the kernel's interpreter (checked against
# this one) and refuses any connection off this machine, so a notebook that needs the
# network fails here. The kernel's own channels are ZeroMQ, which this does not touch.
_PROBE = """\
import socket as _socket, sys as _sys

def _offline(connect):
    def guarded(sock, address, *args, **kwargs):
        if sock.family in (_socket.AF_INET, _socket.AF_INET6) and address[0] not in (
            "127.0.0.1", "::1", "localhost"
        ):
            raise OSError(f"network access is disabled in the notebook tests: {address!r}")
        return connect(sock, address, *args, **kwargs)
    return guarded

_socket.socket.connect = _offline(_socket.socket.connect)
_socket.socket.connect_ex = _offline(_socket.socket.connect_ex)
print(_sys.executable)
"""


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_there_are_notebooks():
    assert PATHS, f"no notebooks in {NOTEBOOKS}"


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebook_is_committed_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} have outputs or execution counts; clear them"
    )


#: Notebooks that read and write the incident store: they get a fresh database of the
#: throw-away PostGIS cluster through the standard PG* variables (inherited by the kernel).
NEEDS_STORE = {"team_database.ipynb"}


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebook_runs_and_ends_on_the_map(path, request, monkeypatch):
    if path.name in NEEDS_STORE:
        cluster = request.getfixturevalue("postgis_cluster")
        database = request.getfixturevalue("store_url").rsplit("/", 1)[1]
        for key, value in cluster.env(database).items():
            monkeypatch.setenv(key, value)
    nb = _read(path)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_PROBE))
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # the message holds the traceback
        pytest.fail(f"{path.name} failed:\n{exc}", pytrace=False)

    probe = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    assert Path(probe.strip()).resolve() == Path(sys.executable).resolve(), (
        f"the kernel ran {probe.strip()!r}, not this interpreter {sys.executable!r}"
    )

    errors = [
        (i, o.get("ename"))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "error"
    ]
    assert not errors, f"{path.name}: error outputs {errors}"

    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    html = [
        o["data"]["text/html"]
        for o in last.outputs
        if o.output_type in ("execute_result", "display_data") and "text/html" in o.get("data", {})
    ]
    html_text = "".join("".join(h) if isinstance(h, list) else h for h in html)
    assert "leaflet" in html_text.lower(), f"{path.name}: the last code cell does not display a map"
