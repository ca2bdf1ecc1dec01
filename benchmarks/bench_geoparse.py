"""Geoparser benchmarks: articles per second over the LGL corpus, and scaling with document size.

Baseline in the same run: geotext (``GeoText(text)``: regex matching of city and country
names, no resolution). Articles: the 588 LGL articles from ../shared (skipped without it).
Scaling: the seed story repeated to about 1 MB and 10 MB (time should grow linearly).
"""

from __future__ import annotations

from _harness import SHARED, Row, child


def run(*, quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    lgl = SHARED / "data" / "geoparsing" / "lgl.xml"
    if lgl.exists():
        limit = 100 if quick else 10**9
        res = child(
            f"""
            import xml.etree.ElementTree as ET
            texts = [a.findtext("text") or "" for a in ET.parse({str(lgl)!r}).getroot().iter("article")][:{limit}]
            from geo.text.geoparse import mentions_from_text
            mentions_from_text("Sotk, Armenia")  # load the gazetteer outside the timed loop
            t = time.perf_counter()
            n_mentions = sum(len(mentions_from_text(x)) for x in texts)
            seconds = time.perf_counter() - t
            from geotext import GeoText
            GeoText("Paris")
            t = time.perf_counter()
            for x in texts:
                GeoText(x)
            base = time.perf_counter() - t
            emit(seconds=seconds, base=base, n=len(texts), chars=sum(map(len, texts)), mentions=n_mentions)
            """
        )
        rows.append(
            Row(
                "geoparse LGL articles (recognise + resolve + role)",
                f"{res['n']:,} articles",
                res["seconds"],
                res["peak_mb"],
                "geotext GeoText(text) (recognition only)",
                res["base"],
                f"{res['mentions']:,} mentions; {res['chars'] / 1e6:.1f} M characters",
                rate=f"{res['n'] / res['seconds']:,.0f} articles/s",
            )
        )
    sizes = (1, 3) if quick else (1, 10)
    for megabytes in sizes:
        res = child(
            f"""
            story = open("seeds/000_1ae35c016cd00801.txt", encoding="utf-8").read()
            text = story * max(1, int({megabytes} * 1_000_000 / len(story)))
            from geo.text.geoparse import mentions_from_text
            mentions_from_text("Sotk, Armenia")
            t = time.perf_counter()
            n = len(mentions_from_text(text))
            emit(seconds=time.perf_counter() - t, chars=len(text), mentions=n)
            """
        )
        rows.append(
            Row(
                f"geoparse one {megabytes} MB document",
                f"{res['chars']:,} chars",
                res["seconds"],
                res["peak_mb"],
                note=f"{res['mentions']:,} mentions",
                rate=f"{res['chars'] / res['seconds'] / 1e6:.2f} MB/s",
            )
        )
    return rows
