"""The frozen history of the database programs, folded, and what a new
freeze must write.

A program is the SQL objects one app's migrations install: scheduling's
(the rules, the listing, the audit trail: scheduling/rules/program.py) and
those other apps register at start-up (`register`: the interfaces app's
outbound feed), which scheduling never imports. Every migration that
installs SQL calls `_frozen_rules.install(version)` (with the app's own
`sql_dir`). Folding an app's migrations in order gives the objects a
migrated database holds (a whole-program version replaces the set; a
per-object version installs and retires single objects). `plan()` compares
that set with what today's code renders: only the objects whose hash changed
are frozen again, plus what is retired.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from scheduling.migrations import _frozen_rules as frozen
from scheduling.rules.objects import DbObject
from scheduling.rules.program import render

VENDORS = ("postgresql", "sqlite")


@dataclass(frozen=True)
class Frozen:
    kind: str
    name: str
    drop: str
    create: str

    @property
    def hash(self) -> str:
        return frozen.object_hash(self.kind, self.name, self.drop, self.create)

    @property
    def text(self) -> str:
        return frozen.object_text(self.kind, self.name, self.drop, self.create)

    @property
    def file(self) -> str:
        return f"{self.name}.{self.hash}.sql"

    @classmethod
    def of(cls, obj: DbObject) -> "Frozen":
        return cls(obj.kind, obj.name, obj.drop.strip(), obj.create.strip())


@dataclass(frozen=True)
class Program:
    app: str  # the app whose migrations install it
    render: Callable[[str], list[DbObject]]  # vendor -> today's objects

    @property
    def sql_dir(self) -> Path:
        """Where its versions are frozen: `<app>/migrations/sql/`."""
        return Path(apps.get_app_config(self.app).path) / "migrations" / "sql"


def _scheduling(vendor: str) -> list[DbObject]:
    return render(vendor)  # looked up at each call: tests replace it


_PROGRAMS: dict[str, Program] = {"scheduling": Program("scheduling", _scheduling)}


def register(app: str, render: Callable[[str], list[DbObject]]) -> None:
    """Another app's SQL objects, installed by its own migrations (from its
    AppConfig.ready(): scheduling never imports the apps above it)."""
    _PROGRAMS[app] = Program(app, render)


def programs() -> list[Program]:
    return list(_PROGRAMS.values())


def program(app: str) -> Program:
    try:
        return _PROGRAMS[app]
    except KeyError:
        raise LookupError(f"the app {app!r} installs no frozen SQL") from None


def rules_versions(
    *, app: str = "scheduling", leaving_out: str | None = None, up_to: str | None = None
) -> list[str]:
    """The versions the app's migrations install, in the order they run (up to
    and including `up_to`, if given)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = loader.graph.leaf_nodes(app)
    versions = []
    for label, name in loader.graph.forwards_plan(leaf):
        if label != app:
            continue
        for operation in loader.graph.nodes[label, name].operations:
            version = getattr(operation, "frozen_version", None)
            if version and version != leaving_out:
                versions.append(version)
            if up_to and version == up_to:
                return versions
    if up_to:
        raise LookupError(f"no migration of {app} installs {up_to}")
    return versions


def fold(
    vendor: str,
    *,
    app: str = "scheduling",
    leaving_out: str | None = None,
    up_to: str | None = None,
) -> dict[str, Frozen]:
    """{name: object} as the app's migrations leave the database (or left it
    once they had installed `up_to`), in creation order."""
    sql_dir = program(app).sql_dir
    state: dict[str, Frozen] = {}
    for version in rules_versions(app=app, leaving_out=leaving_out, up_to=up_to):
        if frozen.is_whole_program(version, vendor, sql_dir):
            state = {o[1]: Frozen(*o) for o in frozen.frozen_objects(version, vendor, sql_dir)}
            continue
        for action, filename in frozen.changes(version, vendor, sql_dir):
            obj = Frozen(*frozen.read_object(vendor, filename, sql_dir))
            if action == "retire":
                state.pop(obj.name, None)
            else:
                state[obj.name] = obj
    return state


@dataclass
class Plan:
    install: list[Frozen]
    retire: list[Frozen]


def plan(
    vendor: str,
    *,
    app: str = "scheduling",
    everything: bool = False,
    leaving_out: str | None = None,
) -> Plan:
    """What a new version of the app's program must install and retire so that
    the fold equals the code. A view dropped and created again takes its
    triggers with it: they are installed again too."""
    state = fold(vendor, app=app, leaving_out=leaving_out)
    rendered = [Frozen.of(o) for o in program(app).render(vendor)]
    changed = {o.name for o in rendered if everything or o != state.get(o.name)}
    views = {name for name in changed if state.get(name) and state[name].kind == "view"}
    changed |= {o.name for o in rendered if o.kind == "trigger" and o.name.split(".")[0] in views}
    names = {o.name for o in rendered}
    return Plan(
        install=[o for o in rendered if o.name in changed],
        retire=[o for name, o in state.items() if name not in names],
    )
