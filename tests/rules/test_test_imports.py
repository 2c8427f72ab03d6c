"""No test module imports another test module.

Helpers several suites share live in tests/helpers.py and the named actors in
tests/actors.py. A helper imported from a test module runs that module's
collection-time code (and, for a fixture, defines it a second time where it
is imported, shadowing any other of the same name); the next person to edit
the module cannot see who depends on it. Every import counts, those inside
functions included.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(dotted: str) -> bool:
    return dotted.startswith("tests.") and dotted.rsplit(".", 1)[-1].startswith("test_")


def _test_modules_imported(path: Path) -> set[str]:
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            imported.update(name for name in names if _is_test_module(name))
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names if _is_test_module(a.name))
    return imported


def test_no_test_module_imports_another_test_module():
    offending = {
        str(path.relative_to(TESTS.parent)): sorted(imported)
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := _test_modules_imported(path))
    }
    assert offending == {}


def test_the_check_sees_an_import_from_a_test_module(tmp_path):
    module = tmp_path / "test_example.py"
    module.write_text(
        "from tests.public.test_journey import _details\n"
        "def f():\n    from tests.fuzz import test_every_input\n"
    )
    assert _test_modules_imported(module) == {
        "tests.public.test_journey",
        "tests.fuzz.test_every_input",
    }
