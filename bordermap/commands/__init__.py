"""The ``bordermap`` sub-commands, one module each.

Each module has ``add_parser(subparsers)``, which adds the sub-command's parser and sets its
``run`` as the parser's default, and ``run(args) -> int``, which does the work and returns the
exit status. :mod:`bordermap.cli` puts them together and turns the errors they raise into a
message and an exit status.

Exit status: :data:`EXIT_OK` success; :data:`EXIT_ERROR` bad input or a failed build (the
message names file, line and column); :data:`EXIT_USAGE` usage error; :data:`EXIT_PARTIAL`
done, but rows were rejected; :data:`EXIT_INTERRUPTED` stopped by Ctrl-C (``geocode``: the
answers so far are kept).
"""

from __future__ import annotations

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
