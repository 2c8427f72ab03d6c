"""The README's map of the code (its *Architecture* section) and
docs/DESIGN.md name only paths that exist: a file moved or removed without
them fails here rather than sending a reader to search."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# A name the map gives a path: `dir/`, `file.py`, `dir/file.py`, `a/b/`.
_PATH = re.compile(
    r"(?<![\w./-])((?:\.?[A-Za-z_][\w-]*/)+(?:[\w-]+\.[a-z]{2,4})?"
    r"|[A-Za-z_][\w-]*\.(?:py|html|md|toml|js|css|sql))(?![\w/-])"
)


def _map() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Architecture\n", 1)[1]
    return section.split("```\n", 2)[1].splitlines()


def _entries(lines: list[str]):
    """(the directory an entry is in, its names, the paths its description
    names) for each entry of the map; entries nest by indentation, and a
    description runs on over the more indented lines after it."""
    parents: list[tuple[int, Path]] = []
    entry = None
    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        words = line.split()
        count = next((i for i, w in enumerate(words) if not _PATH.fullmatch(w)), len(words))
        if indent >= 15 or not count:  # a description running on
            if entry:
                entry[2].extend(_PATH.findall(line))
            continue
        while parents and parents[-1][0] >= indent:
            parents.pop()
        base = parents[-1][1] if parents else Path()
        entry = (base, words[:count], _PATH.findall(" ".join(words[count:])))
        yield entry
        if count == 1 and words[0].endswith("/"):
            parents.append((indent, base / words[0]))


def _missing(lines: list[str]) -> list[str]:
    missing = []
    for base, names, described in list(_entries(lines)):
        for name in names:
            if not (ROOT / base / name).exists():
                missing.append(str(base / name))
        own = [base / n for n in names if n.endswith("/")] or [base]
        for path in described:
            candidates = [ROOT / path] + [ROOT / b / path for b in [*own, base]]
            if not any(c.exists() for c in candidates):
                missing.append(f"{path} (in the entry of {base}/{names[0]})")
    return missing


def test_every_path_the_readme_map_names_exists():
    entries = list(_entries(_map()))
    assert len(entries) > 30, "the map was not read"
    assert _missing(_map()) == []


def test_the_map_check_sees_a_missing_file():
    lines = [*_map(), "audit/          the trail (sql.py, gone.py, nowhere/else.py)"]
    assert _missing(lines) == [
        "gone.py (in the entry of ./audit/)",
        "nowhere/else.py (in the entry of ./audit/)",
    ]


@pytest.mark.parametrize("document", ["docs/DESIGN.md"])
def test_every_path_the_design_names_exists(document):
    text = (ROOT / document).read_text()
    named = set(re.findall(r"`([\w./-]+(?:/|\.py|\.md|\.sql|\.html))`", text))
    assert named, "the design names no path"
    # URLs (`/health/`) and patterns (`<name>.<hash>.sql`) are no paths.
    paths = [n for n in named if "<" not in n and not n.startswith("/")]
    assert sorted(n for n in paths if not (ROOT / n).exists()) == []
