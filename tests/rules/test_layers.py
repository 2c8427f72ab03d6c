"""Dependencies run one way: scheduling uses hospital, both use audit."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"hospital": ("scheduling",), "audit": ("scheduling", "hospital")}


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_layers_import_nothing_from_higher_ones(app):
    offending = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        for module in _imports(path)
        if module.split(".")[0] in FORBIDDEN[app]
    ]
    assert offending == []
