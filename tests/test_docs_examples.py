"""The ``Examples`` sections of the docstrings run, offline, and say what the code does.

Every module of ``geo`` and ``layers`` whose docstrings hold an example (``>>>``) is
collected: a module that gains examples is tested without being listed here. The public
functions that the README and the notebooks call must have an ``Examples`` section, room by
room (:data:`ROOMS_WITH_EXAMPLES`).
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
import re
import typing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Packages whose public functions used by the README or a notebook must show an example.
ROOMS_WITH_EXAMPLES: tuple[str, ...] = ("geo.", "layers.")
#: geo's rooms: users may name a room (``geo.analysis``), not a module in it.
_ROOMS = frozenset({"places", "text", "incidents", "store", "exports", "analysis", "errors"})
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules_with_examples() -> list[str]:
    out = []
    for package in ("geo", "layers"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "node_modules" in path.parts or ">>>" not in path.read_text(encoding="utf-8"):
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


@pytest.mark.parametrize("module_name", _modules_with_examples())
def test_examples_run(module_name):
    module = importlib.import_module(module_name)
    tests = [t for t in doctest.DocTestFinder().find(module) if t.examples]
    assert tests, f"{module_name} has '>>>' but no doctest was found"
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) of {module_name} failed (see stdout)"


def _user_text() -> str:
    """The README and the notebooks' code and prose: what users read and copy."""
    texts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts += ["".join(cell["source"]) for cell in cells]
    return "\n".join(texts)


def _used_names() -> set[tuple[str, ...]]:
    """``pkg.<name>`` and ``pkg.<name>().<method>`` (pkg: geo, layers) as users read them."""
    text = _user_text()
    used = set(re.findall(r"\b(geo|layers)\.([a-z_]\w*)\b(?!\.\w)", text))
    used |= set(re.findall(r"\b(geo|layers)\.([a-z_]\w*)\(\)\.([a-z_]\w*)", text))
    return used


def test_readme_and_notebooks_use_only_public_names():
    import geo
    import layers

    text = _user_text()
    deep = sorted(set(re.findall(r"\b(?:import|from) ((?:geo|layers)\.[\w.]+)", text)))
    assert deep == [], "import the package, not a module: modules may move"
    packages = {"geo": geo, "layers": layers}
    unknown = sorted(
        f"{pkg}.{name}"
        for pkg, name in re.findall(r"\b(geo|layers)\.([A-Za-z_]\w*)", text)
        if name not in packages[pkg].__all__ and not (pkg == "geo" and name in _ROOMS)
    )
    assert unknown == [], "not a public name of geo / layers"


def _documented_objects() -> list[tuple[str, object]]:
    import geo
    import layers

    packages = {"geo": geo, "layers": layers}
    out = []
    for pkg, *used in sorted(_used_names()):
        obj = getattr(packages[pkg], used[0], None)
        if not callable(obj) or not str(getattr(obj, "__module__", "")).startswith(
            ROOMS_WITH_EXAMPLES
        ):
            continue
        if len(used) == 2:  # a method of what the function returns
            returned = typing.get_type_hints(obj).get("return")
            obj = getattr(returned, used[1], None)
            if obj is None:
                continue
        out.append((".".join([pkg, *used]), obj))
    return out


def test_the_names_the_notebooks_use_are_found():
    names = {name for name, _ in _documented_objects()}
    assert {"geo.article_from_path", "geo.places_from_text", "geo.default_gazetteer"} <= names
    assert {"geo.default_gazetteer.lookup", "layers.incident_map"} <= names


@pytest.mark.parametrize(
    ("name", "obj"), [pytest.param(name, obj, id=name) for name, obj in _documented_objects()]
)
def test_functions_the_notebooks_call_show_an_example(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert re.search(r"^Examples\n-{8}$", doc, re.MULTILINE), f"{name} has no Examples"
    assert ">>>" in doc
