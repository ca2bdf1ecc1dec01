"""The ``bordermap`` command.

Sub-commands, one module each in :mod:`bordermap.commands`: ``build`` (the main job),
``geocode`` (names -> JSON lines), ``geoparse`` (text -> JSON lines of place mentions),
``eval`` (score the geoparser on a gold corpus), ``draft`` (article -> draft incident records,
CSV), ``import`` (ACLED / UCDP GED / bordermap files -> incidents.geojson or, with
``--output-format``, .gpkg / .parquet; rejected.csv; exit status 3 when rows were rejected),
``export`` (a folder of inputs -> GeoJSON / GeoPackage / GeoParquet / ACLED-compatible CSV),
``changes`` (what imports into the incident store added, changed, withdrew; ``import`` and
``build`` write into the store with ``--to URL``, ``build`` and ``export`` read from it with
``--from URL``),
``aggregate`` (incident files or partitions -> counts per day and grid cell with border
distances, and a map of them; ``--engine dask`` runs it on a dask cluster).

Every exception a command raises becomes one line on standard error and an exit status
(:mod:`bordermap.failures`: 0 done, 1 bad input, 2 usage, 3 rows rejected, 4 output not
written, 5 environment, 70 a bug, 130 interrupted, 143 terminated); ``-v`` adds the
traceback. SIGTERM stops a command as Ctrl-C does, cleaning up. Everything
printed has its control characters escaped (:mod:`bordermap.terminal`).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from bordermap.commands import (
    EXIT_INTERRUPTED,
    EXIT_PIPE,
    EXIT_TERMINATED,
    aggregate,
    build,
    changes,
    draft,
    eval_,
    export,
    geocode,
    geoparse,
    import_,
)
from bordermap.failures import Terminated, exit_status, failure_message
from bordermap.terminal import TerminalFormatter, escaped_stdout, say, terminal_text

__all__ = ["main"]

#: The sub-commands, in the order ``bordermap --help`` lists them.
COMMANDS = (build, geocode, geoparse, eval_, draft, import_, export, changes, aggregate)


class _Parser(argparse.ArgumentParser):
    """argparse, with the values it quotes in its messages escaped (they come from argv)."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(terminal_text(message, multiline=True) if message else message, file)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bordermap",
        description="Turn conflict reporting into maps.",
        epilog="Exit status: 0 done; 1 bad input (the message names the file); 2 usage; "
        "3 done, but rows were rejected; 4 an output could not be written (nothing changed); "
        "5 the environment (a missing package, the dask cluster, the store, memory); 70 an "
        "unexpected error, a bug (-v shows the traceback); 130 interrupted; 141 output "
        "closed early; 143 terminated (SIGTERM).",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log progress; show the traceback of an error"
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def _log_to_stderr(verbose: bool) -> None:
    """Log (and show warnings) on standard error, control characters escaped."""
    handler = logging.StreamHandler()
    handler.setFormatter(TerminalFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    logging.captureWarnings(True)


def _failed(exc: BaseException, args: argparse.Namespace) -> int:
    """Say why the command stopped (one line; the traceback too with -v); its exit status."""
    status = exit_status(exc, args)
    if status == EXIT_PIPE:  # the reader went away: nobody to tell, nothing more to flush
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return status
    if args.verbose and not isinstance(exc, KeyboardInterrupt):
        say("".join(traceback.format_exception(exc)).rstrip("\n"))
    say(f"bordermap: {failure_message(exc, args)}")
    return status


def _run(args: argparse.Namespace) -> int:
    """Run the command; every exception becomes a message and an exit status."""
    try:
        with escaped_stdout():
            return int(args.run(args))
    except (KeyboardInterrupt, Exception) as exc:
        return _failed(exc, args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``sys.argv`` when ``argv`` is None); return the exit status."""
    if argv is None:  # the program itself, not a call from Python
        _stop_on_sigterm()
    try:
        args = _parser().parse_args(argv)
        _log_to_stderr(args.verbose)
        status = _run(args)
    except KeyboardInterrupt as exc:  # while parsing, or while a message was printed
        terminated = isinstance(exc, Terminated)
        say(f"bordermap: {'terminated' if terminated else 'interrupted'}")
        status = EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    if argv is None:
        _done_with_interrupts(status)
    return status


def _stop_on_sigterm() -> None:
    """SIGTERM raises :class:`~bordermap.failures.Terminated` in the main thread, so that a
    run stopped by ``kill`` (or a job's time limit) cleans up as after Ctrl-C: its temporary
    and staging folders removed, its outputs whole."""
    with contextlib.suppress(ValueError):  # not in the main thread: nothing to do
        signal.signal(signal.SIGTERM, _raise_terminated)


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def _done_with_interrupts(status: int) -> None:
    """The program's work is done: a Ctrl-C while Python exits would only print a traceback.

    An interrupted run ends here, with status 130: CPython remembers a Ctrl-C that came while
    some extension module ran Python code (even one bordermap then handled) and would end
    the process by SIGINT instead of the status the README gives.
    """
    with contextlib.suppress(ValueError):  # not in the main thread: nothing to do
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if status in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
