"""From an exception to what the user sees: one line naming the input, and an exit status.

Every command runs under :func:`bordermap.cli.main`, which catches *every* exception and asks
:func:`exit_status` and :func:`failure_message` what to do with it. No traceback reaches the
user unless ``-v`` asks for it. The exit statuses are the README's table:

==== ======================================================================================
0    done
1    bad input: a file is missing, unreadable or malformed, or has invalid rows (the
     message names the file, and the line and column where it can)
2    usage: options that do not go together, a malformed option value
3    done, but rows were rejected (``--on-error reject``; ``import``; ``aggregate``)
4    an output could not be written (exists without ``--overwrite``, not writable, a folder in
     the way, another run holds the output folder, the disk is full); nothing was changed
5    the environment: an optional package missing, the dask cluster or the PostgreSQL
     store unreachable, a worker lost, the map's offline assets unavailable, out of memory
70   an unexpected error: a bug in bordermap (the message names the input it was reading;
     ``-v`` shows the traceback, please report it)
130  interrupted (Ctrl-C)
143  terminated (SIGTERM: ``kill``, a service manager, a job's time limit); cleaned up as
     after Ctrl-C
141  standard output closed early (``bordermap geoparse x | head``): nothing more printed
==== ======================================================================================

:func:`working_on` marks which input a step reads, so that an unexpected error can name it.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from bordermap.commands import (
    EXIT_BUG,
    EXIT_ENVIRONMENT,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_PIPE,
    EXIT_TERMINATED,
    EXIT_USAGE,
)
from geo.errors import (
    BordermapError,
    DistributedError,
    IncidentsValidationError,
    MissingDependencyError,
    OfflineAssetsError,
    OnlineConfigurationError,
    OutputError,
    StoreExtensionError,
    StoreUnreachableError,
)

__all__ = ["Terminated", "exit_status", "failure_message", "working_on"]


class Terminated(KeyboardInterrupt):
    """The process was sent SIGTERM: it stops as on Ctrl-C (everything it had begun is undone
    or left for the next run to clear), with its own status and message."""


#: The note :func:`working_on` adds to an exception (read back by :func:`failure_message`).
_NOTE: Final[str] = "bordermap was reading "
#: Exception classes and their exit status, most specific first (OSError: see _os_status).
_STATUS: Final[tuple[tuple[type[BaseException], int], ...]] = (
    (Terminated, EXIT_TERMINATED),
    (KeyboardInterrupt, EXIT_INTERRUPTED),
    (BrokenPipeError, EXIT_PIPE),
    (OnlineConfigurationError, EXIT_USAGE),
    (OutputError, EXIT_OUTPUT),
    (MissingDependencyError, EXIT_ENVIRONMENT),
    (OfflineAssetsError, EXIT_ENVIRONMENT),
    (DistributedError, EXIT_ENVIRONMENT),
    (StoreUnreachableError, EXIT_ENVIRONMENT),
    (StoreExtensionError, EXIT_ENVIRONMENT),
    (MemoryError, EXIT_ENVIRONMENT),
    (BordermapError, EXIT_ERROR),
)
#: OSError numbers that concern the output whatever file they name.
_OUTPUT_ERRNOS: Final[frozenset[int]] = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


@contextlib.contextmanager
def working_on(path: str | os.PathLike[str]) -> Iterator[None]:
    """Name the input read in the block on any unexpected exception raised there."""
    try:
        yield
    except (BordermapError, KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        if not _input_note(exc):
            exc.add_note(f"{_NOTE}{path}")
        raise


def _input_note(exc: BaseException) -> str | None:
    for note in getattr(exc, "__notes__", ()):
        if note.startswith(_NOTE):
            return note[len(_NOTE) :]
    return None


def _output_folder(args: argparse.Namespace) -> Path | None:
    output = getattr(args, "output", None)
    return Path(output).absolute() if output else None


def _is_output(exc: OSError, args: argparse.Namespace) -> bool:
    if exc.errno in _OUTPUT_ERRNOS:
        return True
    folder = _output_folder(args)
    names = [n for n in (exc.filename, exc.filename2) if n is not None]
    if folder is None or not names:
        return False
    for name in names:
        path = Path(os.fsdecode(name)).absolute()
        if path == folder or folder in path.parents:
            return True
    return False


def exit_status(exc: BaseException, args: argparse.Namespace) -> int:
    """The exit status for a command stopped by ``exc`` (the module's table)."""
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    if isinstance(exc, OSError):
        return EXIT_OUTPUT if _is_output(exc, args) else EXIT_ERROR
    return EXIT_BUG


def _inputs(args: argparse.Namespace) -> str:
    """The command's inputs, as the user gave them (for a message)."""
    for name in ("files", "inputs", "names"):
        values = getattr(args, name, None)
        if values:
            return ", ".join(str(v) for v in values[:3]) + (" ..." if len(values) > 3 else "")
    for name in ("input", "file", "article", "corpus"):
        value = getattr(args, name, None)
        if value:
            return str(value)
    return "its input"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _validation_message(exc: IncidentsValidationError, args: argparse.Namespace) -> str:
    paths = sorted({p.path for p in exc.problems})
    where = ", ".join(paths) if paths else "incident records"
    rows = len({(p.path, p.line) for p in exc.problems})
    details = "\n".join(str(exc).splitlines()[1:])
    what = "fix them"
    if hasattr(args, "on_error"):
        what += ", or pass --on-error reject to leave them out and list them in rejected.csv"
    return f"{where}: {rows} invalid row(s); nothing was written ({what}):\n{details}"


def _os_message(exc: OSError, args: argparse.Namespace) -> str:
    name = os.fsdecode(exc.filename) if exc.filename is not None else _inputs(args)
    reason = exc.strerror or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{name}: {reason}; free some space and run again (the outputs are as before)"
    if _is_output(exc, args):
        return f"{name}: cannot write it ({reason}); check the output folder and its permissions"
    return f"{name}: cannot read it ({reason}); check the path and its permissions"


def failure_message(exc: BaseException, args: argparse.Namespace) -> str:
    """The message for a command stopped by ``exc``: one line naming the input and what to
    do (an invalid-rows error adds one indented line per problem)."""
    if isinstance(exc, KeyboardInterrupt):
        return (
            f"{'terminated' if isinstance(exc, Terminated) else 'interrupted'}; the output folder holds the earlier outputs, or the new ones if they "
            "were already being moved in (the next run clears anything half-written)"
        )
    if isinstance(exc, IncidentsValidationError):
        return _validation_message(exc, args)
    if isinstance(exc, BordermapError):
        return _one_line(str(exc))
    if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
        return _os_message(exc, args)
    where = _input_note(exc) or _inputs(args)
    if isinstance(exc, MemoryError):
        return f"{where}: out of memory; split the input into smaller files, or free memory"
    detail = _one_line(f"{type(exc).__name__}: {exc}")
    return (
        f"{where}: unexpected error ({detail}); this is a bug in bordermap — run again "
        "with -v for the traceback and report it"
    )
