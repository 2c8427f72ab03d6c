"""The suites start from the typed actors of tests/actors.py: the dict-shaped
worlds they replaced (issue 20) are not defined again, nor asked for by name.

A fixture returning a dict of named objects hides what a test depends on: a
key misspelt fails only when the test runs, a suite adding a key changes the
world of every other, and two worlds of one name shadow each other.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
RETIRED = {"clinic_world", "api_world"}


def _uses(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)  # request.getfixturevalue("...")
    return found & RETIRED


def test_no_retired_world_is_defined_or_requested():
    offending = {
        str(path.relative_to(TESTS.parent)): sorted(uses)
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve() and (uses := _uses(path))
    }
    assert offending == {}


def test_the_check_sees_a_definition_a_request_and_a_lookup(tmp_path):
    module = tmp_path / "test_example.py"
    module.write_text(
        "def clinic_world(db): ...\n"
        "def test_a(api_world): ...\n"
        "def test_b(request): request.getfixturevalue('api_world')\n"
    )
    assert _uses(module) == {"clinic_world", "api_world"}


def _dict_worlds(path: Path) -> list[str]:
    """The fixtures of a module that return (or yield) a dict literal."""
    found = []
    for node in ast.parse(path.read_text()).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not any("fixture" in ast.unparse(d) for d in node.decorator_list):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Return | ast.Yield) and isinstance(inner.value, ast.Dict):
                found.append(node.name)
                break
    return found


def test_no_fixture_returns_a_dict():
    """Every suite's worlds are typed (the deploy and FHIR suites' were the
    last): a fixture hands out a dataclass or an actor, never a dict of them."""
    offending = {
        str(path.relative_to(TESTS.parent)): worlds
        for path in sorted(TESTS.rglob("*.py"))
        if (worlds := _dict_worlds(path))
    }
    assert offending == {}


def test_the_check_sees_a_fixture_returning_or_yielding_a_dict(tmp_path):
    module = tmp_path / "conftest.py"
    module.write_text(
        "import pytest\n"
        "@pytest.fixture\ndef world(actors):\n    return {'agenda': actors.agenda}\n"
        "@pytest.fixture(autouse=True)\ndef setup():\n    yield {}\n"
        "@pytest.fixture\ndef desk(actors):\n    return Desk(actors.agenda)\n"
        "def _fields(world):\n    return {'agenda': world.agenda.pk}\n"
    )
    assert _dict_worlds(module) == ["world", "setup"]
