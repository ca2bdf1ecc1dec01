"""The main job: incident records and news stories -> map, GeoJSON and reports.

Inputs (``--input``, default ``seeds/``): a file or a folder holding any mix of ACLED or UCDP
GED exports, the project's incidents CSV or GeoJSON, and news stories (``*.txt``,
``*.html``, with or without a ``.meta.json`` sidecar); stories no record stands for are drafted
into incidents and mapped as machine drafts (:mod:`geo.incidents.inputs`). Outputs (``--output``, default
``out/``):

- ``map.html`` — the layered map;
- ``incidents.geojson`` and ``places.geojson`` — RFC 7946;
- ``unresolved.csv`` — incidents whose place could not be resolved (kept, not dropped);
- ``coord_checks.csv`` — incidents whose coordinates disagree with the place they name
  (``coord_check``: swapped latitude/longitude, far from the place, outside the country);
- ``rejected.csv`` — rows rejected by validation (only with ``errors="reject"``; removed by
  a build that rejects nothing, so an earlier run's list never outlives it).

These are the files ``build`` owns in its output folder (:data:`BUILD_OUTPUTS`); it leaves any
other file there alone. They change as a set (:func:`geo.exports.output_set`): written into a
staging folder, then moved in by one commit that a stopped run's successor finishes, so the
folder holds every previous output or every new one. A run that fails leaves the previous
outputs as they were; two runs into one folder take turns.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import geopandas as gpd
import pandas as pd

from bordermap.failures import working_on
from geo import IncidentsValidationError, InputNotFoundError
from geo.exports import output_set, recover_outputs, write_csv, write_geojson
from geo.incidents import (
    DateOrder,
    IncidentRead,
    InputFiles,
    incident_gdf_schema,
    incidents_from_inputs,
    input_files,
    read_incidents_csv,
)
from geo.places import reference_features
from geo.store import (
    changes_from_store,
    features_from_store,
    incidents_from_store,
    places_from_store,
)
from geo.text import Article, places_from_text
from layers import changes_layer, incident_map, save_map

if TYPE_CHECKING:
    import folium

    from geo.store import Store

__all__ = [
    "BUILD_OUTPUTS",
    "BuildResult",
    "build",
    "build_from_store",
    "incidents_csv",
    "incidents_from_folder",
    "places_from_articles",
]

logger = logging.getLogger(__name__)

#: The files ``build`` owns in its output folder (written, replaced, removed when stale).
BUILD_OUTPUTS: Final[tuple[str, ...]] = (
    "map.html",
    "incidents.geojson",
    "places.geojson",
    "unresolved.csv",
    "coord_checks.csv",
    "rejected.csv",
)


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
    #: what was found at the input path, and per story whether it was drafted
    inputs: InputFiles = field(default_factory=InputFiles)
    stories: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: incidents whose coordinates disagree with their place (``coord_checks.csv``)
    flagged: pd.DataFrame = field(default_factory=pd.DataFrame)

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
    date_order: DateOrder = "auto",
    encoding: str | None = None,
    countries: Sequence[str] = (),
) -> BuildResult:
    """Build the map and exports from incident files and stories.

    Parameters
    ----------
    input_dir : path-like
        A file or a folder: incident files of any format and stories
        (:func:`geo.incidents.inputs.input_files`).
    output_dir : path-like
        Folder for the outputs (created if missing).
    errors : {"raise", "reject"}, keyword-only
        What to do with invalid incident rows: fail the whole build (default), or leave
        them out and list them in ``rejected.csv``.
    offline_html : bool, keyword-only
        Write ``map.html`` self-contained: scripts and stylesheets inlined (npm packages of
        ``layers/vendor``, installed on first use) and country outlines instead of tiles, so
        it renders with no network.
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of dates such as ``05/06/2020`` in the incident files.
    encoding : str, optional, keyword-only
        Text encoding of incident files that are not UTF-8 (``cp1252``...; see
        :func:`geo.incidents.read_incidents`).
    countries : sequence of str, keyword-only
        ISO alpha-2 codes of the country the stories report on: their villages are drafted
        and listed where a story that names no country keeps only large towns. Records keep
        their own country.

    Raises
    ------
    InputNotFoundError
        The input path does not exist or holds no input (a :class:`~geo.errors.DataFileError`).
    DataFileError
        An incident file is unreadable.
    IncidentsValidationError
        With ``errors="raise"``, when any row is invalid (file, line and column named).
    """
    source = Path(input_dir)
    target = Path(output_dir)
    recover_outputs(target)
    with working_on(source):
        read = incidents_from_inputs(
            input_files(source, encoding=encoding),
            errors=errors,
            date_order=date_order,
            encoding=encoding,
            countries=countries,
        )
        articles = read.articles
        found = places_from_articles(articles, countries=countries)
        places = found if found is not None else _no_places()
        joined = read.joined
        # The join's own output, checked on the way out.
        incident_gdf_schema().validate(joined.incidents)
        title = articles[0].title if len(articles) == 1 and articles[0].title else "bordermap"
        fmap = incident_map(
            joined.incidents,
            places=places if len(places) else None,
            features=reference_features(bbox=_area(joined.incidents, places)),
            title=title,
            offline=offline_html,
        )
    reports = {"unresolved": joined.unresolved, "coord_checks": joined.flagged}
    if errors == "reject":
        reports["rejected"] = read.rejected
    final = _written(target, fmap, joined.incidents, places, reports, offline=offline_html)
    return BuildResult(
        output_dir=target,
        incidents=joined.incidents,
        places=places,
        unresolved=joined.unresolved,
        ambiguous=joined.ambiguous,
        rejected=read.rejected,
        files=final,
        inputs=read.files,
        stories=read.stories,
        flagged=joined.flagged,
    )


def incidents_from_folder(
    input_dir: str | os.PathLike[str],
    *,
    errors: Literal["raise", "reject"] = "raise",
    encoding: str | None = None,
) -> IncidentRead:
    """Read and validate the ``incidents.csv`` of an input folder.

    Parameters
    ----------
    input_dir : path-like
        Folder with ``incidents.csv``.
    errors : {"raise", "reject"}, keyword-only
        Fail on any invalid row (default), or return the valid rows and the rejects.
    encoding : str, optional, keyword-only
        Its text encoding when it is not UTF-8 (:func:`geo.incidents.read_incidents_csv`).

    Raises
    ------
    InputNotFoundError
        The folder has no ``incidents.csv``.
    DataFileError
        ``incidents.csv`` is unreadable.
    IncidentsValidationError
        With ``errors="raise"``, when any row is invalid (file, line and column named).
    """
    path = incidents_csv(input_dir)
    with working_on(path):
        read = read_incidents_csv(path, encoding=encoding)
    if errors == "raise" and len(read.rejected):
        raise IncidentsValidationError(read.problems)
    return read


def incidents_csv(input_dir: str | os.PathLike[str]) -> Path:
    """Return the path of an input folder's ``incidents.csv``.

    Raises
    ------
    InputNotFoundError
        The folder has no ``incidents.csv``, or is a file.
    """
    if Path(input_dir).is_file():
        raise InputNotFoundError(
            f"{input_dir}: is a file; give the folder that holds it (an incidents.csv)"
        )
    csv_path = Path(input_dir) / "incidents.csv"
    if not csv_path.exists():
        raise InputNotFoundError(
            f"{csv_path}: no such file (the input folder needs an incidents.csv)"
        )
    return csv_path


def places_from_articles(
    articles: Sequence[Article], *, countries: Sequence[str] = ()
) -> gpd.GeoDataFrame | None:
    """Return the places the articles name, one row per mention, ``article`` first.

    ``None`` when there is no article (EPSG:4326 otherwise). ``countries``: see :func:`build`.
    """
    frames = []
    for article in articles:
        with working_on(article.path):
            found = places_from_text(article.text, countries=countries)
        found.insert(0, "article", article.name)
        frames.append(found)
    if not frames:
        return None
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


#: Degrees round the incidents and places within which reference features are drawn.
_REFERENCE_PAD_DEG: Final = 1.0


def _area(
    incidents: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None
) -> tuple[float, float, float, float] | None:
    """``(min lon, min lat, max lon, max lat)`` of the placed incidents and the places named
    (countries aside), padded by :data:`_REFERENCE_PAD_DEG`; ``None`` when nothing is placed
    (then every reference feature is drawn)."""
    frames = [incidents]
    if places is not None and len(places) and "feature_class" in places.columns:
        frames.append(places[places["feature_class"] != "country"])
    geoms = [g for f in frames for g in f.geometry.array if g is not None and not g.is_empty]
    if not geoms:
        return None
    minx, miny, maxx, maxy = gpd.GeoSeries(geoms).total_bounds
    pad = _REFERENCE_PAD_DEG
    return (float(minx) - pad, float(miny) - pad, float(maxx) + pad, float(maxy) + pad)


def _no_places() -> gpd.GeoDataFrame:
    """An empty places frame (EPSG:4326) for an input folder without articles."""
    return gpd.GeoDataFrame(
        {"article": [], "place_id": [], "name": []}, geometry=[], crs="EPSG:4326"
    )


def _written(
    target: Path,
    fmap: folium.Map,
    incidents: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    reports: dict[str, pd.DataFrame],
    *,
    offline: bool,
) -> dict[str, Path]:
    """Write the map, incidents.geojson, places.geojson and the CSV reports into ``target``,
    as one set (:data:`BUILD_OUTPUTS`; an owned report not written this time is removed).

    Returns the final paths by key (``map``, ``incidents``, ``places``, report keys).
    """
    with output_set(target, owned=BUILD_OUTPUTS) as out:
        save_map(fmap, out.path("map.html"), offline=offline)
        write_geojson(incidents, out.path("incidents.geojson"))
        write_geojson(places, out.path("places.geojson"))
        for key, frame in reports.items():
            write_csv(frame, out.path(f"{key}.csv"))
    final = {"map": target / "map.html", "incidents": target / "incidents.geojson"}
    final["places"] = target / "places.geojson"
    final.update({key: target / f"{key}.csv" for key in reports})
    logger.info("built %s", final["map"])
    return final


def build_from_store(
    store: Store,
    output_dir: str | os.PathLike[str] = "out",
    *,
    where: str | None = None,
    bbox: str | None = None,
    offline_html: bool = False,
) -> BuildResult:
    """Build the map and exports from the incident store instead of a folder.

    The map shows the store's current incidents (a ``where`` / ``bbox`` selection, see
    :func:`geo.incidents_from_store`), the places its articles mention, its reference
    features, and the changes of the last import as a layer of their own.

    Parameters
    ----------
    store : geo.Store
        From :func:`geo.open_store`.
    output_dir : path-like
        Folder for map.html, incidents.geojson, places.geojson and unresolved.csv.
    where, bbox : str, optional, keyword-only
        The selection (``--where``, ``--bbox``).
    offline_html : bool, keyword-only
        As for :func:`build`.
    """
    recover_outputs(output_dir)
    incidents = incidents_from_store(store, where=where, bbox=bbox)
    places = places_from_store(store)
    features = features_from_store(store)
    fmap = incident_map(
        incidents,
        places=places if len(places) else None,
        features=features if len(features) else reference_features(bbox=_area(incidents, places)),
        title="bordermap: the incident store",
        offline=offline_html,
    )
    changes = changes_from_store(store)
    if len(changes):
        changes_layer(changes).add_to(fmap)
    unplaced = incidents[incidents.geometry.isna() | incidents.geometry.is_empty]
    columns = [c for c in ("event_id_cnty", "dataset", "location", "country") if c in unplaced]
    unresolved = pd.DataFrame(unplaced[columns]).assign(reason="no geometry in the store")
    target = Path(output_dir)
    final = _written(
        target, fmap, incidents, places, {"unresolved": unresolved}, offline=offline_html
    )
    return BuildResult(
        output_dir=target,
        incidents=incidents,
        places=places,
        unresolved=unresolved,
        ambiguous=pd.DataFrame(),
        rejected=pd.DataFrame(),
        files=final,
    )
