"""The ``bordermap`` sub-commands, one module each.

Each module has ``add_parser(subparsers)``, which adds the sub-command's parser and sets its
``run`` as the parser's default, and ``run(args) -> int``, which does the work and returns the
exit status. :mod:`bordermap.cli` puts them together and turns the errors they raise into a
message and an exit status.

Exit status (the README's table; :mod:`bordermap.failures` maps exceptions to it):
:data:`EXIT_OK` done; :data:`EXIT_ERROR` bad input (the message names file, line and column);
:data:`EXIT_USAGE` usage error; :data:`EXIT_PARTIAL` done, but rows were rejected;
:data:`EXIT_OUTPUT` an output could not be written (nothing was changed);
:data:`EXIT_ENVIRONMENT` a missing package, an unreachable dask cluster, no memory;
:data:`EXIT_BUG` an unexpected error (a bug); :data:`EXIT_INTERRUPTED` stopped by Ctrl-C, :data:`EXIT_TERMINATED` by SIGTERM
(``geocode``: the answers so far are kept); :data:`EXIT_PIPE` standard output closed early.
"""

from __future__ import annotations

__all__ = [
    "EXIT_BUG",
    "EXIT_ENVIRONMENT",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_PARTIAL",
    "EXIT_PIPE",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_OUTPUT, EXIT_ENVIRONMENT = 0, 1, 2, 3, 4, 5
EXIT_BUG = 70  # sysexits' EX_SOFTWARE
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM (kill, a service manager, a job's time limit)
EXIT_PIPE = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away
