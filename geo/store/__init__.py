"""The team's incident store in PostgreSQL/PostGIS: imports by COPY with history (every earlier
version kept, withdrawn rows marked, a change log), reads with a checked selection, schema
migrations.

The names below are imported lazily; import them from here (``from geo.store import ...``)
or from :mod:`geo`, not from the modules, which may move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "ImportRun": "geo.store.postgis",
    "STORE_SCHEMA_VERSION": "geo.store.postgis",
    "Store": "geo.store.postgis",
    "changes_from_store": "geo.store.postgis",
    "features_from_store": "geo.store.postgis",
    "incidents_from_store": "geo.store.postgis",
    "open_store": "geo.store.postgis",
    "places_from_store": "geo.store.postgis",
    "redacted_url": "geo.store.postgis",
    "runs_from_store": "geo.store.postgis",
    "store_incidents": "geo.store.postgis",
}

__all__ = [
    "STORE_SCHEMA_VERSION",
    "ImportRun",
    "Store",
    "changes_from_store",
    "features_from_store",
    "incidents_from_store",
    "open_store",
    "places_from_store",
    "redacted_url",
    "runs_from_store",
    "store_incidents",
]

if TYPE_CHECKING:
    from geo.store.postgis import (
        STORE_SCHEMA_VERSION,
        ImportRun,
        Store,
        changes_from_store,
        features_from_store,
        incidents_from_store,
        open_store,
        places_from_store,
        redacted_url,
        runs_from_store,
        store_incidents,
    )

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
