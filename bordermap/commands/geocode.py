"""``bordermap geocode``: place names -> JSON lines of ranked candidates, offline or online."""

from __future__ import annotations

import argparse
import json
import os
from functools import partial
from typing import TYPE_CHECKING, Any

from bordermap.commands import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from bordermap.commands._country import add_country_option
from bordermap.terminal import say
from geo import OnlineConfigurationError

if TYPE_CHECKING:
    from geo.places import OnlineGeocoder, OnlineResult, Place

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``geocode`` parser to ``subparsers``; return it."""
    g = subparsers.add_parser(
        "geocode",
        help="resolve place names (offline by default); one JSON object per name",
        description="Resolve place names; one JSON object per name. Offline (the embedded "
        "gazetteer) unless --geocoder names an online service: nominatim or any geopy "
        "service name. Online answers are rate-limited (1 request/s), retried on transient "
        "failures and cached in SQLite; exit status 1 if any name failed.",
    )
    g.add_argument("names", nargs="+", metavar="NAME")
    add_country_option(
        g,
        effect="its places beat namesakes abroad, and local units (geoBoundaries communes, "
        "woredas...) of other countries are left out; online: Nominatim countrycodes",
    )
    g.add_argument(
        "--geocoder",
        default="offline",
        metavar="SERVICE",
        help="offline (default), nominatim, or another geopy service name",
    )
    g.add_argument(
        "--user-agent",
        default=None,
        help="identifies your application to the service (required for nominatim; "
        "default $BORDERMAP_USER_AGENT)",
    )
    g.add_argument(
        "--geocoder-domain", default=None, metavar="HOST[:PORT]", help="service host (a mirror)"
    )
    g.add_argument("--geocoder-scheme", choices=("https", "http"), default="https")
    g.add_argument(
        "--geocoder-timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="total time allowed for one request, redirects included (default 10)",
    )
    g.add_argument(
        "--geocoder-cache",
        default=None,
        metavar="PATH",
        help="SQLite cache of online answers (default: online-<service>.sqlite in the user cache dir)",
    )
    g.add_argument(
        "--geocoder-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra argument for the geopy geocoder, e.g. api_key=... (repeatable)",
    )
    g.add_argument("--no-progress", action="store_true", help="no progress bar for online batches")
    g.set_defaults(run=run)
    return g


def run(args: argparse.Namespace) -> int:
    """Print one JSON object per name: offline from the gazetteer, or from ``--geocoder``."""
    if args.geocoder.strip().lower() != "offline":
        return _run_online(args)
    from geo.places import default_gazetteer, resolution_record

    gaz = default_gazetteer()
    named = frozenset(code.upper() for code in args.country or ())
    if named:  # as for a record's country: no commune or ward of another country
        gaz = gaz.local_units_in(named)
    for name in args.names:
        found = gaz.lookup(name, countries=args.country)
        if named:  # a country the user names beats any namesake abroad
            found = found.preferring(partial(_in_countries, codes=named))
        print(json.dumps(resolution_record(found), ensure_ascii=False))
    return EXIT_OK


def _in_countries(place: Place, *, codes: frozenset[str]) -> bool:
    return place.country in codes


def _run_online(args: argparse.Namespace) -> int:
    """Geocode with the online service; exit 2 on a bad set-up, 1 if any name failed."""
    from geo.places import OnlineGeocoder

    options = _geocoder_options(args.geocoder_option)
    if options is None:
        return EXIT_USAGE
    try:
        geocoder = OnlineGeocoder(
            args.geocoder,
            user_agent=args.user_agent or os.environ.get("BORDERMAP_USER_AGENT"),
            domain=args.geocoder_domain,
            scheme=args.geocoder_scheme,
            timeout=args.geocoder_timeout,
            cache_path=args.geocoder_cache,
            options=options,
        )
    except OnlineConfigurationError as exc:
        say(f"bordermap: {exc}")
        return EXIT_USAGE
    done: list[OnlineResult] = []
    try:
        with geocoder:
            results = geocoder.geocode_many(
                args.names,
                country_codes=args.country,
                progress=False if args.no_progress else None,
                on_result=partial(_print_result, done=done),
            )
    except KeyboardInterrupt:
        return _report_interrupt(done, len(args.names), geocoder)
    return _report_failures(results, geocoder)


def _seconds(text: str) -> float:
    """A positive number of seconds, at most a day (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 86400: {text!r}")
    return value


def _geocoder_options(items: list[str]) -> dict[str, str] | None:
    """``KEY=VALUE`` items as a dict; ``None`` (after saying why) if one is malformed."""
    options: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            say(f"bordermap: --geocoder-option wants KEY=VALUE, not {item!r}")
            return None
        options[key.strip()] = value
    return options


def _print_result(result: OnlineResult, *, done: list[OnlineResult]) -> None:
    """Print one online answer as soon as it comes; add it to ``done``."""
    done.append(result)
    print(json.dumps(result.record(), ensure_ascii=False), flush=True)


def _report_interrupt(done: list[OnlineResult], asked: int, geocoder: OnlineGeocoder) -> int:
    """Ctrl-C: one line saying what was kept in the cache; exit status 130."""
    kept = sum(r.ok for r in done)
    say(
        f"bordermap: interrupted after {len(done)} of {asked} names; {kept} "
        f"answers are kept in the cache {geocoder.cache_path} (a rerun asks only the rest)"
    )
    return EXIT_INTERRUPTED


def _report_failures(results: list[OnlineResult], geocoder: OnlineGeocoder) -> int:
    """List the names that failed on standard error; the exit status."""
    failed = [r for r in results if r.status == "error"]
    if not failed:
        return EXIT_OK
    say(
        f"bordermap: {len(failed)} of {len(results)} names failed with {geocoder.service} "
        "(not cached; rerun to retry them):"
    )
    for r in failed:
        say(f"  {r.query!r}: {r.error}")
    return EXIT_ERROR
