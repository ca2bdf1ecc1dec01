"""A --scheduler that is not a dask scheduler: one clear line within the timeout (issue 16).

Three faults a user meets, each served by a local socket server: a service that accepts the
connection and never answers (``aggregate`` hung forever, ``--connect-timeout``
notwithstanding), a service of another protocol (a 3 EiB allocation traceback after 22 s),
and an address that is not one (a clear message, then a ``Client.__del__`` traceback 20 s
later). The command runs in a process of its own, so that what Python prints at exit counts.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

DATA = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 2.0
#: Python's start, bordermap's imports and the dask imports, on a busy 2-core machine.
STARTUP = 20.0


def _serve(server: socket.socket, reply: bytes | None, stop: threading.Event) -> None:
    held = []
    server.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        held.append(conn)  # kept open: the silent service never closes either
        if reply is not None:
            conn.settimeout(2)
            try:
                conn.recv(65536)
                conn.sendall(reply)
            except OSError:
                pass
    for conn in held:
        conn.close()


@pytest.fixture
def service(request) -> Iterator[str]:
    """``tcp://127.0.0.1:PORT`` of a local server; ``request.param`` is what it answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, request.param, stop), daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        server.close()


def _aggregate(address: str, out: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    command = [
        sys.executable, "-m", "bordermap.cli", "aggregate", str(DATA / "acled_2023.csv"),
        "--output", str(out), "--engine", "dask", "--scheduler", address,
        "--connect-timeout", str(TIMEOUT),
    ]  # fmt: skip
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=STARTUP + 60)
    return done, time.monotonic() - start


def _one_clear_line(done: subprocess.CompletedProcess[str], address: str) -> str:
    assert done.returncode == 5, done.stderr  # the environment (README's table)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bordermap: "), done.stderr
    assert address in lines[0]
    return lines[0]


HTTP_REPLY = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nbad request" * 50


@pytest.mark.parametrize(
    ("service", "says"),
    [
        (None, "accepted the connection but did not answer"),
        (HTTP_REPLY, "not as a dask scheduler does"),
    ],
    indirect=["service"],
    ids=["silent", "http"],
)
def test_a_service_that_is_not_a_scheduler(service, says, tmp_path):
    done, seconds = _aggregate(service, tmp_path / "out")
    line = _one_clear_line(done, service)
    assert says in line and f"within {TIMEOUT:g} s" in line
    assert seconds < STARTUP + TIMEOUT + 5
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["nonsense://x:1", "garbage", "tcp://127.0.0.1"])
def test_an_address_that_is_not_one(address, tmp_path):
    done, seconds = _aggregate(address, tmp_path / "out")
    line = _one_clear_line(done, address)
    assert "not a dask scheduler address" in line and "tcp://host:8786" in line
    assert seconds < STARTUP + TIMEOUT + 5


def test_a_real_scheduler_still_works(tmp_path):
    from distributed import LocalCluster

    from bordermap.cli import main

    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        out = tmp_path / "out"
        argv = ["aggregate", str(DATA / "acled_2023.csv"), "--output", str(out), "--engine",
                "dask", "--scheduler", cluster.scheduler_address, "--connect-timeout", "10"]  # fmt: skip
        assert main(argv) == 0
    assert (out / "cells.csv").exists()
