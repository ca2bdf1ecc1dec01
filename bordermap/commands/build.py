"""``bordermap build``: the map and exports from a folder of inputs (:func:`bordermap.pipeline.build`).

``--to URL`` also writes what was built into the incident store; ``--from URL [--where]
[--bbox]`` maps from the store instead (:func:`bordermap.pipeline.build_from_store`), with
the changes of the last import as a layer of their own.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from bordermap.commands import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from bordermap.commands._country import add_country_option
from bordermap.commands._dates import add_date_order_options, date_order_from
from bordermap.commands._encoding import add_encoding_option
from bordermap.commands._memory import use_table_allocator
from bordermap.commands._report import print_files, rejected_rows
from bordermap.commands._store import (
    add_read_options,
    add_write_options,
    open_for_reading,
    open_for_writing,
    print_run,
    withdraw_allowed,
)
from bordermap.terminal import say

if TYPE_CHECKING:
    from bordermap.pipeline import BuildResult
    from geo.store import Store

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``build`` parser to ``subparsers``; return it."""
    b = subparsers.add_parser(
        "build",
        help="build the map and exports from incident files and news stories",
        description="Read PATH (a file or a folder): ACLED or UCDP GED exports, bordermap's "
        "incidents CSV or GeoJSON, and news stories (*.txt, with or without a .meta.json). "
        "Stories no record stands for are drafted into incidents and mapped as machine "
        "drafts, not reviewed (see geo/incidents/inputs.py). Writes the map, GeoJSON and "
        "reports into --output.",
    )
    b.add_argument(
        "--input",
        default="seeds",
        metavar="PATH",
        help="a file or a folder of incident files and stories (default: seeds)",
    )
    b.add_argument("--output", default="out", help="output folder (default: out)")
    b.add_argument(
        "--on-error",
        choices=("raise", "reject"),
        default="raise",
        help="invalid incident rows: fail the build (raise, default) or leave them out and list them in rejected.csv",
    )
    b.add_argument(
        "--offline-html",
        action="store_true",
        help="write a self-contained map.html that renders with no network (scripts inlined, "
        "country outlines instead of map tiles; installs the pinned npm packages of "
        "layers/vendor on first use)",
    )
    add_date_order_options(b)
    add_encoding_option(b)
    add_country_option(
        b,
        effect="the stories report on it: their villages are drafted and mapped where a story "
        "that names no country keeps only large towns (records keep their own country)",
    )
    add_write_options(b, what="the incidents, the places mentioned and the reference features")
    add_read_options(b)
    b.set_defaults(run=run)
    return b


def run(args: argparse.Namespace) -> int:
    """Build; print what was placed, left out and written. Exit 3 if rows were rejected."""
    from bordermap.pipeline import build, build_from_store

    use_table_allocator()
    if args.from_url is not None and args.to is not None:
        say("bordermap: build takes --from or --to, not both")
        return EXIT_USAGE
    if args.from_url is None and (args.where is not None or args.bbox is not None):
        say("bordermap: --where and --bbox select from a store: they need --from")
        return EXIT_USAGE
    if args.from_url is not None:
        with open_for_reading(args.from_url) as store:
            result = build_from_store(
                store, args.output, where=args.where, bbox=args.bbox, offline_html=args.offline_html
            )
        return _report(result)
    target = open_for_writing(args) if args.to is not None else None  # fails before building
    try:
        result = build(
            args.input,
            args.output,
            errors=args.on_error,
            offline_html=args.offline_html,
            date_order=date_order_from(args),
            encoding=args.encoding,
            countries=args.country,
        )
        if target is not None:
            _store(target, result, args)
    finally:
        if target is not None:
            target.close()
    return _report(result)


def _store(store: Store, result: BuildResult, args: argparse.Namespace) -> None:
    """``--to``: the built incidents, places mentioned and reference features into the store."""
    from geo.places import reference_features
    from geo.store import store_incidents

    run = store_incidents(
        store,
        result.incidents,
        files=[str(Path(args.input) / "incidents.csv")],
        places=result.places if len(result.places) else None,
        features=reference_features(),
        withdraw=withdraw_allowed(args, result.rejected),
        command="bordermap build",
    )
    print_run(store, run, rejected=bool(len(result.rejected)))


#: Rows of each list printed by ``build``; the rest are in its CSV reports.
_SHOWN_ROWS: Final = 20


def _listed(rows: Any, kind: str, report: Any, line: Callable[[Any], str]) -> None:
    """Print the first :data:`_SHOWN_ROWS` rows of a list, then how many more and where."""
    for row in rows.head(_SHOWN_ROWS).itertuples(index=False):
        print(line(row))
    if len(rows) > _SHOWN_ROWS:
        where = f" (see {report})" if report else ""
        print(f"  ... and {len(rows) - _SHOWN_ROWS} more {kind} incident(s){where}")


def _unresolved_line(row: Any) -> str:
    return f"  unresolved: {row.event_id_cnty} location {_short(row.location)} ({row.reason})"


def _doubtful_line(row: Any) -> str:
    # a record outside its country whose place is unknown has no distance to tell
    named = isinstance(row.named_place, str) and bool(row.named_place)
    measured = f"{row.km_from_named_place:g} km from the named place {row.named_place}; "
    return (
        f"  doubtful:   {row.event_id_cnty} location {_short(row.location)}: {row.coord_check} "
        f"({measured if named else ''}ringed on the map)"
    )


def _ambiguous_line(row: Any) -> str:
    return f"  ambiguous:  {row.event_id_cnty} location {_short(row.location)}: {_short(row.candidates, 200)}"


def _short(value: Any, limit: int = 80) -> str:
    """``repr`` of a cell from input, cut to ``limit`` characters ("..." says so)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _report(result: BuildResult) -> int:
    """Print what was placed, left out and written; the exit status."""
    n = len(result.incidents)
    placed = int(result.incidents.geometry.notna().sum())
    doubtful = len(result.flagged)
    print(
        f"incidents: {n} ({placed} placed on the map, {n - placed} unresolved, "
        f"{doubtful} with doubtful coordinates)"
    )
    files = result.files
    _listed(result.unresolved, "unresolved", files.get("unresolved"), _unresolved_line)
    _listed(result.flagged, "doubtful", files.get("coord_checks"), _doubtful_line)
    _listed(result.ambiguous, "ambiguous", None, _ambiguous_line)
    print(f"places mentioned: {len(result.places)}")
    _print_inputs(result)
    if len(result.rejected):
        print(f"rejected rows: {rejected_rows(result.rejected)} (see {result.files['rejected']})")
    print_files(result.files, width=14)
    print(f"\nOpen the map: {Path(result.map_path).resolve().as_uri()}")
    return EXIT_PARTIAL if len(result.rejected) else EXIT_OK


def _print_inputs(result: Any) -> None:
    """Stories drafted and files skipped (nothing when every story is cited by a record)."""
    for story in result.stories.itertuples(index=False):
        if story.status != "drafted":
            continue
        dropped = story.drafted - story.kept
        when = story.published or "publication date unknown: only dates stated in full"
        print(
            f"  drafted: {story.story}: {story.kept} incident(s) mapped as machine drafts, not "
            f"reviewed ({when})"
            + (f"; {dropped} more have a record at the same place and date" if dropped else "")
        )
    for path, reason in result.inputs.skipped:
        print(f"  skipped: {path} ({reason})")
