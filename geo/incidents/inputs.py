"""What ``bordermap build --input PATH`` reads: any mix of incident files and news stories.

``PATH`` is a file or a folder (its files, not its sub-folders; hidden files and ``.meta.json``
sidecars are not inputs of their own):

- ``*.txt`` (plain text) and ``*.html``/``*.htm`` (web pages) are news stories
  (:func:`geo.text.articles.article_from_path`; a ``<name>.meta.json`` beside one gives its
  title and publication date);
- every other file is an incident file if :func:`geo.incidents.readers.format_from_path` can
  tell its format: ACLED or UCDP GED exports, the project's incidents CSV or GeoJSON. In a
  folder, a file whose format cannot be told (a report of an earlier run, a spreadsheet of
  notes) or a GeoJSON whose first 64 KB of text (unpacked, decoded:
  :func:`~geo.incidents.readers.head_from_path`) name no ``event_id_cnty`` (``places.geojson``) is
  skipped and listed with the reason; a file given by name must be an incident file.

Stories with records behind them
--------------------------------
A story is drafted into incidents (:func:`geo.incidents.draft.incidents_from_article`,
``review_status`` draft, evidence kept, ``dataset`` "bordermap draft", ``drafted_from`` the
story's file) unless records stand for it:

1. **cited**: a record's ``source`` or ``source_url`` names the story's file, or a record's
   ``evidence`` quotes it (its first 60 characters are in the story, blanks normalised): an
   analyst coded this story, so it is not drafted at all;
2. **matched**: after the join, a drafted incident is dropped when a record (of any dataset)
   lies at the same place — the same gazetteer place, the same location name, or within
   :data:`SAME_PLACE_KM` — and its dates overlap the draft's (each bounded by
   ``date_earliest``/``event_date``/``date_latest``, a day of slack; an open bound overlaps
   everything). A draft without an ``event_date`` (only bounded, or not dated at all) is
   matched only by a record of the same ``event_type`` there.

A story without a publication date is drafted with the dates it states in full only ("11 May
2023"; "on Thursday" cannot be resolved) and ``source`` says "publication date unknown":
its drafts are mostly undated, drawn with the undated ring, and matched as undated drafts.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import DataFileError, IncidentsValidationError, InputNotFoundError
from geo.incidents.draft import incidents_from_article
from geo.incidents.join import JoinResult, incidents_with_places, merged_duplicates
from geo.incidents.readers import format_from_path, head_from_path, read_incidents
from geo.incidents.records import IncidentRead
from geo.incidents.schema import DateOrder
from geo.places.distance import distance_km
from geo.places.gazetteer import Gazetteer
from geo.text.articles import STORY_SUFFIXES, Article, article_from_path

__all__ = [
    "DRAFT_DATASET",
    "SAME_PLACE_KM",
    "InputFiles",
    "InputRead",
    "incidents_from_inputs",
    "incidents_from_reads",
    "input_files",
]

logger = logging.getLogger(__name__)

#: ``dataset`` of the incidents drafted from stories.
DRAFT_DATASET: Final = "bordermap draft"
#: A draft and a record this close (km) are at the same place.
SAME_PLACE_KM: Final = 10.0
_QUOTE_CHARS: Final = 60
_SLACK: Final = np.timedelta64(1, "D")
_PROBLEM_COLUMNS: Final = ("path", "line", "event_id_cnty", "column", "value", "reason")


@dataclass(frozen=True)
class InputFiles:
    """The inputs found at a path.

    Attributes
    ----------
    records : list of pathlib.Path
        Incident files (their formats were told), sorted by name.
    stories : list of pathlib.Path
        News stories (``*.txt``, ``*.html``, ``*.htm``), sorted by name.
    skipped : list of (pathlib.Path, str)
        Files of a folder that are not inputs, with the reason.
    """

    records: list[Path] = field(default_factory=list)
    stories: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def input_files(path: str | os.PathLike[str], *, encoding: str | None = None) -> InputFiles:
    """Sort the files at ``path`` into incident files and stories (module docstring).

    Parameters
    ----------
    path : str or path-like
        A file or a folder.
    encoding : str, optional, keyword-only
        Text encoding of incident files that are not UTF-8 (see
        :func:`~geo.incidents.readers.read_incidents`): their format is told in it.

    Returns
    -------
    InputFiles

    Raises
    ------
    InputNotFoundError
        ``path`` does not exist, or holds neither an incident file nor a story.
    DataFileError
        ``path`` is a file whose format cannot be told, or not a regular file or folder.

    Examples
    --------
    >>> found = input_files("seeds")
    >>> [p.name for p in found.records], [p.name for p in found.stories]
    (['incidents.csv'], ['000_1ae35c016cd00801.txt'])
    """
    path = Path(path)
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix.lower() in STORY_SUFFIXES:
            return InputFiles(stories=[path])
        format_from_path(path, encoding=encoding)  # a file given by name: an incident file
        return InputFiles(records=[path])
    if not path.is_dir():
        raise DataFileError(f"{path}: not a regular file (a pipe, device or socket)")
    found = InputFiles()
    for child in sorted(path.iterdir()):
        if child.name.startswith(".") or child.is_dir() or child.name.endswith(".meta.json"):
            continue
        if child.exists() and not child.is_file():  # would block, or never end
            found.skipped.append((child, "not a regular file (a pipe, device or socket)"))
            continue
        if child.suffix.lower() in STORY_SUFFIXES:
            found.stories.append(child)
            continue
        try:
            fmt = format_from_path(child, encoding=encoding)
        except DataFileError as exc:
            said = str(exc).removeprefix(f"{child}: ").removeprefix(f"{child}/")  # its member
            found.skipped.append((child, said))
            continue
        if fmt == "geojson" and b'"event_id_cnty"' not in head_from_path(child, encoding=encoding):
            found.skipped.append((child, "a GeoJSON without incident records (no event_id_cnty)"))
            continue
        found.records.append(child)
    if not found.records and not found.stories:
        raise InputNotFoundError(
            f"{path}: no incident file (ACLED, UCDP GED, bordermap CSV or GeoJSON) and no "
            "story (*.txt, *.html) in it"
        )
    return found


@dataclass(frozen=True)
class InputRead:
    """Everything read at a path, placed on the map.

    Attributes
    ----------
    joined : JoinResult
        Records and the drafts kept, with geometry (:func:`~geo.incidents.join.incidents_with_places`).
    rejected : pandas.DataFrame
        Rejected rows of every incident file (as :attr:`IncidentRead.rejected`).
    articles : list of Article
        Every story.
    files : InputFiles
        What was found at the path.
    stories : pandas.DataFrame
        One row per story: ``story``, ``status`` ("cited", "drafted"), ``drafted`` (incidents
        drafted), ``kept`` (drafts on the map), ``reason``.
    """

    joined: JoinResult
    rejected: pd.DataFrame
    articles: list[Article]
    files: InputFiles
    stories: pd.DataFrame


def incidents_from_inputs(
    files: InputFiles,
    *,
    errors: Literal["raise", "reject"] = "raise",
    date_order: DateOrder = "auto",
    encoding: str | None = None,
    gazetteer: Gazetteer | None = None,
    countries: Iterable[str] = (),
) -> InputRead:
    """Read every incident file, draft the stories no record stands for, place them all.

    Parameters
    ----------
    files : InputFiles
        From :func:`input_files`.
    errors : {"raise", "reject"}, keyword-only
        Invalid rows: fail (default; every problem of every file listed) or leave them out.
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of dates such as ``05/06/2020`` (see :func:`read_incidents`).
    encoding : str, optional, keyword-only
        Text encoding of incident files and stories that are not UTF-8 (see
        :func:`read_incidents`).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the country the stories report on: their villages are kept
        where a story that names no country keeps only large towns
        (:func:`geo.incidents.draft.drafts_from_article`). Records keep their own country.

    Returns
    -------
    InputRead
        Records keep their columns; with several incident files ``source_file`` names each
        row's, and ``dataset`` is kept unless every row is the project's own CSV's. Records
        of two datasets that are the same event are merged
        (:func:`~geo.incidents.join.merged_duplicates`).

    Raises
    ------
    IncidentsValidationError
        With ``errors="raise"``, when any row of any file is invalid.
    DataFileError
        A file cannot be read.
    """
    read = _records(files.records, date_order=date_order, encoding=encoding)
    if errors == "raise" and len(read.rejected):
        raise IncidentsValidationError(read.problems)
    articles = [article_from_path(p, encoding=encoding) for p in files.stories]
    cited = _cited(read.incidents, articles)
    drafts = [
        _drafts(a, gazetteer, countries) if not c else read.incidents.iloc[:0]
        for a, c in zip(articles, cited, strict=True)
    ]
    drafts = _drafts_named_apart(drafts, articles, read.incidents)
    incidents = _combined(read.incidents, drafts, several_files=len(files.records) > 1)
    joined = incidents_with_places(incidents, gazetteer=gazetteer)
    joined, recorded = _without_recorded_drafts(joined)
    if _record_datasets(joined.incidents) > 1:
        joined = dataclasses.replace(joined, incidents=merged_duplicates(joined.incidents))
    stories = _story_table(articles, cited, drafts, recorded)
    return InputRead(joined, read.rejected, articles, files, stories)


def _records(paths: Sequence[Path], *, date_order: DateOrder, encoding: str | None) -> IncidentRead:
    """Every incident file read, one after the other (:func:`incidents_from_reads`)."""
    reads = []
    for path in paths:
        read = read_incidents(path, date_order=date_order, encoding=encoding)
        logger.info(
            "%s: %d incident(s), %d problem(s)", path, len(read.incidents), len(read.rejected)
        )
        reads.append((str(path), read))
    return incidents_from_reads(reads)


def incidents_from_reads(reads: Sequence[tuple[str, IncidentRead]]) -> IncidentRead:
    """The incidents and rejects of several files read, as one.

    Parameters
    ----------
    reads : sequence of (str, IncidentRead)
        Each file's path and what its reader found, in input order.

    Returns
    -------
    IncidentRead
        With several files, ``source_file`` names each row's file, and an
        ``event_id_cnty`` found in two files is a row problem by the rule within one file
        (a reader's): an exact copy of an earlier row is rejected, and every row of a
        conflict (one id, different values). No file: an empty table.
    """
    if not reads:
        from geo.incidents.records import incidents_frame

        empty = incidents_frame([])
        return IncidentRead(empty, pd.DataFrame(columns=["path", "line", "event_id_cnty"]))
    if len(reads) == 1:
        return reads[0][1]
    frames = [
        read.incidents.assign(source_file=pd.array([path] * len(read.incidents), dtype="string"))
        for path, read in reads
    ]
    rejects = [read.rejected for _, read in reads]
    incidents = pd.concat(frames, ignore_index=True)
    repeated = _repeated_ids(incidents)
    if len(repeated):
        keep = ~incidents.index.isin(repeated.index)
        incidents = incidents[keep].reset_index(drop=True)
        rejects.append(repeated.reset_index(drop=True))
    return IncidentRead(incidents, pd.concat(rejects, ignore_index=True))


def _repeated_ids(incidents: pd.DataFrame) -> pd.DataFrame:
    """The problems of ids that repeat across incident files (each reader finds the repeats
    within its file), by the rule within a file: an exact copy of an earlier row is left out;
    the rows of a conflict (one id, different values) all are. Indexed by the rows left out.
    """
    ids = incidents["event_id_cnty"].astype("string")
    repeated = (ids.duplicated(keep=False) & ids.notna()).to_numpy(dtype=bool)
    if not repeated.any():
        return pd.DataFrame(columns=_PROBLEM_COLUMNS)
    rows = incidents[repeated]
    content = rows.drop(columns=["source_line", "source_file"])
    where = rows["source_file"].astype(str) + " line " + rows["source_line"].astype(str)
    frame = pd.DataFrame(
        {
            "id": ids[repeated],
            "key": pd.util.hash_pandas_object(content, index=False),
            "where": where,
        }
    )
    groups = frame.groupby("id", sort=False)
    identical = groups["key"].transform("nunique").eq(1)
    first = groups["where"].transform("first")
    every = groups["where"].transform(", ".join)
    copy = identical & frame["where"].ne(first)
    reason = ("duplicate event_id_cnty: exact copy of " + first).where(
        identical, "duplicate event_id_cnty with different values (" + every + ")"
    )
    out = rows[(copy | ~identical).to_numpy(dtype=bool)]
    return pd.DataFrame(
        {
            "path": out["source_file"].astype(str),
            "line": out["source_line"],
            "event_id_cnty": ids[out.index],
            "column": "event_id_cnty",
            "value": ids[out.index],
            "reason": reason[out.index],
        },
        index=out.index,
    )


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _cited(records: pd.DataFrame, articles: Sequence[Article]) -> list[bool]:
    """Per story: a record cites it (its file named in ``source``/``source_url``) or quotes
    it (the first 60 characters of a record's ``evidence`` are in the story)."""
    if not articles or not len(records):
        return [False] * len(articles)
    named = " \n".join(
        str(v) for c in ("source", "source_url") if c in records for v in records[c].dropna()
    )
    quotes = []
    if "evidence" in records:
        quotes = [_normalised(str(e))[:_QUOTE_CHARS] for e in records["evidence"].dropna()]
        quotes = [q for q in quotes if len(q) >= 20]
    out = []
    for article in articles:
        text = _normalised(article.text)
        out.append(article.name in named or any(q in text for q in quotes))
    return out


def _drafts(
    article: Article, gazetteer: Gazetteer | None, countries: Iterable[str]
) -> pd.DataFrame:
    frame = incidents_from_article(
        article, gazetteer=gazetteer, undated="draft", countries=countries
    )
    frame["dataset"] = pd.array([DRAFT_DATASET] * len(frame), dtype="string")
    frame["drafted_from"] = pd.array([article.name] * len(frame), dtype="string")
    return frame


def _drafts_named_apart(
    drafts: Sequence[pd.DataFrame], articles: Sequence[Article], records: pd.DataFrame
) -> list[pd.DataFrame]:
    """Drafts get ids no record and no other story's drafts have: ``DRAFT-story-1``, or
    ``DRAFT-story.txt-1`` when another story shares the name (``story.html``) or a record
    has the id (a draft kept in the incidents), then ``DRAFT-story.txt-2-1``..."""
    stems = Counter(a.path.stem for a, d in zip(articles, drafts, strict=True) if len(d))
    taken = set(records["event_id_cnty"].dropna().astype(str))
    out = []
    for article, draft in zip(articles, drafts, strict=True):
        if len(draft):
            shared = stems[article.path.stem] > 1
            draft = draft.assign(event_id_cnty=_free_draft_ids(draft, article, shared, taken))
            taken |= set(draft["event_id_cnty"])
        out.append(draft)
    return out


def _free_draft_ids(
    draft: pd.DataFrame, article: Article, shared: bool, taken: set[str]
) -> pd.Series:
    """The draft's ids under the first prefix that gives none of ``taken``."""
    number = draft["event_id_cnty"].astype("string").str.rsplit("-", n=1).str[-1]
    prefixes = [] if shared else [f"DRAFT-{article.path.stem}-"]
    prefixes.append(f"DRAFT-{article.path.name}-")
    k = 2
    while True:
        for prefix in prefixes:
            ids = prefix + number
            if taken.isdisjoint(ids):
                return ids
        prefixes = [f"DRAFT-{article.path.name}-{k}-"]
        k += 1


def _combined(
    records: pd.DataFrame, drafts: Sequence[pd.DataFrame], *, several_files: bool
) -> pd.DataFrame:
    """Records then drafts; ``dataset`` dropped when every row is the project's own CSV's."""
    made = [d for d in drafts if len(d)]
    if made and several_files:
        made = [
            d.assign(source_file=pd.array([str(d["drafted_from"].iloc[0])] * len(d), "string"))
            for d in made
        ]
    frame = pd.concat([records, *made], ignore_index=True) if made else records
    if "dataset" in frame.columns and frame["dataset"].eq("bordermap").all():
        frame = frame.drop(columns=["dataset"])
    return frame


def _record_datasets(gdf: pd.DataFrame) -> int:
    if "dataset" not in gdf.columns:
        return 1
    return int(gdf.loc[gdf["dataset"] != DRAFT_DATASET, "dataset"].nunique())


def _story_table(
    articles: Sequence[Article],
    cited: Sequence[bool],
    drafts: Sequence[pd.DataFrame],
    recorded: pd.Series,
) -> pd.DataFrame:
    rows = []
    for article, is_cited, frame in zip(articles, cited, drafts, strict=True):
        ids = set(frame["event_id_cnty"]) if len(frame) else set()
        dropped = int(recorded[recorded.isin(ids)].size) if ids else 0
        rows.append(
            {
                "story": article.name,
                "status": "cited" if is_cited else "drafted",
                "drafted": len(frame),
                "kept": len(frame) - dropped,
                "published": article.published.isoformat() if article.published else "",
            }
        )
    return pd.DataFrame(rows, columns=["story", "status", "drafted", "kept", "published"])


# --------------------------------------------------------------------- drafts vs records
def _days(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A date column as ``datetime64[ms]`` (all ``NaT`` when the frame lacks it)."""
    if column not in frame.columns:
        return np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ms]")
    return frame[column].to_numpy(dtype="datetime64[ms]")


def _interval(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's date interval (earliest, latest); open bounds as the far past / future."""
    date = _days(frame, "event_date")
    earliest, latest = _days(frame, "date_earliest"), _days(frame, "date_latest")
    lo = np.where(np.isnat(earliest), date, earliest)
    hi = np.where(np.isnat(latest), date, latest)
    lo = np.where(np.isnat(lo), np.datetime64("0001-01-01", "ms"), lo)
    hi = np.where(np.isnat(hi), np.datetime64("9999-12-31", "ms"), hi)
    return lo, hi


def _points(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A point on each geometry (lon, lat; NaN where there is none)."""
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    lon, lat = np.full(len(geoms), np.nan), np.full(len(geoms), np.nan)
    if ok.any():
        rep = shapely.point_on_surface(geoms[ok])
        lon[ok], lat[ok] = shapely.get_x(rep), shapely.get_y(rep)
    return lon, lat


def _folded(gdf: pd.DataFrame, column: str) -> np.ndarray:
    """A text column case-folded and stripped (``""`` where empty or absent)."""
    if column not in gdf.columns:
        return np.full(len(gdf), "", dtype=object)
    values = gdf[column].astype("string").fillna("").str.casefold().str.strip()
    return values.to_numpy(dtype=object)


def _without_recorded_drafts(joined: JoinResult) -> tuple[JoinResult, pd.Series]:
    """Drop the drafts a record stands for (module docstring); return their ids too."""
    gdf = joined.incidents
    none = pd.Series([], dtype=object)
    if "drafted_from" not in gdf.columns:
        return joined, none
    draft = gdf["drafted_from"].notna().to_numpy()
    if not draft.any() or draft.all():
        return joined, none
    recorded = _recorded(gdf, draft)
    if not recorded.any():
        return joined, none
    ids = gdf.loc[recorded, "event_id_cnty"].astype(str).reset_index(drop=True)
    gone = set(ids)
    logger.info("%d drafted incident(s) have a record behind them: not mapped", len(gone))
    kept = JoinResult(
        incidents=gdf[~recorded].reset_index(drop=True),
        unresolved=_without_ids(joined.unresolved, gone),
        ambiguous=_without_ids(joined.ambiguous, gone),
        flagged=_without_ids(joined.flagged, gone),
    )
    return kept, ids


def _without_ids(frame: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    if not len(frame):
        return frame
    return frame[~frame["event_id_cnty"].astype(str).isin(ids)].reset_index(drop=True)


def _recorded(gdf: gpd.GeoDataFrame, draft: np.ndarray) -> np.ndarray:
    """Mask of the draft rows a record (a non-draft row) has the same place and dates as."""
    lo, hi = _interval(gdf)
    lon, lat = _points(gdf)
    place_id, location = _folded(gdf, "place_id"), _folded(gdf, "location")
    kind = _folded(gdf, "event_type")
    undated = np.isnat(_days(gdf, "event_date"))
    rec = np.flatnonzero(~draft)
    out = np.zeros(len(gdf), dtype=bool)
    for i in np.flatnonzero(draft):
        same = ((place_id[rec] == place_id[i]) & (place_id[i] != "")) | (
            (location[rec] == location[i]) & (location[i] != "")
        )
        if not np.isnan(lon[i]):
            with np.errstate(invalid="ignore"):
                same |= distance_km(lon[i], lat[i], lon[rec], lat[rec]) <= SAME_PLACE_KM
        dates = (lo[i] <= hi[rec] + _SLACK) & (lo[rec] <= hi[i] + _SLACK)
        if undated[i]:
            dates &= kind[rec] == kind[i]
        out[i] = bool((same & dates).any())
    return out
