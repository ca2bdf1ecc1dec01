"""Kill a command at each write and rename of its outputs, in turn; report what each kill left.

Run as ``python kill_runner.py SPEC.json`` by ``tests/cli/test_output_sets.py``. SPEC holds
``argv`` (a bordermap command line writing into ``folder``), ``folder`` and ``before`` (a copy
of the folder as the previous run left it). The runner is its own process, so that it can
fork: bordermap is imported and warmed up once, and each child runs the command from there
with ``BORDERMAP_FAULT_AT=N``, which kills it (SIGKILL) at the N-th write or rename
(``geo.exports.atomic._fault_point``). After each kill the runner does what the next run
does first (``recover_outputs``) and records the folder. It prints one JSON object:
``{"new": STATE, "kills": [{"at": N, "state": STATE}, ...], "last": STATE}`` where a STATE
maps each entry of the folder to a hash of its content (a folder: of its files).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any


def state(folder: Path) -> dict[str, str]:
    """Every entry of ``folder`` (hidden ones too) -> a hash of its content."""
    out: dict[str, str] = {}
    for entry in sorted(folder.iterdir()):
        digest = hashlib.sha256()
        files = sorted(entry.rglob("*")) if entry.is_dir() else [entry]
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
        out[entry.name] = digest.hexdigest()[:16]
    return out


def run_child(argv: list[str], fault_at: int | None) -> tuple[bool, int]:
    """Run the command in a fork; (killed by SIGKILL?, exit status)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        from bordermap.cli import main
        from geo.exports import atomic

        atomic._faults_seen = 0
        if fault_at is None:
            os.environ.pop("BORDERMAP_FAULT_AT", None)
        else:
            os.environ["BORDERMAP_FAULT_AT"] = str(fault_at)
        try:
            status = main(argv)
        except BaseException:
            status = 99
        os._exit(status)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status) == signal.SIGKILL, -os.WTERMSIG(status)
    return False, os.WEXITSTATUS(status)


def run_here(argv: list[str]) -> int:
    """Run the command in this process (output to /dev/null); its exit status."""
    from bordermap.cli import main

    saved = os.dup(1), os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        return main(argv)
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)


def restore(before: Path, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(before, folder, symlinks=True)


def main(spec_path: str) -> dict[str, Any]:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    argv, folder, before = spec["argv"], Path(spec["folder"]), Path(spec["before"])
    from geo.exports import recover_outputs

    restore(before, folder)
    status = run_here(argv)  # imports and caches stay warm for the forks
    if status not in (0, 3):
        raise SystemExit(f"the command failed without a fault: status {status}")
    report: dict[str, Any] = {"new": state(folder), "status": status, "kills": []}
    for n in range(1, spec.get("max", 500)):
        restore(before, folder)
        killed, status = run_child(argv, n)
        if not killed:
            report["last"] = state(folder)
            report["last_status"] = status
            break
        recover_outputs(folder)
        report["kills"].append({"at": n, "state": state(folder)})
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
