"""Dependencies run one way.

Between apps: scheduling uses hospital, both use audit; outbox (the task
queue's delivery machinery) uses none of them. Inside scheduling: models <
rules < selectors < services < tasks < what the surfaces share < surfaces,
and no surface imports another. No module of the project is part of an
import circle. Every import counts, those inside functions included: an
import moved into a function to dodge a circle is still that circle.
"""

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "hospital": ("scheduling", "interfaces"),
    "audit": ("scheduling", "hospital", "interfaces"),
    "outbox": ("scheduling", "hospital", "audit", "interfaces"),
    # The feed reads scheduling; scheduling never knows it is fed (the trigger writes it).
    "scheduling": ("interfaces",),
}
PACKAGES = ("config", "hospital", "scheduling", "audit", "outbox", "interfaces")


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


# --- the project's import graph ---------------------------------------------------------


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _modules() -> dict[str, Path]:
    return {_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def _known(name: str) -> str | None:
    """The project module `name` designates (the longest known prefix), if any."""
    while name and name not in _modules():
        name = name.rpartition(".")[0]
    return name or None


def _targets(module: str, node: ast.AST) -> set[str]:
    if isinstance(node, ast.Import):
        return {_known(alias.name) for alias in node.names} - {None}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:  # relative: from the module's package
        package = module if _modules()[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = ".".join(filter(None, [package, node.module]))
    else:
        base = node.module
    # `from package import module` imports that module; `from module import name`, the module.
    return {_known(f"{base}.{alias.name}") or _known(base) for alias in node.names} - {None}


@functools.cache
def _graph() -> dict[str, frozenset[str]]:
    return {
        module: frozenset(
            target
            for node in ast.walk(ast.parse(path.read_text()))
            for target in _targets(module, node)
            if target != module
        )
        for module, path in _modules().items()
    }


def _circles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_no_module_is_part_of_an_import_circle():
    assert _circles(_graph()) == []


def test_the_import_graph_covers_every_package_of_the_project():
    """A new app (or config) counts in the circle test from its first module."""
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(PACKAGES)
    assert {module.split(".")[0] for module in _graph()} == set(PACKAGES)


def test_the_circle_test_sees_a_circle_between_apps():
    graph = dict(_graph())
    graph["outbox.queue"] = graph["outbox.queue"] | {"interfaces.relay"}
    assert any({"outbox.queue", "interfaces.relay"} <= set(c) for c in _circles(graph))


# --- the layers inside scheduling ------------------------------------------------------

# Lowest first. A module belongs to the first entry that names it or a package
# above it.
LAYERS = {
    # The institution rule's Python twin is the models' own check (clean()).
    # templatetags: formatting that imports nothing of the project (the clock
    # change's suffix), which the board's selector uses too.
    "models": (
        "scheduling.models",
        "scheduling.invariant",
        "scheduling.roles",
        "scheduling.sms",
        "scheduling.templatetags",
        # The search text's normaliser, the Python twin of the SQL one.
        "scheduling.search_text",
    ),
    "rules": ("scheduling.rules",),
    "selectors": ("scheduling.selectors", "scheduling.ics"),
    "services": ("scheduling.services", "scheduling.demo"),
    "tasks": ("scheduling.tasks",),
    # What several surfaces share: the patient's form fields, the API clients'
    # authentication, refusals and idempotency (REST and FHIR).
    "shared by surfaces": ("scheduling.forms", "scheduling.clients"),
    "surfaces": (
        "scheduling.public",
        "scheduling.staff",
        "scheduling.admin",
        "scheduling.portal",
        "scheduling.api",
        "scheduling.fhir",
        "scheduling.management",
        "scheduling.callcentre",
    ),
}
# The secretaries' screens are pages of the admin (its login, its layout, its
# URL namespace): the admin and staff/ are one surface.
SURFACES = {
    "public": ("scheduling.public",),
    "staff": ("scheduling.staff", "scheduling.admin"),
    "portal": ("scheduling.portal",),
    "api": ("scheduling.api",),
    "fhir": ("scheduling.fhir",),
    "commands": ("scheduling.management",),
    "call centre": ("scheduling.callcentre",),
}
# Outside the layers: the package itself, the app's wiring (ready() connects
# every layer's handlers), and the migrations (history: they import only
# their own frozen copies).
UNLAYERED = ("scheduling", "scheduling.apps", "scheduling.migrations")


def _layer(module: str) -> str | None:
    for layer, prefixes in LAYERS.items():
        if any(_within(module, prefix) for prefix in prefixes):
            return layer
    return None


def _scheduling_modules() -> list[str]:
    return [
        m
        for m in _modules()
        if _within(m, "scheduling")
        and not any(m == u or _within(m, u) for u in UNLAYERED if u != "scheduling")
        and m != "scheduling"
    ]


def test_every_module_of_scheduling_has_a_layer():
    assert [m for m in _scheduling_modules() if _layer(m) is None] == []


def _layer_pairs():
    names = list(LAYERS)
    for i, lower in enumerate(names):
        for higher in names[i + 1 :]:
            yield pytest.param(lower, higher, id=f"{lower}-under-{higher}")


@pytest.mark.parametrize(("lower", "higher"), list(_layer_pairs()))
def test_a_layer_imports_nothing_from_a_layer_above_it(lower, higher):
    graph = _graph()
    offending = [
        f"{module} imports {target}"
        for module in _scheduling_modules()
        if _layer(module) == lower
        for target in sorted(graph[module])
        if _layer(target) == higher
    ]
    assert offending == []


def _surface(module: str) -> str | None:
    for surface, prefixes in SURFACES.items():
        if any(_within(module, prefix) for prefix in prefixes):
            return surface
    return None


def test_no_surface_imports_another():
    graph = _graph()
    offending = [
        f"{module} imports {target}"
        for module in _scheduling_modules()
        if _surface(module)
        for target in sorted(graph[module])
        if _surface(target) not in (None, _surface(module))
    ]
    assert offending == []
