"""The incident store's options, shared by the commands that write to it or read from it.

``--to URL`` (``import``, ``build``) writes into a store, ``--from URL`` (``build``,
``export``, ``changes``) reads from one; ``--where`` and ``--bbox`` select what is read. A URL
is ``postgresql://user@host:port/database``; ``postgresql://`` alone takes everything from the
standard PG* environment variables. The password belongs in ``PGPASSWORD`` or ``~/.pgpass``:
on the command line other users of the machine can read it in the process list (bordermap
itself never prints or logs it).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.store import ImportRun, Store

__all__ = [
    "URL_HELP",
    "add_read_options",
    "add_write_options",
    "open_for_reading",
    "open_for_writing",
    "print_run",
    "withdraw_allowed",
]

URL_HELP = (
    "postgresql://user@host:port/database (postgresql:// alone: the PG* environment "
    "variables); give the password in PGPASSWORD or ~/.pgpass, not in the URL"
)


def add_write_options(parser: argparse.ArgumentParser, *, what: str) -> None:
    """``--to URL`` and ``--migrate`` (and, for imports, ``--keep-missing``)."""
    parser.add_argument(
        "--to",
        default=None,
        metavar="URL",
        help=f"write {what} into the incident store (PostgreSQL/PostGIS) at URL: "
        f"{URL_HELP}. Newer versions of known incidents keep the earlier ones; incidents "
        "missing from a newer export of the same scope are marked withdrawn",
    )
    parser.add_argument(
        "--migrate",
        action="store_true",
        help="with --to: upgrade a store made by an older bordermap to this version's tables",
    )
    parser.add_argument(
        "--keep-missing",
        action="store_true",
        help="with --to: do not mark incidents missing from this import as withdrawn",
    )


def add_read_options(parser: argparse.ArgumentParser, *, selection: bool = True) -> None:
    """``--from URL`` and, with ``selection``, ``--where`` and ``--bbox``."""
    parser.add_argument(
        "--from",
        dest="from_url",
        default=None,
        metavar="URL",
        help=f"read from the incident store at URL: {URL_HELP}",
    )
    if not selection:
        return
    parser.add_argument(
        "--where",
        default=None,
        metavar="EXPR",
        help="with --from: incidents matching EXPR, e.g. \"country = 'Armenia' and event_date "
        ">= '2023-01-01'\" (=, !=, <, <=, >, >=, in (...), between, like, ilike, is [not] "
        "null, and, or, not; text and dates in single quotes)",
    )
    parser.add_argument(
        "--bbox",
        default=None,
        metavar="W,S,E,N",
        help="with --from: incidents within min_lon,min_lat,max_lon,max_lat (degrees)",
    )


def _url(value: str) -> str | None:
    return None if value.strip() in ("", "postgresql://", "postgres://") else value


def open_for_writing(args: argparse.Namespace) -> Store:
    """Open (and create if need be) the store of ``--to``; ``--migrate`` upgrades it."""
    from geo.store import open_store

    return open_store(_url(args.to), create=True, migrate_schema=args.migrate)


def open_for_reading(url: str) -> Store:
    """Open the store of ``--from``."""
    from geo.store import open_store

    return open_store(_url(url))


def print_run(store: Store, run: ImportRun, *, rejected: bool) -> None:
    """What an import into the store did, in a few lines."""
    print(f"store:        {store.address}")
    print(f"import {run.summary()}")
    if rejected:
        print("  (rows were rejected: nothing was marked withdrawn by this import)")


def withdraw_allowed(args: Any, rejected: Any) -> bool:
    """Mark missing incidents withdrawn unless ``--keep-missing`` or rows were rejected.

    A rejected row is not missing from the export: withdrawing its incident would be wrong.
    """
    return not args.keep_missing and not len(rejected)
