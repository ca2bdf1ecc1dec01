"""One seeded generator of realistic incident sets for the benchmarks and the scale tests.

Usage::

    python benchmarks/generate.py N OUT [--seed S] [--format csv|parquet] [--chunk ROWS]

writes ``N`` incidents (1k to 10M and more) in chunks of ``--chunk`` rows, so 10M rows never
sit in memory at once:

- ``--format csv`` (default): ACLED 2023 exports (31 columns, ACLED's order and date format
  ``12 September 2022``). ``OUT`` ending in ``.csv`` is one file; otherwise ``OUT`` is a folder
  of ``part-00000.csv``, ``part-00001.csv``... (the partitions ``--engine dask`` reads).
- ``--format parquet``: a folder of GeoParquet parts (``part-00000.parquet``...), the same
  records typed as :func:`geo.incidents.acled.read_acled_csv` types them (dates as datetimes, codes as
  integers) with a point geometry (EPSG:4326) — incidents ready for the border-proximity and
  aggregation stages, without the import.

What the incidents look like (all synthetic; no ACLED data is used or copied):

- **where**: 45 % clustered near the Armenia–Azerbaijan border (around 40 hotspots spread
  along the Natural Earth border line, a few km across), 50 % around 23 towns of both
  countries (a few km to ~10 km), 5 % scattered over the region; ``location``, ``admin1``,
  ``admin2``, ``country`` name the nearest town of the list, so the gazetteer join resolves
  them (a point near the border can lie across it from its town: the join flags ~1.4 % of
  rows ``outside_country``, as it would real ones);
- **when**: 2018–2023, 70 % spread evenly, 30 % in the bursts of late 2020, September 2022 and
  September 2023;
- **what**: ACLED event-type triples with realistic weights, actors of both armed forces,
  protesters and civilians, fatalities (mostly 0, a few up to 10), sources and scales;
- **notes**: unique (each cites its record number), 80–300 characters;
- a few bad rows, as real exports have: 0.05 % swapped latitude/longitude (the join flags
  them) and, in CSV only, 0.05 % unknown event types (the reader rejects them). Pass
  ``--clean`` to leave them out.

The same ``(N, seed, chunk)`` gives the same bytes. From Python: :func:`acled_frame` (one
chunk as a DataFrame of ACLED text/number columns), :func:`incidents_frame` (typed, with
geometry), :func:`write_incidents` (the chunked writer).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.incidents.acled import ACLED_2023_COLUMNS

__all__ = [
    "ACLED_2023_HEADER",
    "acled_frame",
    "chunks",
    "incidents_frame",
    "main",
    "write_incidents",
]

#: (location, admin1, admin2, country, lat, lon) — approximate public coordinates.
TOWNS: Final[tuple[tuple[str, str, str, str, float, float], ...]] = (
    ("Sotk", "Gegharkunik", "Vardenis", "Armenia", 40.2001, 45.8695),
    ("Vardenis", "Gegharkunik", "Vardenis", "Armenia", 40.1833, 45.7333),
    ("Jermuk", "Vayots Dzor", "Jermuk", "Armenia", 39.8414, 45.6717),
    ("Ijevan", "Tavush", "Ijevan", "Armenia", 40.8756, 45.1492),
    ("Berd", "Tavush", "Berd", "Armenia", 40.8808, 45.3917),
    ("Goris", "Syunik", "Goris", "Armenia", 39.5111, 46.3403),
    ("Kapan", "Syunik", "Kapan", "Armenia", 39.2075, 46.4058),
    ("Yerevan", "Yerevan", "", "Armenia", 40.1811, 44.5136),
    ("Martuni", "Gegharkunik", "Martuni", "Armenia", 40.1397, 45.3064),
    ("Yeraskh", "Ararat", "Ararat", "Armenia", 39.7600, 44.9500),
    ("Stepanakert", "Nagorno-Karabakh", "", "Azerbaijan", 39.8153, 46.7519),
    ("Shusha", "Shusha", "", "Azerbaijan", 39.7583, 46.7497),
    ("Lachin", "Lachin", "", "Azerbaijan", 39.6383, 46.5461),
    ("Agdam", "Agdam", "", "Azerbaijan", 39.9911, 46.9297),
    ("Tartar", "Tartar", "", "Azerbaijan", 40.3417, 46.9325),
    ("Ganja", "Ganja", "", "Azerbaijan", 40.6828, 46.3606),
    ("Qazax", "Qazax", "", "Azerbaijan", 41.0933, 45.3661),
    ("Tovuz", "Tovuz", "", "Azerbaijan", 40.9922, 45.6289),
    ("Kalbajar", "Kalbajar", "", "Azerbaijan", 40.1053, 46.0375),
    ("Fuzuli", "Fuzuli", "", "Azerbaijan", 39.6000, 47.1453),
    ("Jabrayil", "Jabrayil", "", "Azerbaijan", 39.3997, 47.0261),
    ("Zangilan", "Zangilan", "", "Azerbaijan", 39.0853, 46.6525),
    ("Nakhchivan", "Nakhchivan", "", "Azerbaijan", 39.2089, 45.4122),
)

#: (disorder_type, event_type, sub_event_type, weight)
EVENTS: Final[tuple[tuple[str, str, str, float], ...]] = (
    ("Political violence", "Battles", "Armed clash", 0.36),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.25),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED", 0.04),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", 0.06),
    ("Political violence", "Violence against civilians", "Attack", 0.03),
    ("Political violence", "Violence against civilians", "Abduction/forced disappearance", 0.01),
    ("Demonstrations", "Protests", "Peaceful protest", 0.12),
    ("Demonstrations", "Riots", "Violent demonstration", 0.02),
    ("Strategic developments", "Strategic developments", "Headquarters or base established", 0.05),
    ("Strategic developments", "Strategic developments", "Other", 0.06),
)
FORCES: Final[dict[str, str]] = {
    "Armenia": "Military Forces of Armenia (2018-)",
    "Azerbaijan": "Military Forces of Azerbaijan (2003-)",
}
SOURCES: Final[tuple[str, ...]] = (
    "Armenpress", "News.am", "APA", "Trend", "Reuters", "Azerbaijan Ministry of Defence",
    "Armenia Ministry of Defence", "Azatutyun", "JAMnews", "Caucasian Knot",
)  # fmt: skip
SCALES: Final[tuple[str, ...]] = (
    "National",
    "International",
    "National-International",
    "Subnational",
)
VERBS: Final[tuple[str, ...]] = (
    "fired at positions near", "shelled the outskirts of", "exchanged fire with forces near",
    "reported a drone strike near", "were reported in", "protested in",
)  # fmt: skip
EXTRA: Final[tuple[str, ...]] = (
    "The defence ministry said the shooting lasted about {h} hours.",
    "Local officials reported damage to {k} houses.",
    "Each side blamed the other for breaking the ceasefire.",
    "Residents said rounds landed near the village school.",
    "The report could not be independently verified.",
    "Traffic on the road was stopped for {h} hours.",
    "Observers visited the site {k} days later.",
    "Farmers could not reach their fields near the line of contact.",
)
#: The ACLED 2023 export header (31 columns).
ACLED_2023_HEADER: Final[tuple[str, ...]] = ACLED_2023_COLUMNS
#: Date bursts (first day, last day, share of the burst mass).
BURSTS: Final[tuple[tuple[str, str, float], ...]] = (
    ("2020-09-27", "2020-11-10", 0.6),
    ("2022-09-12", "2022-09-16", 0.25),
    ("2023-09-19", "2023-09-21", 0.15),
)
START: Final[pd.Timestamp] = pd.Timestamp("2018-01-01")
DAYS: Final[int] = 6 * 365
HOTSPOTS: Final[int] = 40
DEFAULT_CHUNK: Final[int] = 500_000


def _border_hotspots(seed: int) -> np.ndarray:
    """(HOTSPOTS, 2) lon/lat points spread along the Armenia–Azerbaijan border line."""
    import shapely

    from geo.analysis.border import BORDER_ID
    from geo.places.reference import reference_features

    features = reference_features()
    line = features.loc[features["place_id"] == BORDER_ID, "geometry"].iloc[0]
    rng = np.random.default_rng([seed, 0xB0])
    where = np.sort(rng.uniform(0, 1, HOTSPOTS))
    # A MultiLineString: interpolate on its parts, weighted by their length.
    parts = list(shapely.get_parts(line))
    lengths = np.array([p.length for p in parts])
    bounds = np.concatenate([[0.0], np.cumsum(lengths) / lengths.sum()])
    part = np.clip(np.searchsorted(bounds, where, side="right") - 1, 0, len(parts) - 1)
    out = np.empty((HOTSPOTS, 2))
    for i, (k, w) in enumerate(zip(part, where, strict=True)):
        frac = (w - bounds[k]) / (bounds[k + 1] - bounds[k])
        point = shapely.line_interpolate_point(parts[k], frac, normalized=True)
        out[i] = (point.x, point.y)
    return out


_HOTSPOT_CACHE: dict[int, np.ndarray] = {}


def _days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Days since START: 70 % even, 30 % in :data:`BURSTS`."""
    days = rng.integers(0, DAYS, n)
    burst = rng.random(n) < 0.30
    which = rng.choice(len(BURSTS), n, p=[b[2] for b in BURSTS])
    first = np.array([(pd.Timestamp(b[0]) - START).days for b in BURSTS])
    span = np.array([(pd.Timestamp(b[1]) - pd.Timestamp(b[0])).days + 1 for b in BURSTS])
    in_burst = first[which] + (rng.random(n) * span[which]).astype(np.int64)
    return np.where(burst, in_burst, days)


def _joined(pieces: list[Any], n: int) -> np.ndarray:
    """Concatenate string pieces (arrays of n, or scalars) row by row, in C (pyarrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = [pa.array(p, pa.string()) if not isinstance(p, str) else p for p in pieces]
    out = pc.binary_join_element_wise(*arrays, "")
    return np.asarray(out.to_numpy(zero_copy_only=False), dtype=object)


def acled_frame(n: int, *, seed: int = 0, offset: int = 0, clean: bool = False) -> pd.DataFrame:
    """Return ``n`` synthetic ACLED 2023 records (rows ``offset .. offset + n - 1`` of a set).

    Parameters
    ----------
    n : int
        Rows in this chunk.
    seed : int, keyword-only
        Seed of the whole set; the chunk's random stream is ``(seed, offset)``.
    offset : int, keyword-only
        Global number of the first row (ids and notes are unique across chunks).
    clean : bool, keyword-only
        Leave out the deliberately bad rows (swapped coordinates, unknown event types).

    Returns
    -------
    pandas.DataFrame
        The :data:`ACLED_2023_HEADER` columns: text as ACLED writes it (``event_date`` like
        ``12 September 2022``), numbers as numbers.
    """
    # Every random draw is made in a fixed order (the helpers below are called in it), so the
    # same (n, seed, offset) gives the same rows.
    rng = np.random.default_rng([seed, offset])
    if seed not in _HOTSPOT_CACHE:
        _HOTSPOT_CACHE[seed] = _border_hotspots(seed)
    lon, lat = _positions(rng, n, _HOTSPOT_CACHE[seed])
    place = _nearest_towns(lon, lat)
    weights = np.array([e[3] for e in EVENTS])
    ev = rng.choice(len(EVENTS), n, p=weights / weights.sum())
    event = {k: np.array([e[i] for e in EVENTS], dtype=object)[ev] for i, k in enumerate(_EVENT)}
    actors = _actors(event["event_type"], place["country"])
    violent = ~(actors["crowd"] | actors["strategic"])
    fatalities = np.where(violent & (rng.random(n) < 0.18), rng.geometric(0.45, n), 0)
    fatalities = np.minimum(fatalities, 10)
    day = _days(rng, n)
    all_days = pd.Series((START + pd.to_timedelta(np.arange(DAYS), unit="D")).strftime("%d %B %Y"))
    date_text = all_days.str.lstrip("0").to_numpy(dtype=object)[day]
    number = pd.Series(np.arange(offset, offset + n) + 1).astype(str).to_numpy(dtype=object)
    notes = _notes(rng, n, date_text, number, place, actors, fatalities)
    frame = pd.DataFrame(
        {
            "event_id_cnty": np.where(place["country"] == "Armenia", "ARM", "AZE") + number,
            "event_date": date_text,
            "year": (START + pd.to_timedelta(day, unit="D")).year.to_numpy(),
            "time_precision": rng.choice([1, 2, 3], n, p=[0.85, 0.12, 0.03]),
            **{k: event[k] for k in ("disorder_type", "event_type", "sub_event_type")},
            "actor1": actors["actor1"],
            "assoc_actor_1": "",
            "inter1": actors["inter1"],
            "actor2": actors["actor2"],
            "assoc_actor_2": "",
            "inter2": actors["inter2"],
            "interaction": actors["interaction"],
            "civilian_targeting": np.where(actors["civilians"], "Civilian targeting", ""),
            "iso": np.where(place["country"] == "Armenia", 51, 31),
            "region": "Caucasus and Central Asia",
            **{k: place[k] for k in ("country", "admin1", "admin2")},
            "admin3": "",
            "location": place["location"],
            "latitude": np.round(lat, 4),
            "longitude": np.round(lon, 4),
            "geo_precision": place["geo_precision"],
            "source": np.array(SOURCES, dtype=object)[rng.integers(0, len(SOURCES), n)],
            "source_scale": np.array(SCALES, dtype=object)[rng.integers(0, len(SCALES), n)],
            "notes": notes,
            "fatalities": fatalities,
            "tags": np.where(actors["crowd"], "crowd size=no report", ""),
            "timestamp": 1_600_000_000 + rng.integers(0, 100_000_000, n),
        },
        columns=list(ACLED_2023_HEADER),
    )
    if not clean:
        swapped = rng.random(n) < 0.0005
        frame.loc[swapped, ["latitude", "longitude"]] = frame.loc[
            swapped, ["longitude", "latitude"]
        ].to_numpy()
    return frame


#: The fields of an :data:`EVENTS` entry (the fourth, the weight, is not a column).
_EVENT = ("disorder_type", "event_type", "sub_event_type")


def _positions(
    rng: np.random.Generator, n: int, hotspots: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes: near a border hotspot, around a town, or scattered."""
    town_lat = np.array([t[4] for t in TOWNS])
    town_lon = np.array([t[5] for t in TOWNS])
    kind = rng.choice(3, n, p=[0.45, 0.50, 0.05])
    spot = rng.integers(0, HOTSPOTS, n)
    near_town = rng.integers(0, len(TOWNS), n)
    lon = np.where(
        kind == 0,
        hotspots[spot, 0] + rng.normal(0, 0.025, n),
        np.where(
            kind == 1, town_lon[near_town] + rng.normal(0, 0.05, n), rng.uniform(44.0, 47.5, n)
        ),
    )
    lat = np.where(
        kind == 0,
        hotspots[spot, 1] + rng.normal(0, 0.02, n),
        np.where(
            kind == 1, town_lat[near_town] + rng.normal(0, 0.04, n), rng.uniform(38.8, 41.3, n)
        ),
    )
    return lon, lat


def _nearest_towns(lon: np.ndarray, lat: np.ndarray) -> dict[str, np.ndarray]:
    """The nearest town of :data:`TOWNS` names each place; ``geo_precision`` from its distance."""
    town_lat = np.array([t[4] for t in TOWNS])
    town_lon = np.array([t[5] for t in TOWNS])
    # cos(40°) ~ 0.77 for longitude.
    d2 = ((lon[:, None] - town_lon[None]) * 0.77) ** 2 + (lat[:, None] - town_lat[None]) ** 2
    town = np.argmin(d2, axis=1)
    km_from_town = np.sqrt(d2[np.arange(len(lon)), town]) * 111.0
    place = {
        key: np.array([t[k] for t in TOWNS], dtype=object)[town]
        for k, key in enumerate(("location", "admin1", "admin2", "country"))
    }
    place["geo_precision"] = np.where(km_from_town < 8, 1, np.where(km_from_town < 30, 2, 3))
    return place


def _actors(etype: np.ndarray, country: np.ndarray) -> dict[str, np.ndarray]:
    """Actors and interaction codes for each event type (the other country's forces fire)."""
    other = np.where(country == "Armenia", "Azerbaijan", "Armenia")
    crowd = (etype == "Protests") | (etype == "Riots")
    strategic = etype == "Strategic developments"
    civilians = etype == "Violence against civilians"
    force_of = np.vectorize(FORCES.__getitem__, otypes=[object])
    actor1 = np.where(
        crowd,
        np.where(etype == "Riots", "Rioters (", "Protesters (") + country + ")",
        force_of(other),
    )
    inter1 = np.where(crowd, np.where(etype == "Riots", "Rioters", "Protesters"), "State forces")
    actor2 = np.where(
        crowd | strategic, "", np.where(civilians, "Civilians (" + country + ")", force_of(country))
    )
    inter2 = np.where(crowd | strategic, "", np.where(civilians, "Civilians", "State forces"))
    interaction = np.where(
        crowd,
        inter1 + " only",
        np.where(
            strategic,
            "State forces only",
            "State forces-" + np.where(civilians, "Civilians", "State forces"),
        ),
    )
    return {
        "actor1": actor1,
        "inter1": inter1,
        "actor2": actor2,
        "inter2": inter2,
        "interaction": interaction,
        "crowd": crowd,
        "strategic": strategic,
        "civilians": civilians,
    }


def _notes(
    rng: np.random.Generator,
    n: int,
    date_text: np.ndarray,
    number: np.ndarray,
    place: dict[str, np.ndarray],
    actors: dict[str, np.ndarray],
    fatalities: np.ndarray,
) -> np.ndarray:
    """Unique notes: who did what where, the fatalities, up to three extra sentences, the
    record number."""
    # Extra sentences: the text before a number slot, the number, the text after it.
    before = np.array([" " + e.split("{")[0] for e in EXTRA], dtype=object)
    after = np.array([e.split("}")[-1] if "{" in e else "" for e in EXTRA], dtype=object)
    slot = np.array(["{" in e for e in EXTRA])
    pick = rng.integers(0, len(EXTRA), (n, 3))
    slot_number = rng.integers(1, 30, (n, 3)).astype(str).astype(object)
    n_extra = rng.integers(0, 4, n)
    crowd, strategic = actors["crowd"], actors["strategic"]
    verb = np.array(VERBS, dtype=object)[
        np.where(crowd, 5, np.where(strategic, 4, rng.integers(0, 4, n)))
    ]
    killed = np.where(
        fatalities > 0, fatalities.astype(str) + " fatalities reported.", "No fatalities reported."
    )
    pieces: list[Any] = ["On ", date_text, ", ", actors["actor1"], " ", verb, " "]
    pieces += [place["location"], " (", place["admin1"], ", ", place["country"], "). ", killed]
    for k in range(3):
        e = pick[:, k]
        used = n_extra > k
        pieces += [
            np.where(used, before[e], ""),
            np.where(used & slot[e], slot_number[:, k], ""),
            np.where(used, after[e], ""),
        ]
    pieces += [" [synthetic record ", number, "]"]
    return _joined(pieces, n)


def incidents_frame(n: int, *, seed: int = 0, offset: int = 0, clean: bool = False) -> Any:
    """Return :func:`acled_frame`'s records typed, as a GeoDataFrame of points (EPSG:4326).

    ``event_date`` is a datetime, codes and counts are nullable integers, text is ``string``;
    ``geometry`` is the record's point; ``dataset`` is ``ACLED``. The unknown event types of
    :func:`acled_frame` are never in it (the reader would have rejected them).
    """
    import geopandas as gpd

    frame = acled_frame(n, seed=seed, offset=offset, clean=clean)
    dates = pd.to_datetime(frame["event_date"], format="%d %B %Y")
    typed = frame.assign(event_date=dates.astype("datetime64[ns]"))
    for column in ("year", "time_precision", "geo_precision", "fatalities", "iso", "timestamp"):
        typed[column] = typed[column].astype("Int64")
    for column in typed.columns:
        if typed[column].dtype == object:
            typed[column] = typed[column].replace("", None).astype("string")
    typed["dataset"] = pd.Series("ACLED", index=typed.index, dtype="string")
    geometry = gpd.points_from_xy(typed["longitude"], typed["latitude"], crs="EPSG:4326")
    return gpd.GeoDataFrame(typed, geometry=geometry)


def chunks(n: int, chunk: int = DEFAULT_CHUNK) -> Iterator[tuple[int, int]]:
    """(offset, rows) of each chunk of a set of ``n`` rows."""
    for offset in range(0, n, chunk):
        yield offset, min(chunk, n - offset)


def _unknown_types(frame: pd.DataFrame, seed: int, offset: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, offset, 1])
    frame.loc[rng.random(len(frame)) < 0.0005, "event_type"] = "Skirmish"
    return frame


def write_incidents(
    n: int,
    out: str | Path,
    *,
    seed: int = 0,
    format: str = "csv",
    chunk: int = DEFAULT_CHUNK,
    clean: bool = False,
) -> list[Path]:
    """Write ``n`` synthetic incidents in chunks; return the files written.

    Parameters
    ----------
    n : int
        Number of incidents.
    out : str or Path
        A ``.csv`` file (csv only: the chunks appended to one file), or a folder of parts.
    seed : int, keyword-only
        Seed of the set.
    format : {"csv", "parquet"}, keyword-only
        ACLED CSV export(s), or typed GeoParquet parts.
    chunk : int, keyword-only
        Rows per chunk (and per part).
    clean : bool, keyword-only
        No deliberately bad rows.
    """
    if n < 1 or chunk < 1:
        raise ValueError("n and chunk must be >= 1")
    out = Path(out)
    files: list[Path] = []
    single = format == "csv" and out.suffix == ".csv"
    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be csv or parquet, not {format!r}")
    (out.parent if single else out).mkdir(parents=True, exist_ok=True)
    for k, (offset, rows) in enumerate(chunks(n, chunk)):
        if format == "parquet":
            part = out / f"part-{k:05d}.parquet"
            incidents_frame(rows, seed=seed, offset=offset, clean=clean).to_parquet(
                part, index=False
            )
            files.append(part)
            continue
        frame = acled_frame(rows, seed=seed, offset=offset, clean=clean)
        if not clean:
            frame = _unknown_types(frame, seed, offset)
        target = out if single else out / f"part-{k:05d}.csv"
        first = k == 0 or not single
        frame.to_csv(
            target,
            mode="w" if first else "a",
            header=first,
            index=False,
            quoting=csv.QUOTE_MINIMAL,
            lineterminator="\n",
        )
        if first:
            files.append(target)
    return files


def main(argv: list[str] | None = None) -> int:
    """The command line: ``generate.py N OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=lambda s: int(float(s)), help="number of incidents (1e6 works)")
    parser.add_argument("out", help="a .csv file or a folder of parts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="rows per chunk/part")
    parser.add_argument("--clean", action="store_true", help="no deliberately bad rows")
    args = parser.parse_args(argv)
    files = write_incidents(
        args.n, args.out, seed=args.seed, format=args.format, chunk=args.chunk, clean=args.clean
    )
    print(f"{args.n:,} incidents in {len(files)} file(s) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
