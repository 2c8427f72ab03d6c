"""No test module imports another test module, nor any conftest.

Helpers several suites share live in tests/helpers.py, the fixtures in
tests/conftest.py and the named actors in tests/actors.py. A helper imported
from a test module runs that module's collection-time code (and, for a
fixture, defines it a second time where it is imported, shadowing any other
of the same name); the next person to edit the module cannot see who depends
on it. A conftest holds fixtures and hooks only, which pytest hands to the
tests below it: a module that imports one, its own directory's included,
makes a conftest a second helpers module (and a suite elsewhere that imports
it borrows another suite's world). Every import counts, those inside
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


def _conftests_imported(path: Path) -> set[str]:
    """The conftest modules the file at `path` imports."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        imported.update(
            name for name in names if name.startswith("tests.") and name.endswith(".conftest")
        )
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


def test_no_module_imports_a_conftest():
    offending = {
        str(path.relative_to(TESTS.parent)): sorted(imported)
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := _conftests_imported(path))
    }
    assert offending == {}


def test_the_check_sees_an_import_from_a_conftest(tmp_path):
    """Another directory's, and the module's own (this one is under outbox/)."""
    outbox = tmp_path / "tests" / "outbox"
    outbox.mkdir(parents=True)
    module = outbox / "test_example.py"
    module.write_text(
        "from tests.notices.conftest import run_worker\n"
        "from tests.outbox.conftest import book\n"
        "def f():\n    from tests import conftest\n    import tests.institution.conftest\n"
    )
    assert _conftests_imported(module) == {
        "tests.notices.conftest",
        "tests.outbox.conftest",
        "tests.conftest",
        "tests.institution.conftest",
    }


def test_the_shared_helpers_are_one_module():
    """tests/helpers.py, not a helpers module per suite: the next person looks
    in one place (issue 20)."""
    others = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if "helper" in path.stem and path != TESTS / "helpers.py"
    ]
    assert others == []
