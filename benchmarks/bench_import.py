"""Import benchmarks: reading a synthetic 1M-row ACLED export, and the whole ``bordermap import``.

The input comes from the benchmarks' one seeded generator, ``benchmarks/generate.py`` (ACLED
2023 columns, incidents clustered near the Armenia–Azerbaijan border and towns, unique
``notes``; 0.05 % of rows with swapped coordinates and 0.05 % with an unknown event type), so
no ACLED data is needed or copied.

Stages, each in its own child process (peak memory = the child's ``VmHWM``), with plain
``pandas.read_csv(dtype=str, keep_default_na=False)`` of the same file as the baseline, in the
same run:

- ``geo.incidents.acled.read_acled_csv`` — the reader (parse, validate, rejects);
- ``bordermap import FILE`` — the command itself (``bordermap.cli.main``), timed from the
  child's start to its return, imports and the gazetteer included; its parts (read + validate,
  join + coordinate checks, incidents.geojson + the CSV reports) are the step timings the
  command logs, and are shown as rows of their own.

``--quick`` uses 50,000 rows. The join and export stages are in ``bench_export.py``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _harness import Row, child


def write_synthetic_acled(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` synthetic ACLED rows (2023 schema) to one CSV file; return the path.

    The rows come from the benchmarks' one generator (:mod:`generate`): clustered near the
    border and towns, unique notes, 0.05 % swapped coordinates and 0.05 % unknown event types.
    """
    import generate

    return generate.write_incidents(n, path, seed=seed, format="csv")[0]


def run(*, quick: bool = False) -> list[Row]:
    n = 50_000 if quick else 1_000_000
    tmp = Path(tempfile.mkdtemp(prefix="bm-bench-import-"))
    try:
        path = write_synthetic_acled(tmp / "acled.csv", n)
        size_mb = path.stat().st_size / 1e6
        baseline, reader = _baseline(path), _reader(path)
        command = _command(path, tmp / "out")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _rows(n, size_mb, baseline, reader, command)


def _baseline(path: Path) -> dict:
    """``pandas.read_csv`` of the file, every cell as text."""
    return child(
        f"""
        import pandas as pd
        t = time.perf_counter()
        df = pd.read_csv({str(path)!r}, dtype=str, keep_default_na=False)
        emit(seconds=time.perf_counter() - t, n=len(df))
        """
    )


def _reader(path: Path) -> dict:
    """The ACLED reader alone (imports timed apart)."""
    return child(
        f"""
        t0 = time.perf_counter()
        import pandas
        from geo.incidents.acled import read_acled_csv
        t1 = time.perf_counter()
        read = read_acled_csv({str(path)!r})
        emit(seconds=time.perf_counter() - t1, imports=t1 - t0, n=len(read.incidents),
             rejected=len(read.rejected))
        """
    )


def _command(path: Path, out: Path) -> dict:
    """``bordermap import FILE``, with the step timings it logs."""
    return child(
        f"""
        import contextlib, io, logging, os
        t0 = time.perf_counter()
        steps = {{}}
        class Steps(logging.Handler):
            def emit(self, record):
                if hasattr(record, "step"):
                    steps[record.step] = steps.get(record.step, 0.0) + record.seconds
        log = logging.getLogger("bordermap")
        log.setLevel(logging.INFO)
        log.propagate = False
        log.addHandler(Steps())
        from bordermap.cli import main
        with contextlib.redirect_stdout(io.StringIO()):  # the command's summary
            status = main(["import", {str(path)!r}, "--output", {str(out)!r}])
        seconds = time.perf_counter() - t0
        flagged = sum(1 for _ in open({str(out / "coord_checks.csv")!r})) - 1
        geojson_mb = os.path.getsize({str(out / "incidents.geojson")!r}) / 1e6
        emit(seconds=seconds, status=status, flagged=flagged, geojson_mb=geojson_mb, **steps)
        """
    )


def _rows(n: int, size_mb: float, baseline: dict, reader: dict, command: dict) -> list[Row]:
    """The reader row, the command row and one row per step of the command."""
    parts = command["read"] + command["join"] + command["write"]
    rows = [
        Row(
            "ACLED import: read + validate (geo.incidents.acled)",
            f"{n:,} rows",
            reader["seconds"],
            reader["peak_mb"],
            "pandas.read_csv(dtype=str)",
            baseline["seconds"],
            f"{size_mb:.0f} MB file; {reader['rejected']} rejects; baseline peak "
            f"{baseline['peak_mb']:.0f} MB; imports {reader['imports']:.1f} s not counted",
            rate=f"{n / reader['seconds']:,.0f}/s",
        ),
        Row(
            "bordermap import FILE (the whole command)",
            f"{n:,} rows",
            command["seconds"],
            command["peak_mb"],
            "pandas.read_csv(dtype=str)",
            baseline["seconds"],
            f"exit {command['status']}; {command['geojson_mb']:.0f} MB incidents.geojson; "
            f"{command['flagged']:,} coordinates flagged; imports + gazetteer open "
            f"{command['seconds'] - parts:.1f} s",
            rate=f"{n / command['seconds']:,.0f}/s",
        ),
    ]
    for step, label in (
        ("read", "read + validate"),
        ("join", "join + coordinate checks + merge"),
        ("write", "write incidents.geojson + CSV reports"),
    ):
        rows.append(
            Row(
                f"&nbsp;&nbsp;↳ import step: {label}",
                f"{n:,} rows",
                command[step],
                None,
                note="step timing logged by the command (same run)",
                rate=f"{n / command[step]:,.0f}/s",
            )
        )
    return rows
