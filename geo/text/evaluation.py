"""Measure a geoparser against gold corpora in the XML format of Gritta et al.

Corpora: LGL (Lieberman et al. 2010), TR-News and GeoWebNews (Gritta et al. 2019), GeoVirus
(Gritta et al. 2018) and WikToR share one shape::

    <articles>
      <article docid="...">
        <text>...</text>
        <toponyms>
          <toponym>
            <start>0</start><end>10</end><phrase>Alexandria</phrase>
            <gaztag geonameid="4314550"><lat>31.3113</lat><lon>-92.4451</lon>...</gaztag>
          </toponym>
        </toponyms>
      </article>
    </articles>

The reader is lenient about the variants: ``<location>`` for ``<toponym>`` (GeoVirus);
``<extractedName>``/``<toponymName>``/``<name>`` for ``<phrase>``; ``<latitude>``/
``<longitude>`` and ``<geonamesID>`` directly under the toponym (GeoWebNews); coordinates and
name on the article for WikToR's ``<toponymIndices>``; no ``docid`` (the article's position is
used). A toponym without coordinates is kept (it counts for recognition, not for distance).
GeoWebNews' generic location expressions (``Literal_Expression``, ``Non_Lit_Expression``:
"the street", "residents") are not toponyms and are left out (:data:`EXCLUDED_TYPES`).

Offsets: some corpora carry offsets that drifted from the text (117 of TR-News' 1,319
toponyms are 1-10 characters early, two have a wrong end; GeoVirus counts from 1, so every
one of its toponyms is one character late). When ``text[start:end]`` is not the
phrase, the toponym is moved to the phrase's nearest occurrence within
:data:`REALIGN_WINDOW` characters (``realigned=True``); when there is none the offsets stay.

Metrics (Gritta et al. 2018, "What's missing in geographical parsing?"; 2019, "A pragmatic
guide to geoparsing evaluation"):

* **precision, recall, F1** of recognition with *exact* span match: a predicted mention is a
  true positive when a gold toponym of the same document has the same ``(start, end)``
  (one-to-one). Every gold toponym counts, with or without coordinates (Gritta 2018 dropped
  the ones without; they are 12 % of LGL, mostly streets). 0.0 when a denominator is 0.
* **error distance** (km), for each gold toponym that was recognised *and* has gold
  coordinates (``n_resolved`` of them): the geodesic distance on the WGS84 ellipsoid
  (:func:`geo.places.distance.distance_km`) between the predicted point and the gold point. The predicted point
  is ``Place.anchor`` - for an area or a line a representative point on it, not its centroid.
  Point-to-point is the standard and the default; with ``contains_is_zero=True`` a predicted
  area that contains the gold point counts 0 km (Gritta 2019 discusses this for countries and
  regions). A recognised mention with no place counts the maximum error, 20,039 km.
* **acc_161**: the fraction of those errors <= 161 km (100 miles).
* **auc**: area under the curve of the sorted scaled log errors
  ``e_i = ln(1 + error_i) / ln(20039)`` (20,039 km: half the Earth's circumference, the
  largest possible error), the ``n`` sorted values placed evenly on ``x`` in [0, 1] and
  integrated with the trapezoidal rule - exactly Gritta's ``trapz(log_errors) /
  (ln(20039) * (n - 1))``, with ``e`` capped at 1. In [0, 1], lower is better; 0 for a
  perfect geocoder. With one error the AUC is that error's ``e``.
* **median_km**: median error.

Distance metrics are ``None`` when no gold toponym was resolved. Report scores on the *test*
half (:func:`split_documents`) of a corpus whose *dev* half was used to tune rules.

Incident notes
--------------
:func:`evaluate_notes` measures what an incident map needs: that each *incident* lands at
the right place. It reads a CSV of event notes with gold coordinates, ACLED-like
(:func:`notes_from_csv`: ``notes``, ``latitude``, ``longitude``, ``geo_precision``, and
``country`` or ``iso`` when present), geoparses each note *alone*, with the record's country
as context, takes its incident site (:func:`geo.text.sites.incident_site_from_text`, the rule
is written down there) and measures the geodesic distance from the site's point
(``Place.anchor``) to the gold point. Figures, overall and per ``geo_precision``:

* **acc_161**, **acc_25**: the share of *all* notes whose site is within 161 km / 25 km of
  the gold point (a note that got no site counts as a miss);
* **acc_161_located**, **acc_25_located**: the same over the notes that got a site;
* **median_km**: median error over the notes that got a site;
* **n_unlocated**: notes that got no site at all (no place named, or none in the record's
  country).
"""

from __future__ import annotations

import hashlib
import math
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, Protocol

import numpy as np
from shapely.geometry import Point

from geo.errors import BordermapError
from geo.places.distance import distance_km
from geo.text.geoparse import mentions_from_text, sentences_from_text
from geo.text.sites import incident_site_from_text

__all__ = [
    "EXCLUDED_TYPES",
    "MAX_ERROR_KM",
    "Document",
    "EvalResult",
    "GoldToponym",
    "Note",
    "NoteScores",
    "NotesResult",
    "auc_of_errors",
    "documents_from_xml",
    "evaluate",
    "evaluate_notes",
    "notes_from_csv",
    "split_documents",
    "split_notes",
]

#: Half the Earth's circumference (km), the largest possible error (Gritta et al. 2018).
MAX_ERROR_KM: Final = 20039.0
#: accuracy@k threshold (km).
ACC_KM: Final = 161.0
#: The finer threshold of the notes mode (km): a village, not just its region.
ACC_FINE_KM: Final = 25.0
#: GeoWebNews ``<type>`` values that mark generic location expressions, not toponyms.
EXCLUDED_TYPES: Final = frozenset({"Literal_Expression", "Non_Lit_Expression"})
#: How far (characters) a phrase is looked for when a toponym's offsets do not match it.
REALIGN_WINDOW: Final = 200

_PHRASE_TAGS: Final = ("phrase", "extractedName", "toponymName", "name")
_LAT_TAGS: Final = ("lat", "latitude")
_LON_TAGS: Final = ("lon", "longitude", "lng")
_ID_TAGS: Final = ("geonamesID", "geonameid", "geonameID", "geonameId")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym: ``text[start:end] == phrase``; coordinates may be missing."""

    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    realigned: bool = False

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Document:
    """One article of a gold corpus."""

    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]


class _MentionLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def place(self) -> Any: ...  # a Place (with .anchor (lon, lat), .geometry) or None


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Scores of one run; :meth:`as_dict` is what the CLI prints."""

    precision: float
    recall: float
    f1: float
    acc_161: float | None
    auc: float | None
    median_km: float | None
    n_gold: int
    n_pred: int
    n_resolved: int
    n_docs: int
    seconds: float
    docs_per_second: float
    true_positives: int = 0
    errors_km: tuple[float, ...] = ()
    #: ``(docid, start, end, phrase)`` of gold toponyms not found with the exact span.
    missed: tuple[tuple[str, int, int, str], ...] = field(default=(), repr=False)
    #: ``(docid, start, end, surface)`` of predicted mentions matching no gold span.
    spurious: tuple[tuple[str, int, int, str], ...] = field(default=(), repr=False)
    #: ``(docid, phrase, error_km)`` for every resolved gold toponym.
    resolved: tuple[tuple[str, str, float], ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, float | int | None]:
        """The headline figures, JSON-ready (floats rounded to 4 decimals)."""
        r = _rounded
        return {
            "precision": r(self.precision),
            "recall": r(self.recall),
            "f1": r(self.f1),
            "acc_161": r(self.acc_161),
            "auc": r(self.auc),
            "median_km": r(self.median_km),
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "n_resolved": self.n_resolved,
            "n_docs": self.n_docs,
            "seconds": r(self.seconds),
            "docs_per_second": r(self.docs_per_second),
        }


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# --- reading -------------------------------------------------------------------------------


def _child_text(element: ET.Element, tags: Iterable[str]) -> str | None:
    for tag in tags:
        child = element.find(tag)
        if child is not None and child.text is not None and child.text.strip():
            return child.text.strip()
    return None


def _float(value: str | None, *, decimal_comma: bool = False) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.replace(",", ".") if decimal_comma else value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int, bool]:
    """Move ``(start, end)`` to the nearest occurrence of ``phrase`` when they disagree."""
    if text[start:end] == phrase or not phrase:
        return start, end, False
    lo = max(0, start - REALIGN_WINDOW)
    hi = min(len(text), start + REALIGN_WINDOW + len(phrase))
    best: int | None = None
    at = text.find(phrase, lo, hi)
    while at != -1:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(phrase, at + 1, hi)
    if best is None:
        return start, end, False
    return best, best + len(phrase), True


def _toponym(
    element: ET.Element, text: str, article: ET.Element, *, realign: bool
) -> GoldToponym | None:
    start, end = _int(_child_text(element, ("start",))), _int(_child_text(element, ("end",)))
    if start is None or end is None:
        return None
    if _child_text(element, ("type",)) in EXCLUDED_TYPES:
        return None
    phrase = _child_text(element, _PHRASE_TAGS)
    if phrase is None:  # WikToR: the name is on the article
        phrase = _child_text(article, ("toponymName",)) or text[start:end]
    gaztag = element.find("gaztag")
    holders = [element] + ([gaztag] if gaztag is not None else [])
    lat = lon = None
    for holder in holders:
        lat, lon = _float(_child_text(holder, _LAT_TAGS)), _float(_child_text(holder, _LON_TAGS))
        if lat is not None and lon is not None:
            break
    if lat is None or lon is None:  # WikToR: one place per article, coordinates on it
        lat, lon = _float(_child_text(article, _LAT_TAGS)), _float(_child_text(article, _LON_TAGS))
    if lat is None or lon is None:
        lat = lon = None
    geonameid = _int(gaztag.get("geonameid")) if gaztag is not None else None
    if geonameid is None:
        geonameid = _int(_child_text(element, _ID_TAGS))
    moved = False
    if realign:
        start, end, moved = _realign(text, start, end, phrase)
    return GoldToponym(start, end, phrase, lat, lon, geonameid, moved)


def documents_from_xml(path: str | Path, *, realign: bool = True) -> list[Document]:
    """Read a gold corpus in the XML format of Gritta et al. (LGL, TR-News, GeoVirus, GWN).

    Parameters
    ----------
    path : str or Path
        The corpus file.
    realign : bool, keyword-only
        Move toponyms whose offsets do not cover their phrase to the phrase's nearest
        occurrence (see the module docstring). Default True.

    Returns
    -------
    list of Document
        In file order; toponyms sorted by offset.

    Raises
    ------
    BordermapError
        The file is not well-formed XML or holds no ``<article>``.
    """
    path = Path(path)
    try:
        # The corpora are local reference files the user names, not untrusted network input;
        # the stdlib parser does not resolve external entities.
        root = ET.parse(path).getroot()  # noqa: S314
    except ET.ParseError as exc:
        raise BordermapError(f"{path}: not well-formed XML ({exc})") from exc
    articles = [root] if root.tag == "article" else list(root.iter("article"))
    if not articles:
        raise BordermapError(f"{path}: no <article> elements; not a geoparsing corpus")
    documents: list[Document] = []
    for index, article in enumerate(articles):
        docid = article.get("docid") or article.get("id") or _child_text(article, ("docid",))
        text_element = article.find("text")
        text = (text_element.text or "") if text_element is not None else ""
        toponyms = [
            t
            for element in article.iter()
            if element.tag in ("toponym", "location")
            and (t := _toponym(element, text, article, realign=realign)) is not None
        ]
        toponyms.sort(key=lambda t: (t.start, t.end))
        documents.append(Document(docid or str(index), text, tuple(toponyms)))
    return documents


def split_documents(
    documents: Sequence[Document], part: Literal["dev", "test", "all"] = "all"
) -> list[Document]:
    """A fixed 50/50 split by document id, for tuning on ``dev`` and reporting on ``test``.

    A document is *dev* when the last hex digit of ``sha1(docid.encode("utf-8"))`` is even,
    else *test*. The split depends on nothing but the id: the same on every machine and run,
    and stable when documents are added or removed.
    """
    if part == "all":
        return list(documents)
    if part not in ("dev", "test"):
        raise ValueError(f"part must be 'dev', 'test' or 'all', not {part!r}")
    want_even = part == "dev"
    return [d for d in documents if _is_dev(d.docid) == want_even]


def _is_dev(docid: str) -> bool:
    digest = hashlib.sha1(docid.encode("utf-8"), usedforsecurity=False).hexdigest()
    return int(digest[-1], 16) % 2 == 0


# --- scoring -------------------------------------------------------------------------------


def auc_of_errors(errors_km: Sequence[float]) -> float | None:
    """Gritta et al.'s AUC of a list of error distances (km); see the module docstring."""
    if len(errors_km) == 0:
        return None
    scaled = np.log1p(np.asarray(errors_km, dtype=float)) / math.log(MAX_ERROR_KM)
    scaled = np.sort(np.minimum(scaled, 1.0))
    if scaled.size == 1:
        return float(scaled[0])
    # Trapezoidal rule on x = 0, 1/(n-1), ..., 1 (np.trapezoid needs numpy 2).
    return float((scaled.sum() - (scaled[0] + scaled[-1]) / 2.0) / (scaled.size - 1))


def _prediction_error(mention: _MentionLike, gold: GoldToponym, contains_is_zero: bool) -> float:
    place = mention.place
    if place is None:
        return MAX_ERROR_KM
    assert gold.lat is not None and gold.lon is not None
    if contains_is_zero:
        geometry = getattr(place, "geometry", None)
        if (
            geometry is not None
            and geometry.geom_type in ("Polygon", "MultiPolygon")
            and geometry.covers(Point(gold.lon, gold.lat))
        ):
            return 0.0
    lon, lat = place.anchor
    return distance_km(lon, lat, gold.lon, gold.lat)


def evaluate(
    documents: Sequence[Document],
    parse: Callable[[str], Sequence[_MentionLike]] = mentions_from_text,
    *,
    progress: bool = True,
    contains_is_zero: bool = False,
) -> EvalResult:
    """Run ``parse`` on every document and score it (see the module docstring).

    Parameters
    ----------
    documents : sequence of Document
        Gold documents, e.g. from :func:`documents_from_xml` and :func:`split_documents`.
    parse : callable
        ``text -> mentions``; a mention has ``start``, ``end`` and ``place`` (an object with
        ``anchor`` = (lon, lat), or None). Default :func:`geo.text.geoparse.mentions_from_text`.
    progress : bool, keyword-only
        A tqdm bar over documents on stderr.
    contains_is_zero : bool, keyword-only
        Count 0 km when the predicted place is an area containing the gold point.

    ``seconds`` is the wall time of the ``parse`` calls, after one warm-up call on an empty
    text so that a one-time gazetteer load is not counted.
    """
    from tqdm import tqdm

    parse("")  # warm-up: load the gazetteer outside the timed loop
    n_gold = n_pred = tp = 0
    errors: list[float] = []
    missed: list[tuple[str, int, int, str]] = []
    spurious: list[tuple[str, int, int, str]] = []
    resolved: list[tuple[str, str, float]] = []
    seconds = 0.0
    for doc in tqdm(documents, desc="eval", unit="doc", disable=not progress, leave=False):
        began = time.perf_counter()
        mentions = list(parse(doc.text))
        seconds += time.perf_counter() - began
        n_gold += len(doc.toponyms)
        n_pred += len(mentions)
        by_span: dict[tuple[int, int], list[_MentionLike]] = {}
        for m in mentions:
            by_span.setdefault((m.start, m.end), []).append(m)
        for gold in doc.toponyms:
            candidates = by_span.get((gold.start, gold.end))
            if not candidates:
                missed.append((doc.docid, gold.start, gold.end, gold.phrase))
                continue
            mention = candidates.pop(0)
            tp += 1
            if gold.has_coordinates:
                err = _prediction_error(mention, gold, contains_is_zero)
                errors.append(err)
                resolved.append((doc.docid, gold.phrase, err))
        for (start, end), rest in by_span.items():
            spurious.extend((doc.docid, start, end, doc.text[start:end]) for _ in rest)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return EvalResult(
        precision=precision,
        recall=recall,
        f1=f1,
        acc_161=sum(e <= ACC_KM for e in errors) / len(errors) if errors else None,
        auc=auc_of_errors(errors),
        median_km=float(np.median(errors)) if errors else None,
        n_gold=n_gold,
        n_pred=n_pred,
        n_resolved=len(errors),
        n_docs=len(documents),
        seconds=seconds,
        docs_per_second=len(documents) / seconds if seconds > 0 else 0.0,
        true_positives=tp,
        errors_km=tuple(errors),
        missed=tuple(missed),
        spurious=tuple(spurious),
        resolved=tuple(resolved),
    )


# --- incident notes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Note:
    """One incident record's note with its gold point (see the module docstring).

    ``countries`` holds the ISO alpha-2 code of the record's country when the file names
    one the gazetteer knows, else nothing.
    """

    note_id: str
    text: str
    lat: float
    lon: float
    geo_precision: int | None = None
    countries: tuple[str, ...] = ()


#: Columns that identify a note, first present wins (else its line number).
_NOTE_ID_COLUMNS: Final = ("event_id_cnty", "id", "data_id")


def notes_from_csv(
    path: str | Path,
    *,
    gazetteer: Any = None,
    text_from: Literal["notes", "fields", "both"] = "notes",
) -> list[Note]:
    """Read an ACLED-like CSV of event notes with gold coordinates.

    Parameters
    ----------
    path : str or Path
        A CSV (UTF-8; ``,`` or ``;`` between fields, decimal commas in a ``;`` file; column
        names in any case) with the columns ``notes``, ``latitude`` and ``longitude``;
        ``geo_precision``, ``country`` (a name) and ``iso`` (an ISO 3166-1 code, numeric as
        ACLED gives it, or alphabetic) are read when present; ``event_id_cnty``, ``id`` or
        ``data_id`` identifies a note (else its line number).
    gazetteer : Gazetteer, optional, keyword-only
        To read country names (:func:`geo.places.geocode.country_code_from_name`).
    text_from : {"notes", "fields", "both"}, keyword-only
        ``"notes"``: a note's text is its ``notes`` cell. ``"fields"``: the text is written
        from the record's own place columns, the way ACLED notes name places since about
        2020: "in LOCATION (ADMIN2, ADMIN1)" (a unit left out when empty or equal to the
        one before it); the file then needs ``location`` rather than ``notes``. It scores
        what the geoparser makes of a record's place names and units, apart from how a
        note phrases them. ``"both"``: the note with that clause put at the end of its
        first sentence ("Gunmen killed a farmer in Hlassame (Lalo, Couffo). Two ..."), as
        notes read since about 2020, the rest of the note (other places, actors named
        after places) around it; a note without a location is its note alone.

    Returns
    -------
    list of Note
        In file order. Rows without a text or without valid coordinates are left out.

    Raises
    ------
    BordermapError
        A required column is missing or named twice, or the file is not UTF-8.
    ValueError
        ``text_from`` is not ``"notes"``, ``"fields"`` or ``"both"``.
    """
    from geo.places.geocode import country_code_from_iso, country_code_from_name

    if text_from not in _TEXT_COLUMNS:
        raise ValueError(f"text_from must be 'notes', 'fields' or 'both', not {text_from!r}")
    path = Path(path)
    names, rows, decimal_comma = _notes_table(path)
    missing = {*_TEXT_COLUMNS[text_from], "latitude", "longitude"} - set(names)
    if missing:
        raise BordermapError(f"{path}: no column {', '.join(sorted(missing))}; not a notes file")
    id_column = next((c for c in _NOTE_ID_COLUMNS if c in names), None)
    codes: dict[tuple[str, str], str | None] = {}
    notes: list[Note] = []
    for line, cells in enumerate(rows, start=2):
        row = dict(zip(names, cells, strict=False))
        text = _note_text(row, text_from)
        lat = _float(row.get("latitude"), decimal_comma=decimal_comma)
        lon = _float(row.get("longitude"), decimal_comma=decimal_comma)
        if not text or lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            continue
        country = ((row.get("country") or "").strip(), (row.get("iso") or "").strip())
        if country not in codes:
            codes[country] = country_code_from_name(
                country[0], gazetteer=gazetteer
            ) or country_code_from_iso(country[1])
        code = codes[country]
        note_id = (row.get(id_column) or "").strip() if id_column else ""
        notes.append(
            Note(
                note_id or f"line {line}",
                text,
                lat,
                lon,
                _int(row.get("geo_precision")),
                (code,) if code else (),
            )
        )
    return notes


#: The columns each ``text_from`` of :func:`notes_from_csv` writes its text from.
_TEXT_COLUMNS: Final = {"notes": ("notes",), "fields": ("location",), "both": ("notes", "location")}


def _note_text(row: dict[str, str], text_from: str) -> str:
    """The text of one row of a notes file (see :func:`notes_from_csv`)."""
    note = (row.get("notes") or "").strip()
    if text_from == "notes":
        return note
    clause = _place_clause(row)
    if text_from == "fields":
        return f"{clause}." if clause else ""
    if not note or not clause:
        return note
    end = sentences_from_text(note)[0][1]
    first = note[:end].rstrip().rstrip(".!?;:,")
    return f"{first} {clause}. {note[end:].lstrip()}".rstrip()


def _place_clause(row: dict[str, str]) -> str:
    """ "in LOCATION (ADMIN2, ADMIN1)" of a row's place columns, a unit left out when empty
    or equal to the one before it; ``""`` without a location."""
    location = (row.get("location") or "").strip()
    if not location:
        return ""
    units: list[str] = []
    for column in ("admin2", "admin1"):
        unit = (row.get(column) or "").strip()
        if unit and unit != ([location, *units][-1]):
            units.append(unit)
    return f"in {location} ({', '.join(units)})" if units else f"in {location}"


def _notes_table(path: Path) -> tuple[list[str], Iterator[list[str]], bool]:
    """A notes CSV's column names (lower case, as ACLED's older exports write them upper),
    its rows, and whether its numbers have decimal commas (a ``;``-separated file).

    Raises
    ------
    BordermapError
        Not UTF-8 (the byte and line named), or a column named twice.
    """
    import codecs
    import csv
    import io

    data = path.read_bytes()
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        line = data[:at].count(b"\n") + 1
        raise BordermapError(
            f"{path}: not UTF-8 text (at byte {at:,}, line {line}); save it as UTF-8"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # any field length
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = [name.strip().lower() for name in next(reader, [])]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise BordermapError(
                f"{path}: the header names the column {name!r} more than once (positions "
                f"{names.index(name) + 1} and {i + 1}); rename or remove one"
            )
    return names, reader, delimiter == ";"


def split_notes(notes: Sequence[Note], part: Literal["dev", "test", "all"] = "all") -> list[Note]:
    """The notes of one half, split by ``note_id`` exactly as :func:`split_documents` splits
    documents by ``docid``."""
    if part == "all":
        return list(notes)
    if part not in ("dev", "test"):
        raise ValueError(f"part must be 'dev', 'test' or 'all', not {part!r}")
    return [n for n in notes if _is_dev(n.note_id) == (part == "dev")]


@dataclass(frozen=True, slots=True)
class NoteScores:
    """Figures over a set of notes (see the module docstring)."""

    n_notes: int
    n_located: int
    acc_161: float | None
    acc_25: float | None
    acc_161_located: float | None
    acc_25_located: float | None
    median_km: float | None

    @classmethod
    def of(cls, errors: Sequence[float | None]) -> NoteScores:
        """Scores of the errors (km) of some notes; ``None`` for a note without a site."""
        located = np.asarray([e for e in errors if e is not None], dtype=float)
        n, k = len(errors), len(located)
        return cls(
            n_notes=n,
            n_located=k,
            acc_161=float((located <= ACC_KM).sum() / n) if n else None,
            acc_25=float((located <= ACC_FINE_KM).sum() / n) if n else None,
            acc_161_located=float((located <= ACC_KM).mean()) if k else None,
            acc_25_located=float((located <= ACC_FINE_KM).mean()) if k else None,
            median_km=float(np.median(located)) if k else None,
        )

    @property
    def n_unlocated(self) -> int:
        """Notes that got no site."""
        return self.n_notes - self.n_located

    def as_dict(self) -> dict[str, float | int | None]:
        """JSON-ready, floats rounded to 4 decimals."""
        r = _rounded
        return {
            "n_notes": self.n_notes,
            "n_located": self.n_located,
            "n_unlocated": self.n_unlocated,
            "acc_161": r(self.acc_161),
            "acc_25": r(self.acc_25),
            "acc_161_located": r(self.acc_161_located),
            "acc_25_located": r(self.acc_25_located),
            "median_km": r(self.median_km),
        }


@dataclass(frozen=True, slots=True)
class NotesResult:
    """Scores of one notes run; :meth:`as_dict` is what the CLI prints.

    ``sites`` gives, per note in input order, ``(note_id, surface, place_id, error_km)``
    (``surface``, ``place_id`` empty and ``error_km`` ``None`` for a note without a site).
    """

    overall: NoteScores
    by_precision: dict[str, NoteScores]
    seconds: float
    sites: tuple[tuple[str, str, str, float | None], ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The figures, overall then ``by_geo_precision`` (``"1"``, ``"2"``, ``"3"``, ``"none"``)."""
        n = self.overall.n_notes
        return {
            **self.overall.as_dict(),
            "seconds": _rounded(self.seconds),
            "notes_per_second": _rounded(n / self.seconds) if self.seconds > 0 else 0.0,
            "by_geo_precision": {k: v.as_dict() for k, v in self.by_precision.items()},
        }


class _SiteLike(Protocol):
    @property
    def surface(self) -> str: ...
    @property
    def place(self) -> Any: ...  # a Place, with .anchor (lon, lat) and .place_id


def evaluate_notes(
    notes: Sequence[Note],
    site: Callable[..., _SiteLike | None] = incident_site_from_text,
    *,
    progress: bool = True,
) -> NotesResult:
    """Find each note's incident site and score it against the note's gold point.

    Parameters
    ----------
    notes : sequence of Note
        From :func:`notes_from_csv` (and :func:`split_notes`).
    site : callable
        ``site(text, countries=codes)`` -> an object with ``surface`` and ``place`` (with
        ``anchor`` and ``place_id``), or ``None``. Default
        :func:`geo.text.sites.incident_site_from_text`.
    progress : bool, keyword-only
        A tqdm bar over notes on stderr.

    ``seconds`` is the wall time of the ``site`` calls, after a warm-up call on an empty text.
    """
    from tqdm import tqdm

    site("", countries=())  # warm-up: load the gazetteer outside the timed loop
    seconds = 0.0
    sites: list[tuple[str, str, str, float | None]] = []
    by_precision: dict[str, list[float | None]] = {}
    for note in tqdm(notes, desc="eval", unit="note", disable=not progress, leave=False):
        began = time.perf_counter()
        found = site(note.text, countries=note.countries)
        seconds += time.perf_counter() - began
        error: float | None = None
        if found is not None and found.place is not None:
            lon, lat = found.place.anchor
            error = distance_km(lon, lat, note.lon, note.lat)
            sites.append((note.note_id, found.surface, found.place.place_id, error))
        else:
            sites.append((note.note_id, "", "", None))
        key = "none" if note.geo_precision is None else str(note.geo_precision)
        by_precision.setdefault(key, []).append(error)
    return NotesResult(
        overall=NoteScores.of([s[3] for s in sites]),
        by_precision={k: NoteScores.of(v) for k, v in sorted(by_precision.items())},
        seconds=seconds,
        sites=tuple(sites),
    )
