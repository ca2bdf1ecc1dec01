"""Import benchmarks: ``bordermap import`` of a synthetic 1M-row ACLED export, beside the parse.

The input comes from the benchmarks' one seeded generator, ``benchmarks/generate.py`` (ACLED
2023 columns, incidents clustered near the Armenia–Azerbaijan border and towns, unique
``notes``; 0.05 % of rows with swapped coordinates and 0.05 % with an unknown event type), so
no ACLED data is needed or copied.

Stages, each in its own child process (peak memory = the child's ``VmHWM``; CPU = the child's
user + system time, every thread), in rounds: every round runs the baseline and each stage
once, one after the other, so that a change in the machine's load hits all of them alike.
Each row shows the median of the rounds, and the note the spread (fastest–slowest) and the
load average of the machine:

- the **baseline**: ``pyarrow.csv.read_csv`` of the same file, default options (the parse
  alone: pyarrow's multi-threaded reader, column types inferred);
- ``geo.incidents.acled.read_acled_csv`` — the reader (parse, validate, rejects);
- ``bordermap import FILE --output-format parquet`` and ``bordermap import FILE`` (GeoJSON
  out) — the command itself (``bordermap.cli.main``), timed from the child's start to its
  return, imports and the gazetteer included; its parts (read + validate, join + coordinate
  checks + merge, the incidents file + the CSV reports) are the step timings the command
  logs, and are shown as rows of their own. The note gives the command's time as a multiple
  of the parse (issue 13: at most 3× with GeoParquet out, 5× with GeoJSON out);
- the **floor** of the GeoParquet command: its start-up (imports, the gazetteer opened) and
  ``pyarrow.parquet.write_table`` of the table it wrote, which with the parse is what no
  faster reading, validation or join can remove.

``--quick`` uses 50,000 rows and one round. The join and export stages alone are in
``bench_export.py``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
from pathlib import Path

from _harness import Row, child

#: Rounds of a full run (``--quick``: one).
ROUNDS = 3
#: The command's steps, as it logs them, and how the table names them.
STEPS = (
    ("read", "read + validate"),
    ("join", "join + coordinate checks + merge"),
    ("write", "write the incidents file + CSV reports"),
)


def write_synthetic_acled(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` synthetic ACLED rows (2023 schema) to one CSV file; return the path.

    The rows come from the benchmarks' one generator (:mod:`generate`): clustered near the
    border and towns, unique notes, 0.05 % swapped coordinates and 0.05 % unknown event types.
    """
    import generate

    return generate.write_incidents(n, path, seed=seed, format="csv")[0]


def run(*, quick: bool = False) -> list[Row]:
    n = 50_000 if quick else 1_000_000
    rounds = 1 if quick else ROUNDS
    tmp = Path(tempfile.mkdtemp(prefix="bm-bench-import-"))
    stages: dict[str, list[dict]] = {
        "baseline": [],
        "reader": [],
        "parquet": [],
        "geojson": [],
        "floor": [],
    }
    loads = [os.getloadavg()[0]]
    try:
        path = write_synthetic_acled(tmp / "acled.csv", n)
        size_mb = path.stat().st_size / 1e6
        for _ in range(rounds):
            stages["baseline"].append(_baseline(path))
            stages["reader"].append(_reader(path))
            for fmt in ("parquet", "geojson"):
                stages[fmt].append(_command(path, tmp / f"out-{fmt}", fmt))
                if fmt == "parquet":
                    stages["floor"].append(_floor(tmp / "out-parquet" / "incidents.parquet"))
                shutil.rmtree(tmp / f"out-{fmt}", ignore_errors=True)
            loads.append(os.getloadavg()[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = f"load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores"
    return _rows(n, size_mb, stages, load)


def _baseline(path: Path) -> dict:
    """``pyarrow.csv.read_csv`` of the file, default options."""
    return child(
        f"""
        import pyarrow.csv
        t, c = time.perf_counter(), time.process_time()
        table = pyarrow.csv.read_csv({str(path)!r})
        emit(seconds=time.perf_counter() - t, cpu=time.process_time() - c, n=table.num_rows)
        """
    )


def _reader(path: Path) -> dict:
    """The ACLED reader alone (imports timed apart)."""
    return child(
        f"""
        t0 = time.perf_counter()
        import pandas
        from geo.incidents.acled import read_acled_csv
        t1, c1 = time.perf_counter(), time.process_time()
        read = read_acled_csv({str(path)!r})
        emit(seconds=time.perf_counter() - t1, cpu=time.process_time() - c1, imports=t1 - t0,
             n=len(read.incidents), rejected=len(read.rejected))
        """
    )


def _command(path: Path, out: Path, fmt: str) -> dict:
    """``bordermap import FILE --output-format FMT``, with the step timings it logs."""
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
        argv = ["import", {str(path)!r}, "--output", {str(out)!r}, "--output-format", {fmt!r}]
        with contextlib.redirect_stdout(io.StringIO()):  # the command's summary
            status = main(argv)
        seconds = time.perf_counter() - t0
        cpu = sum(os.times()[:2])  # user + system of every thread, from the process start
        flagged = sum(1 for _ in open({str(out / "coord_checks.csv")!r})) - 1
        size_mb = os.path.getsize(os.path.join({str(out)!r}, "incidents.{fmt}")) / 1e6
        emit(seconds=seconds, cpu=cpu, status=status, flagged=flagged, size_mb=size_mb, **steps)
        """
    )


def _floor(parquet: Path) -> dict:
    """What the command cannot go below without another design: its start-up (imports, the
    gazetteer opened) and writing its own output table as GeoParquet (issue 13's target is
    measured against the parse alone)."""
    return child(
        f"""
        t0 = time.perf_counter()
        import bordermap.cli
        from geo.places import default_gazetteer
        default_gazetteer().lookup("Sotk")
        start_up = time.perf_counter() - t0
        import pyarrow.parquet as pq
        table = pq.read_table({str(parquet)!r})
        t = time.perf_counter()
        pq.write_table(table, {str(parquet) + ".again"!r}, compression="snappy")
        write = time.perf_counter() - t
        emit(seconds=start_up + write, start_up=start_up, write=write)
        """
    )


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _spread(runs: list[dict], key: str = "seconds") -> str:
    values = sorted(r[key] for r in runs)
    if len(values) < 2:
        return "one run"
    return f"{len(values)} runs {values[0]:.2f}–{values[-1]:.2f} s"


def _rows(n: int, size_mb: float, stages: dict[str, list[dict]], load: str) -> list[Row]:
    """The baseline row, the reader row, and per output format the command and its steps."""
    base, reader = stages["baseline"], stages["reader"]
    base_s = _median(base, "seconds")
    baseline = "pyarrow.csv.read_csv"
    rows = [
        Row(
            "baseline: pyarrow.csv.read_csv (parse only, types inferred)",
            f"{n:,} rows",
            base_s,
            _median(base, "peak_mb"),
            note=f"{size_mb:.0f} MB file; CPU {_median(base, 'cpu'):.2f} s; {_spread(base)}; "
            f"{load}",
            rate=f"{n / base_s:,.0f}/s",
        ),
        Row(
            "ACLED import: read + validate (geo.incidents.acled)",
            f"{n:,} rows",
            _median(reader, "seconds"),
            _median(reader, "peak_mb"),
            baseline,
            base_s,
            f"{reader[0]['rejected']} rejects; CPU {_median(reader, 'cpu'):.2f} s; "
            f"{_spread(reader)}; imports {_median(reader, 'imports'):.1f} s not counted",
            rate=f"{n / _median(reader, 'seconds'):,.0f}/s",
        ),
    ]
    for fmt, target in (("parquet", 3), ("geojson", 5)):
        rows += _command_rows(n, fmt, target, stages[fmt], base)
    floor = stages["floor"]
    per_round = sorted(
        (f["seconds"] + b["seconds"]) / b["seconds"] for f, b in zip(floor, base, strict=True)
    )
    rows.append(
        Row(
            "&nbsp;&nbsp;↳ floor (parquet): start-up + GeoParquet write of the command's output",
            f"{n:,} rows",
            _median(floor, "seconds"),
            _median(floor, "peak_mb"),
            note=f"with the parse: **{statistics.median(per_round):.1f}× the parse** before any "
            f"validation, join or check (median of the rounds); start-up "
            f"{_median(floor, 'start_up'):.2f} s, pyarrow.parquet.write_table of the same "
            f"table {_median(floor, 'write'):.2f} s; {_spread(floor)}",
        )
    )
    return rows


def _command_rows(n: int, fmt: str, target: int, runs: list[dict], base: list[dict]) -> list[Row]:
    """The command row (time as a multiple of the parse) and one row per step."""
    seconds, base_s = _median(runs, "seconds"), _median(base, "seconds")
    per_round = sorted(r["seconds"] / b["seconds"] for r, b in zip(runs, base, strict=True))
    rest = statistics.median(r["seconds"] - sum(r[step] for step, _ in STEPS) for r in runs)
    label = "GeoParquet" if fmt == "parquet" else "GeoJSON"
    rows = [
        Row(
            f"bordermap import FILE --output-format {fmt} (the whole command)",
            f"{n:,} rows",
            seconds,
            _median(runs, "peak_mb"),
            "pyarrow.csv.read_csv",
            base_s,
            f"**{statistics.median(per_round):.1f}× the parse** (median of the rounds' ratios; "
            f"target ≤ {target}× with {label} out; rounds {per_round[0]:.1f}–"
            f"{per_round[-1]:.1f}×); CPU {_median(runs, 'cpu'):.1f} s vs "
            f"{_median(base, 'cpu'):.1f} s; {_spread(runs)}; exit {runs[0]['status']}; "
            f"{runs[0]['size_mb']:.0f} MB incidents.{fmt}; {runs[0]['flagged']:,} coordinates "
            f"flagged; imports + gazetteer open {rest:.1f} s",
            rate=f"{n / seconds:,.0f}/s",
        )
    ]
    for step, name in STEPS:
        step_s = _median(runs, step)
        rows.append(
            Row(
                f"&nbsp;&nbsp;↳ import step ({fmt}): {name}",
                f"{n:,} rows",
                step_s,
                None,
                note=f"step timing logged by the command (same runs); {_spread(runs, step)}",
                rate=f"{n / step_s:,.0f}/s",
            )
        )
    return rows
