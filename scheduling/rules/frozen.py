"""The frozen history of the database program, folded, and what a new
freeze must write.

Every rules migration calls `_frozen_rules.install(version)`. Folding them in
order gives the objects a migrated database holds (a whole-program version
replaces the set; a per-object version installs and retires single objects).
`plan()` compares that set with what today's code renders: only the objects
whose hash changed are frozen again, plus what is retired.
"""

from dataclasses import dataclass

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


def rules_versions(*, leaving_out: str | None = None) -> list[str]:
    """The versions the scheduling migrations install, in the order they run."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = loader.graph.leaf_nodes("scheduling")
    versions = []
    for app, name in loader.graph.forwards_plan(leaf):
        if app != "scheduling":
            continue
        for operation in loader.graph.nodes[app, name].operations:
            version = getattr(operation, "frozen_version", None)
            if version and version != leaving_out:
                versions.append(version)
    return versions


def fold(vendor: str, *, leaving_out: str | None = None) -> dict[str, Frozen]:
    """{name: object} as the migrations leave the database, in creation order."""
    state: dict[str, Frozen] = {}
    for version in rules_versions(leaving_out=leaving_out):
        if frozen.is_whole_program(version, vendor):
            state = {o[1]: Frozen(*o) for o in frozen.frozen_objects(version, vendor)}
            continue
        for action, filename in frozen.changes(version, vendor):
            obj = Frozen(*frozen.read_object(vendor, filename))
            if action == "retire":
                state.pop(obj.name, None)
            else:
                state[obj.name] = obj
    return state


@dataclass
class Plan:
    install: list[Frozen]
    retire: list[Frozen]


def plan(vendor: str, *, everything: bool = False, leaving_out: str | None = None) -> Plan:
    """What a new version must install and retire so that the fold equals the
    code. A view dropped and created again takes its triggers with it: they
    are installed again too."""
    state = fold(vendor, leaving_out=leaving_out)
    rendered = [Frozen.of(o) for o in render(vendor)]
    changed = {o.name for o in rendered if everything or o != state.get(o.name)}
    views = {name for name in changed if state.get(name) and state[name].kind == "view"}
    changed |= {o.name for o in rendered if o.kind == "trigger" and o.name.split(".")[0] in views}
    names = {o.name for o in rendered}
    return Plan(
        install=[o for o in rendered if o.name in changed],
        retire=[o for name, o in state.items() if name not in names],
    )
