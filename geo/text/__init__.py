"""From text to mentions: articles and their metadata, the geoparser, dates and casualty counts
in prose, and the geoparser's evaluation on gold corpora.

The names below are imported lazily; import them from here (``from geo.text import ...``)
or from :mod:`geo`, not from the modules, which may move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Article": "geo.text.articles",
    "HTML_SUFFIXES": "geo.text.articles",
    "PUBLISHED_YEARS": "geo.text.articles",
    "STORY_SUFFIXES": "geo.text.articles",
    "article_from_path": "geo.text.articles",
    "articles_from_dir": "geo.text.articles",
    "published_from_text": "geo.text.articles",
    "text_from_html": "geo.text.articles",
    "Casualties": "geo.text.casualties",
    "CasualtyCount": "geo.text.casualties",
    "casualties_from_text": "geo.text.casualties",
    "parse_number": "geo.text.casualties",
    "summarise": "geo.text.casualties",
    "DateMention": "geo.text.dates",
    "date_mentions": "geo.text.dates",
    "resolve_date": "geo.text.dates",
    "c1_as_cp1252": "geo.text.encodings",
    "encoding_from_bom": "geo.text.encodings",
    "text_encoding": "geo.text.encodings",
    "text_from_bytes": "geo.text.encodings",
    "utf16_without_mark": "geo.text.encodings",
    "Document": "geo.text.evaluation",
    "EXCLUDED_TYPES": "geo.text.evaluation",
    "EvalResult": "geo.text.evaluation",
    "GoldToponym": "geo.text.evaluation",
    "MAX_ERROR_KM": "geo.text.evaluation",
    "Note": "geo.text.evaluation",
    "NoteScores": "geo.text.evaluation",
    "NotesResult": "geo.text.evaluation",
    "auc_of_errors": "geo.text.evaluation",
    "documents_from_xml": "geo.text.evaluation",
    "evaluate": "geo.text.evaluation",
    "evaluate_notes": "geo.text.evaluation",
    "notes_from_csv": "geo.text.evaluation",
    "split_documents": "geo.text.evaluation",
    "split_notes": "geo.text.evaluation",
    "Mention": "geo.text.geoparse",
    "ROLES": "geo.text.geoparse",
    "mention_frame_from_text": "geo.text.geoparse",
    "mentions_from_text": "geo.text.geoparse",
    "places_from_text": "geo.text.geoparse",
    "sentences_from_text": "geo.text.geoparse",
    "IncidentSite": "geo.text.sites",
    "incident_site_from_mentions": "geo.text.sites",
    "incident_site_from_text": "geo.text.sites",
}

__all__ = [
    "EXCLUDED_TYPES",
    "HTML_SUFFIXES",
    "MAX_ERROR_KM",
    "PUBLISHED_YEARS",
    "ROLES",
    "STORY_SUFFIXES",
    "Article",
    "Casualties",
    "CasualtyCount",
    "DateMention",
    "Document",
    "EvalResult",
    "GoldToponym",
    "IncidentSite",
    "Mention",
    "Note",
    "NoteScores",
    "NotesResult",
    "article_from_path",
    "articles_from_dir",
    "auc_of_errors",
    "c1_as_cp1252",
    "casualties_from_text",
    "date_mentions",
    "documents_from_xml",
    "encoding_from_bom",
    "evaluate",
    "evaluate_notes",
    "incident_site_from_mentions",
    "incident_site_from_text",
    "mention_frame_from_text",
    "mentions_from_text",
    "notes_from_csv",
    "parse_number",
    "places_from_text",
    "published_from_text",
    "resolve_date",
    "sentences_from_text",
    "split_documents",
    "split_notes",
    "summarise",
    "text_encoding",
    "text_from_bytes",
    "text_from_html",
    "utf16_without_mark",
]

if TYPE_CHECKING:
    from geo.text.articles import (
        HTML_SUFFIXES,
        PUBLISHED_YEARS,
        STORY_SUFFIXES,
        Article,
        article_from_path,
        articles_from_dir,
        published_from_text,
        text_from_html,
    )
    from geo.text.casualties import (
        Casualties,
        CasualtyCount,
        casualties_from_text,
        parse_number,
        summarise,
    )
    from geo.text.dates import DateMention, date_mentions, resolve_date
    from geo.text.encodings import (
        c1_as_cp1252,
        encoding_from_bom,
        text_encoding,
        text_from_bytes,
        utf16_without_mark,
    )
    from geo.text.evaluation import (
        EXCLUDED_TYPES,
        MAX_ERROR_KM,
        Document,
        EvalResult,
        GoldToponym,
        Note,
        NoteScores,
        NotesResult,
        auc_of_errors,
        documents_from_xml,
        evaluate,
        evaluate_notes,
        notes_from_csv,
        split_documents,
        split_notes,
    )
    from geo.text.geoparse import (
        ROLES,
        Mention,
        mention_frame_from_text,
        mentions_from_text,
        places_from_text,
        sentences_from_text,
    )
    from geo.text.sites import IncidentSite, incident_site_from_mentions, incident_site_from_text

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
