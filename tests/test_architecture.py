"""Data flows one way: layers imports geo; geo never imports layers (nor the CLI)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module


def test_geo_never_imports_layers_or_cli():
    bad = [(p.name, m) for p, m in _imports("geo") if m.split(".")[0] in ("layers", "bordermap")]
    assert bad == []


def test_layers_never_imports_the_cli():
    bad = [(p.name, m) for p, m in _imports("layers") if m.split(".")[0] == "bordermap"]
    assert bad == []


def test_every_data_file_has_provenance():
    data = ROOT / "geo" / "data"
    provenance = (data / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in data.glob("*.geojson"):
        assert path.name in provenance, path.name
