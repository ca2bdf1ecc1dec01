"""The main job: a folder of articles and incident records -> map, GeoJSON and reports.

Inputs (``--input``, default ``seeds/``): ``incidents.csv`` in the incident schema and any
``*.txt`` articles with ``.meta.json`` sidecars. Outputs (``--output``, default ``out/``):

- ``map.html`` — the layered map;
- ``incidents.geojson`` and ``places.geojson`` — RFC 7946;
- ``unresolved.csv`` — incidents whose place could not be resolved (kept, not dropped);
- ``rejected.csv`` — rows rejected by validation (only with ``errors="reject"``).

Everything is first written to a staging folder inside the output folder; only when every
file is complete are they renamed into place, one ``os.replace`` each. A run that fails
leaves the previous outputs as they were.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from geo.errors import DataFileError, IncidentsValidationError
from geo.exports.writers import write_csv, write_geojson
from geo.incidents.join import incidents_with_places
from geo.incidents.records import read_incidents_csv
from geo.incidents.schema import incident_gdf_schema
from geo.places.reference import reference_features
from geo.text.articles import articles_from_dir
from geo.text.geoparse import places_from_text
from layers.map import incident_map, save_map

__all__ = ["BuildResult", "build"]

logger = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What :func:`build` did."""

    output_dir: Path
    incidents: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    ambiguous: pd.DataFrame
    rejected: pd.DataFrame
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def map_path(self) -> Path:
        """The map's path."""
        return self.files["map"]


def build(
    input_dir: str | os.PathLike[str] = "seeds",
    output_dir: str | os.PathLike[str] = "out",
    *,
    errors: Literal["raise", "reject"] = "raise",
    offline_html: bool = False,
) -> BuildResult:
    """Build the map and exports from a folder of inputs.

    Parameters
    ----------
    input_dir : path-like
        Folder with ``incidents.csv`` and articles.
    output_dir : path-like
        Folder for the outputs (created if missing).
    errors : {"raise", "reject"}, keyword-only
        What to do with invalid incident rows: fail the whole build (default), or leave
        them out and list them in ``rejected.csv``.
    offline_html : bool, keyword-only
        Write ``map.html`` self-contained: scripts and stylesheets inlined (npm packages of
        ``layers/vendor``, installed on first use) and country outlines instead of tiles, so
        it renders with no network.

    Raises
    ------
    DataFileError
        ``incidents.csv`` is missing or unreadable.
    IncidentsValidationError
        With ``errors="raise"``, when any row is invalid (file, line and column named).
    """
    source = Path(input_dir)
    target = Path(output_dir)
    csv_path = source / "incidents.csv"
    if not csv_path.exists():
        raise DataFileError(f"{csv_path}: no such file (the input folder needs an incidents.csv)")
    read = read_incidents_csv(csv_path)
    if errors == "raise" and len(read.rejected):
        raise IncidentsValidationError(read.problems)

    articles = articles_from_dir(source)
    frames = []
    for article in articles:
        found = places_from_text(article.text)
        found.insert(0, "article", article.name)
        frames.append(found)
    places = (
        gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
        if frames
        else gpd.GeoDataFrame(
            {"article": [], "place_id": [], "name": []}, geometry=[], crs="EPSG:4326"
        )
    )
    joined = incidents_with_places(read.incidents)
    # The join's own output, checked on the way out.
    incident_gdf_schema().validate(joined.incidents)
    features = reference_features()
    title = articles[0].title if len(articles) == 1 and articles[0].title else "bordermap"
    fmap = incident_map(
        joined.incidents,
        places=places if len(places) else None,
        features=features,
        title=title,
        offline=offline_html,
    )

    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target))
    try:
        files = {
            "map": save_map(fmap, staging / "map.html", offline=offline_html),
            "incidents": write_geojson(joined.incidents, staging / "incidents.geojson"),
            "places": write_geojson(places, staging / "places.geojson"),
            "unresolved": write_csv(joined.unresolved, staging / "unresolved.csv"),
        }
        if errors == "reject":
            files["rejected"] = write_csv(read.rejected, staging / "rejected.csv")
        final: dict[str, Path] = {}
        for key, path in files.items():
            destination = target / path.name
            path.replace(destination)
            final[key] = destination
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("built %s", final["map"])
    return BuildResult(
        output_dir=target,
        incidents=joined.incidents,
        places=places,
        unresolved=joined.unresolved,
        ambiguous=joined.ambiguous,
        rejected=read.rejected,
        files=final,
    )
