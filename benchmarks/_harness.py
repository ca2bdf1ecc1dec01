"""Small benchmark harness: run code in fresh processes, time it, read peak memory, print a table.

Peak memory is the child's resident-set high-water mark (``VmHWM``; ``ru_maxrss`` would carry
the parent's peak across ``execve``), so every stage that reports memory runs in its own process. Baselines run in the same invocation, on the same
machine, right before or after the stage they are compared with.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BORDERMAP_SHARED_DIR") or ROOT.parent / "shared")


@dataclass
class Row:
    """One line of the results table."""

    stage: str
    n: int | str
    seconds: float
    peak_mb: float | None
    baseline: str = ""
    baseline_seconds: float | None = None
    note: str = ""
    rate: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> str:
        if self.baseline_seconds is None or self.seconds <= 0:
            return ""
        return f"{self.baseline_seconds / self.seconds:.1f}x"


def child(code: str, *, env: dict[str, str] | None = None, timeout: float = 900) -> dict:
    """Run ``code`` in a fresh Python; it must print one JSON object as its last line."""
    prelude = textwrap.dedent(
        """
        import json, resource, sys, time
        def peak_mb():
            # VmHWM: this process's own high-water mark. ru_maxrss survives execve on Linux,
            # so it would report the parent's peak when the parent was larger.
            try:
                for line in open("/proc/self/status"):
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
            except OSError:
                pass
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        def emit(**kw):
            kw.setdefault("peak_mb", peak_mb())
            print(json.dumps(kw))
        """
    )
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    if proc.stderr.strip():
        sys.stderr.write(proc.stderr)  # progress bars of the child
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    """One line describing the machine and the Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()} on {platform.system()} {platform.release()}"


def table(rows: list[Row]) -> str:
    """Markdown table of the rows."""
    head = "| stage | N | time | rate | peak memory | baseline | baseline time | ratio | note |\n|---|---|---|---|---|---|---|---|---|"
    lines = [head]
    for r in rows:
        mem = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else ""
        base_t = f"{r.baseline_seconds:.3f} s" if r.baseline_seconds is not None else ""
        lines.append(
            f"| {r.stage} | {r.n} | {r.seconds:.3f} s | {r.rate} | {mem} | {r.baseline} | {base_t} | {r.ratio} | {r.note} |"
        )
    return "\n".join(lines)
