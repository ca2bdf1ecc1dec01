"""Import benchmarks: reading a synthetic 1M-row ACLED export, and the whole ``bordermap import``.

The input is generated here (seeded RNG, realistic values for the Armenia–Azerbaijan border:
real place names with approximate coordinates, ACLED event-type triples, actor names, unique
``notes``; 0.05 % of rows with swapped coordinates and 0.05 % with an unknown event type), in
the 2023 31-column ACLED schema, so no ACLED data is needed or copied.

Stages, each in its own child process (peak memory = the child's ``VmHWM``), with plain
``pandas.read_csv(dtype=str, keep_default_na=False)`` of the same file as the baseline, in the
same run:

- ``geo.acled.read_acled_csv`` — the reader (parse, validate, rejects);
- ``bordermap import FILE`` — the command itself (``bordermap.cli.main``), timed from the
  child's start to its return, imports and the gazetteer included; its parts (read + validate,
  join + coordinate checks, incidents.geojson + the CSV reports) are the step timings the
  command logs, and are shown as rows of their own.

``--quick`` uses 50,000 rows. The join and export stages are in ``bench_export.py``.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from _harness import Row, child

#: (location, admin1, admin2, country, lat, lon) — approximate public coordinates.
PLACES: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Sotk", "Gegharkunik", "Vardenis", "Armenia", 40.2001, 45.8695),
    ("Vardenis", "Gegharkunik", "Vardenis", "Armenia", 40.1833, 45.7333),
    ("Jermuk", "Vayots Dzor", "Jermuk", "Armenia", 39.8414, 45.6717),
    ("Ijevan", "Tavush", "Ijevan", "Armenia", 40.8756, 45.1492),
    ("Berd", "Tavush", "Berd", "Armenia", 40.8808, 45.3917),
    ("Goris", "Syunik", "Goris", "Armenia", 39.5111, 46.3403),
    ("Kapan", "Syunik", "Kapan", "Armenia", 39.2075, 46.4058),
    ("Yerevan", "Yerevan", "", "Armenia", 40.1811, 44.5136),
    ("Martuni", "Gegharkunik", "Martuni", "Armenia", 40.1397, 45.3064),
    ("Stepanakert", "Nagorno-Karabakh", "", "Azerbaijan", 39.8153, 46.7519),
    ("Shusha", "Shusha", "", "Azerbaijan", 39.7583, 46.7497),
    ("Lachin", "Lachin", "", "Azerbaijan", 39.6383, 46.5461),
    ("Agdam", "Agdam", "", "Azerbaijan", 39.9911, 46.9297),
    ("Tartar", "Tartar", "", "Azerbaijan", 40.3417, 46.9325),
    ("Ganja", "Ganja", "", "Azerbaijan", 40.6828, 46.3606),
    ("Baku", "Baku", "", "Azerbaijan", 40.4093, 49.8671),
    ("Qazax", "Qazax", "", "Azerbaijan", 41.0933, 45.3661),
    ("Tovuz", "Tovuz", "", "Azerbaijan", 40.9922, 45.6289),
    ("Kalbajar", "Kalbajar", "", "Azerbaijan", 40.1053, 46.0375),
    ("Fuzuli", "Fuzuli", "", "Azerbaijan", 39.6000, 47.1453),
    ("Jabrayil", "Jabrayil", "", "Azerbaijan", 39.3997, 47.0261),
    ("Zangilan", "Zangilan", "", "Azerbaijan", 39.0853, 46.6525),
    ("Nakhchivan", "Nakhchivan", "", "Azerbaijan", 39.2089, 45.4122),
)

#: (disorder_type, event_type, sub_event_type, weight)
EVENTS: tuple[tuple[str, str, str, float], ...] = (
    ("Political violence", "Battles", "Armed clash", 0.40),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.25),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED", 0.05),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", 0.05),
    ("Political violence", "Violence against civilians", "Attack", 0.03),
    ("Demonstrations", "Protests", "Peaceful protest", 0.12),
    ("Strategic developments", "Strategic developments", "Headquarters or base established", 0.05),
    ("Strategic developments", "Strategic developments", "Other", 0.05),
)

ACTORS = {
    "Armenia": ("Military Forces of Armenia (2018-)", "State forces"),
    "Azerbaijan": ("Military Forces of Azerbaijan (2003-)", "State forces"),
}
SOURCES = ("Armenpress", "News.am", "APA", "Trend", "Reuters", "Azerbaijan Ministry of Defence")
SCALES = ("National", "International", "National-International", "Subnational")
HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
).split(",")


def write_synthetic_acled(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` synthetic ACLED rows (2023 schema) to ``path``; return the path."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    place = rng.integers(0, len(PLACES), n)
    ev = rng.choice(len(EVENTS), n, p=np.array([e[3] for e in EVENTS]) / sum(e[3] for e in EVENTS))
    days = rng.integers(0, 6 * 365, n)
    dates = pd.Timestamp("2018-01-01") + pd.to_timedelta(np.sort(days), unit="D")
    loc = np.array([p[0] for p in PLACES], dtype=object)[place]
    country = np.array([p[3] for p in PLACES], dtype=object)[place]
    other = np.where(country == "Armenia", "Azerbaijan", "Armenia")
    disorder = np.array([e[0] for e in EVENTS], dtype=object)[ev]
    etype = np.array([e[1] for e in EVENTS], dtype=object)[ev]
    sub = np.array([e[2] for e in EVENTS], dtype=object)[ev]
    protest = etype == "Protests"
    strategic = etype == "Strategic developments"
    actor1 = np.where(
        protest,
        "Protesters (" + country + ")",
        np.where(country == "Armenia", ACTORS["Azerbaijan"][0], ACTORS["Armenia"][0]),
    )
    inter1 = np.where(protest, "Protesters", "State forces")
    actor2 = np.where(
        protest | strategic,
        "",
        np.where(other == "Armenia", ACTORS["Azerbaijan"][0], ACTORS["Armenia"][0]),
    )
    inter2 = np.where(protest | strategic, "", "State forces")
    interaction = np.where(
        protest,
        "Protesters only",
        np.where(strategic, "State forces only", "State forces-State forces"),
    )
    fatalities = np.where(rng.random(n) < 0.15, rng.integers(1, 6, n), 0)
    fatalities = np.where(protest | strategic, 0, fatalities)
    lat = np.array([p[4] for p in PLACES])[place] + rng.uniform(-0.01, 0.01, n)
    lon = np.array([p[5] for p in PLACES])[place] + rng.uniform(-0.01, 0.01, n)
    date_text = dates.strftime("%d %B %Y").str.lstrip("0")
    src = np.array(SOURCES, dtype=object)[rng.integers(0, len(SOURCES), n)]
    ids = (
        np.where(country == "Armenia", "ARM", "AZE")
        + pd.Series(np.arange(1, n + 1)).astype(str).to_numpy()
    )
    notes = (
        "On "
        + np.asarray(date_text, dtype=object)
        + ", "
        + actor1
        + " "
        + np.where(
            protest,
            "protested in",
            np.where(strategic, "were reported in", "fired at positions near"),
        )
        + " "
        + loc
        + " ("
        + np.array([p[1] for p in PLACES], dtype=object)[place]
        + "). "
        + np.where(
            fatalities > 0,
            fatalities.astype(str) + " fatalities reported.",
            "No fatalities reported.",
        )
        + " [synthetic record "
        + pd.Series(np.arange(n)).astype(str).to_numpy()
        + "]"
    )
    frame = pd.DataFrame(
        {
            "event_id_cnty": ids,
            "event_date": date_text,
            "year": dates.year,
            "time_precision": rng.choice([1, 2, 3], n, p=[0.85, 0.12, 0.03]),
            "disorder_type": disorder,
            "event_type": etype,
            "sub_event_type": sub,
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": inter1,
            "actor2": actor2,
            "assoc_actor_2": np.where(
                protest, "", np.where(rng.random(n) < 0.1, "Civilians (" + other + ")", "")
            ),
            "inter2": inter2,
            "interaction": interaction,
            "civilian_targeting": np.where(
                etype == "Violence against civilians", "Civilian targeting", ""
            ),
            "iso": np.where(country == "Armenia", 51, 31),
            "region": "Caucasus and Central Asia",
            "country": country,
            "admin1": np.array([p[1] for p in PLACES], dtype=object)[place],
            "admin2": np.array([p[2] for p in PLACES], dtype=object)[place],
            "admin3": "",
            "location": loc,
            "latitude": np.round(lat, 4),
            "longitude": np.round(lon, 4),
            "geo_precision": rng.choice([1, 2, 3], n, p=[0.7, 0.25, 0.05]),
            "source": src,
            "source_scale": np.array(SCALES, dtype=object)[rng.integers(0, len(SCALES), n)],
            "notes": notes,
            "fatalities": fatalities,
            "tags": np.where(protest, "crowd size=no report", ""),
            "timestamp": 1_600_000_000 + rng.integers(0, 100_000_000, n),
        },
        columns=HEADER,
    )
    # A few bad rows, as real files have: 0.05 % swapped coordinates (flagged by the join),
    # 0.05 % unknown event types (rejected by the reader).
    swapped = rng.random(n) < 0.0005
    frame.loc[swapped, ["latitude", "longitude"]] = frame.loc[
        swapped, ["longitude", "latitude"]
    ].to_numpy()
    frame.loc[rng.random(n) < 0.0005, "event_type"] = "Skirmish"
    path = Path(path)
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    return path


def run(*, quick: bool = False) -> list[Row]:
    n = 50_000 if quick else 1_000_000
    tmp = Path(tempfile.mkdtemp(prefix="bm-bench-import-"))
    try:
        path = write_synthetic_acled(tmp / "acled.csv", n)
        size_mb = path.stat().st_size / 1e6
        baseline = child(
            f"""
            import pandas as pd
            t = time.perf_counter()
            df = pd.read_csv({str(path)!r}, dtype=str, keep_default_na=False)
            emit(seconds=time.perf_counter() - t, n=len(df))
            """
        )
        reader = child(
            f"""
            t0 = time.perf_counter()
            import pandas
            from geo.acled import read_acled_csv
            t1 = time.perf_counter()
            read = read_acled_csv({str(path)!r})
            emit(seconds=time.perf_counter() - t1, imports=t1 - t0, n=len(read.incidents),
                 rejected=len(read.rejected))
            """
        )
        out = tmp / "out"
        command = child(
            f"""
            import contextlib, io, logging, os
            t0 = time.perf_counter()
            steps = {{}}
            class Steps(logging.Handler):
                def emit(self, record):
                    if hasattr(record, "step"):
                        steps[record.step] = steps.get(record.step, 0.0) + record.seconds
            log = logging.getLogger("bordermap.cli")
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
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    parts = command["read"] + command["join"] + command["write"]
    rows = [
        Row(
            "ACLED import: read + validate (geo.acled)",
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
