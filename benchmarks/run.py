"""Run bordermap's benchmarks and print (and save) the results table.

Usage: ``python benchmarks/run.py [--quick] [--only NAME ...] [--no-save]``
(``./run bench`` sets up the environment and runs this). Results are written to
``benchmarks/RESULTS.md`` with the machine description and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_analysis
import bench_dask
import bench_export
import bench_gazetteer
import bench_geoparse
import bench_import
import bench_map
import bench_postgis
from _harness import Row, machine, table

SUITES = {
    "gazetteer": bench_gazetteer.run,
    "geoparse": bench_geoparse.run,
    "import": bench_import.run,
    "export": bench_export.run,
    "map": bench_map.run,
    "analysis": bench_analysis.run,
    "dask": bench_dask.run,
    "postgis": bench_postgis.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    parser.add_argument("--only", nargs="*", choices=sorted(SUITES), help="run only these suites")
    parser.add_argument(
        "--no-save",
        action="store_true",
        help="do not write benchmarks/RESULTS.md (never written by --quick or --only runs)",
    )
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in args.only or SUITES:
        print(f"running {name} ...", file=sys.stderr)
        rows += SUITES[name](quick=args.quick)
    text = table(rows)
    print(text)
    # A partial run (--only) would replace the whole table with a few rows: print only.
    if not args.no_save and not args.quick and not args.only:
        out = Path(__file__).with_name("RESULTS.md")
        out.write_text(
            "# Benchmark results\n\n"
            f"Measured {dt.date.today().isoformat()} on: {machine()}.\n\n"
            "Command: `./run bench` (= `python benchmarks/run.py`). Ratios are baseline time / bordermap time, "
            "both measured in the same invocation.\n\n" + text + "\n",
            encoding="utf-8",
        )
        print(f"\nwritten to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
