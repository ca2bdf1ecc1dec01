"""Lazy re-exports for package ``__init__`` modules (PEP 562).

A package lists its public names and the module each lives in; a name's module is imported
the first time the name is used, so ``import geo`` costs nothing and modules can move
without breaking anyone who uses the package's names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return the ``__getattr__`` and ``__dir__`` of a package that re-exports names lazily.

    Parameters
    ----------
    package : str
        The package's ``__name__`` (for the error message).
    exports : mapping of str to str
        Public name -> the module that defines it.

    Returns
    -------
    tuple of callable
        ``(__getattr__, __dir__)`` to assign at module level.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("demo", {"sqrt": "math"})
    >>> getattr_("sqrt")(9.0)
    3.0
    """

    def getattr_(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def dir_() -> list[str]:
        return sorted(exports)

    return getattr_, dir_
