"""The database program as data: named objects with their create and drop SQL.

The rules the database enforces (triggers, their functions, the audit
trail's plumbing) are rendered by today's code (`scheduling.rules.program`)
as a list of `DbObject`s per vendor. A migration never imports that code: it
installs frozen copies of the objects, one file each named with its hash
(`scheduling/migrations/sql/objects/<vendor>/<name>.<hash>.sql`), written
once by `manage.py freeze_rules <version>` for the objects whose hash
changed, the way django-pgtrigger writes its SQL into migrations
(scheduling/rules/frozen.py). tests/rules/test_frozen_rules.py folds the
migrations and fails when the result differs from today's rendering, or
when the database lacks any of its objects.

File format (the first, whole-program versions: one block per object, in
creation order; an object's own file: one block).

    -- object: <kind> <name>
    -- drop: <one line of SQL>
    <create SQL, any number of lines>
"""

from dataclasses import dataclass

HEADER = (
    "-- The platform's database rules, frozen by `manage.py freeze_rules`.\n"
    "-- Never edit by hand: change the rule code and freeze a new migration.\n"
)
TIME_ZONE_PLACEHOLDER = "__TIME_ZONE__"


@dataclass(frozen=True)
class DbObject:
    kind: str  # function, trigger, view, table, grant
    name: str  # unique within the program; triggers are "<table>.<trigger>"
    create: str
    drop: str


def dump(objects: list[DbObject]) -> str:
    """The frozen file's text (read back by scheduling/migrations/_frozen_rules.py)."""
    blocks = [
        f"-- object: {o.kind} {o.name}\n-- drop: {o.drop.strip()}\n{o.create.strip()}\n"
        for o in objects
    ]
    return HEADER + "\n" + "\n".join(blocks)
