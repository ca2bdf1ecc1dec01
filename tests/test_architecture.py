"""The house rules, checked on the source.

- Data flows one way: ``layers`` imports ``geo``; ``geo`` never imports ``layers`` or the CLI.
- ``geo`` is in rooms that read as the data flow; a room imports only rooms before it.
- A private module (``_name.py``) sits beside its users: only its own room imports it.
- ``layers`` and the CLI use ``geo``'s public names only (``from geo import ...``), never a
  private module.
- A room exports exactly its public modules' ``__all__``; ``geo`` exports them all.
- No public name of a package equals the name of one of its modules (the module would
  shadow it once imported).
- Functions stay small: ruff's complexity limit (C901, in pyproject) and at most
  :data:`MAX_BODY_LINES` lines of body (docstring not counted).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The rooms of geo/, in the order data flows through them. A room may import itself and
#: the rooms before it; ``errors`` and ``_lazy`` are the floor every room stands on.
ROOMS: tuple[str, ...] = ("places", "text", "incidents", "store", "exports", "analysis")
FLOOR: frozenset[str] = frozenset({"errors", "_lazy"})
MAX_BODY_LINES = 80


def _modules(package: str) -> list[tuple[Path, str]]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((path, ".".join(parts)))
    return out


def _imports(package: str):
    """(path, module name, imported module) for every import in a package, relative ones
    resolved."""
    for path, module in _modules(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, module, alias.name
            elif isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    base = module.split(".")
                    base = base if is_pkg else base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join([*base, target] if target else base)
                yield path, module, target
                # "from geo import errors" imports a module too
                for alias in node.names:
                    yield path, module, f"{target}.{alias.name}"


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "geo" else None


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_geo_never_imports_layers_or_cli():
    bad = [(p.name, m) for p, _, m in _imports("geo") if m.split(".")[0] in ("layers", "bordermap")]
    assert bad == []


def test_layers_never_imports_the_cli():
    bad = [(p.name, m) for p, _, m in _imports("layers") if m.split(".")[0] == "bordermap"]
    assert bad == []


def test_geo_is_in_rooms():
    top = sorted(p.name for p in (ROOT / "geo").glob("*.py"))
    assert top == ["__init__.py", "_lazy.py", "errors.py"], top
    rooms = sorted(p.parent.name for p in (ROOT / "geo").glob("*/__init__.py"))
    assert rooms == sorted(ROOMS)


def test_a_room_imports_only_rooms_before_it():
    bad = []
    for path, module, target in _imports("geo"):
        here, there = _room(module), _room(target)
        if here is None or there is None or there in FLOOR or not _is_module(target):
            continue
        if ROOMS.index(there) > ROOMS.index(here):
            bad.append(f"{path.relative_to(ROOT)} imports {target} ({here} comes before {there})")
    assert bad == []


def test_private_modules_are_used_only_in_their_room():
    bad, used = [], set()
    for path, module, target in _imports("geo"):
        parts = target.split(".")
        private = [i for i, part in enumerate(parts) if part.startswith("_") and i >= 1]
        if not private or not _is_module(target) or parts[1] in FLOOR:
            continue
        owner = ".".join(parts[: private[0]])
        used.add(".".join(parts[: private[0] + 1]))
        if not module.startswith(owner + ".") and module != owner:
            bad.append(f"{path.relative_to(ROOT)} imports {target}")
    assert bad == []
    unused = [
        m
        for _, m in _modules("geo")
        if m.split(".")[-1].startswith("_") and m.split(".")[-1] != "_lazy" and m not in used
    ]
    assert unused == [], "private modules nobody imports"


@pytest.mark.parametrize("package", ["layers", "bordermap"])
def test_outside_geo_only_public_names(package):
    bad = []
    for path, _, target in _imports(package):
        parts = target.split(".")
        if parts[0] != "geo" or not _is_module(target):
            continue
        if any(part.startswith("_") for part in parts):
            bad.append(f"{path.relative_to(ROOT)} imports {target}")
        elif package == "layers" and target != "geo":
            bad.append(f"{path.relative_to(ROOT)} imports {target} (use `from geo import ...`)")
    assert bad == []


def test_public_names_resolve():
    import importlib

    for name in ("geo", *(f"geo.{room}" for room in ROOMS), "layers"):
        package = importlib.import_module(name)
        for attr in package.__all__:
            assert getattr(package, attr) is not None, f"{name}.{attr}"


def _all_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return next(
        (
            list(ast.literal_eval(node.value))
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "__all__" for t in node.targets)
        ),
        [],
    )


def test_public_names_are_in_step_with_the_modules():
    """A room exports exactly the ``__all__`` of its public modules, each from its module, and
    ``geo`` exports every room's names and the error tree: a name added to a module is public
    at once, and a name moved keeps its public address."""
    import importlib

    every: dict[str, str] = {}
    for room in ROOMS:
        wanted = {
            name: f"geo.{room}.{path.stem}"
            for path in sorted((ROOT / "geo" / room).glob("[!_]*.py"))
            for name in _all_of(path)
        }
        assert wanted == importlib.import_module(f"geo.{room}")._EXPORTS, room
        every |= wanted
    every |= dict.fromkeys(_all_of(ROOT / "geo" / "errors.py"), "geo.errors")
    assert every == importlib.import_module("geo")._EXPORTS


def test_no_public_name_is_a_module_of_its_room():
    """A public name equal to a module's name is shadowed by the module once it is imported
    (``import geo.text.evaluate`` made ``geo.text.evaluate`` the module, not the function)."""
    clashes = []
    for name in ("geo", *(f"geo.{room}" for room in ROOMS)):
        folder = ROOT.joinpath(*name.split("."))
        modules = {p.stem for p in folder.glob("*.py")} | {
            p.parent.name for p in folder.glob("*/__init__.py")
        }
        init = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        public = next(
            ast.literal_eval(node.value)
            for node in init.body
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "__all__" for t in node.targets)
        )
        clashes += [f"{name}.{n}" for n in public if n in modules]
    assert clashes == []


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return 0 if not body else node.end_lineno - body[0].lineno + 1  # type: ignore[operator]


@pytest.mark.parametrize("package", ["geo", "layers", "bordermap", "scripts", "benchmarks"])
def test_functions_are_small(package):
    long = []
    for path, _ in _modules(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and _body_lines(node) > MAX_BODY_LINES:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long == []


def test_complexity_limit_holds():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    result = subprocess.run(
        [ruff, "check", "--select", "C901", "--output-format", "concise", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def _package_data_globs() -> dict[str, list[str]]:
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["setuptools"]["package-data"]


def _in_package_data(path: Path) -> bool:
    """Whether a file under a package folder is matched by that package's package-data globs."""
    package = path.relative_to(ROOT).parts[0]
    globs = _package_data_globs().get(package, [])
    return any(path in (ROOT / package).glob(pattern) for pattern in globs)


def _data_files() -> list[Path]:
    data = ROOT / "geo" / "data"
    return sorted(p for p in data.iterdir() if p.is_file() and p.name != "PROVENANCE.md")


def test_every_data_file_has_provenance():
    """Each file in geo/data is named in PROVENANCE.md, which names the one command that
    rebuilds them, and that command builds that file."""
    provenance = (ROOT / "geo" / "data" / "PROVENANCE.md").read_text(encoding="utf-8")
    build = (ROOT / "scripts" / "build_data.py").read_text(encoding="utf-8")
    build += (ROOT / "scripts" / "admin_data.py").read_text(encoding="utf-8")
    assert "python scripts/build_data.py" in provenance
    missing = [p.name for p in _data_files() if f"`{p.name}`" not in provenance]
    assert missing == [], "not in geo/data/PROVENANCE.md"
    unbuilt = [p.name for p in _data_files() if f'"{p.name}"' not in build]
    assert unbuilt == [], "not written by scripts/build_data.py"


def test_every_data_file_is_small():
    """Shipped data stays under 5 MiB a file (scripts/build_data.py checks it too); larger
    data is rebuilt by script, not committed. admin.geojson was 5.7 MB with its provenance
    written into each of its 3,720 features; it is written once per file now."""
    large = {p.name: p.stat().st_size for p in _data_files() if p.stat().st_size >= 5 * 1024 * 1024}
    assert large == {}


def test_every_file_the_code_opens_is_package_data():
    """geo/data, the map's JavaScript and CSS, and the npm pins of layers/vendor are in the
    wheel (pyproject ``[tool.setuptools.package-data]``); tests/cli/test_install.py checks
    a built wheel."""
    opened = [*_data_files(), ROOT / "geo" / "data" / "PROVENANCE.md"]
    opened += sorted(p for p in (ROOT / "layers" / "js").iterdir() if p.is_file())
    opened += [ROOT / "layers" / "vendor" / n for n in ("package.json", "package-lock.json")]
    missing = [str(p.relative_to(ROOT)) for p in opened if not _in_package_data(p)]
    assert missing == [], "not matched by the package-data globs in pyproject.toml"
