"""No fixture shadows another: along the path from tests/conftest.py down to a
test module, each fixture name is defined once.

A suite that defines its own `world` over its conftest's leaves two worlds
with one name: which one a test gets depends on where it sits, and the next
person to move it, or to read the conftest, is misled. A fixture says what it
is in its own name (tests/actors.py's actors, a suite's world added to them).
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# Overrides made on purpose: (the overriding file, relative to tests/, name) and why.
OVERRIDES = {
    # The autouse `language` puts the tests in English; the journeys see the
    # site as deployed, French by default.
    ("browser/conftest.py", "language"),
}


def _fixtures(path: Path) -> set[str]:
    """The fixtures a module defines at its top level (@pytest.fixture, called or not)."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) in ("pytest.fixture", "fixture"):
                    names.add(node.name)
    return names


def _shadows(root: Path, overrides=frozenset()) -> dict[str, list[str]]:
    """For each test module under `root`, the fixture names defined again
    between it and `root`'s conftest.py, with where."""
    found = {}
    for module in sorted(root.rglob("test_*.py")):
        along = [module]
        folder = module.parent
        while True:
            if (folder / "conftest.py").exists():
                along.append(folder / "conftest.py")
            if folder == root:
                break
            folder = folder.parent
        defined: dict[str, str] = {}
        for path in reversed(along):  # from the top down, as pytest overrides
            where = str(path.relative_to(root))
            for name in _fixtures(path):
                if name in defined and (where, name) not in overrides:
                    found.setdefault(str(module.relative_to(root)), []).append(
                        f"{name}: {where} over {defined[name]}"
                    )
                defined[name] = where
    return found


def test_no_fixture_shadows_another():
    assert _shadows(TESTS, OVERRIDES) == {}


def test_the_check_sees_a_fixture_defined_again(tmp_path):
    (tmp_path / "suite").mkdir()
    fixture = "import pytest\n\n@pytest.fixture\ndef {}():\n    return 1\n"
    (tmp_path / "conftest.py").write_text(fixture.format("actors"))
    (tmp_path / "suite" / "conftest.py").write_text(
        fixture.format("world") + "\n@pytest.fixture(autouse=True)\ndef actors():\n    pass\n"
    )
    (tmp_path / "suite" / "test_a.py").write_text(fixture.format("world"))
    (tmp_path / "suite" / "test_b.py").write_text(fixture.format("other_world"))
    (tmp_path / "test_c.py").write_text(fixture.format("world"))  # no world above it
    assert _shadows(tmp_path) == {
        "suite/test_a.py": [
            "actors: suite/conftest.py over conftest.py",
            "world: suite/test_a.py over suite/conftest.py",
        ],
        "suite/test_b.py": ["actors: suite/conftest.py over conftest.py"],
    }
