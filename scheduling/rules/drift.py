"""Drift between a live database and the SQL today's code renders: every
program of scheduling/rules/frozen.py (scheduling's rules, listing and audit
trail; the interfaces app's outbound feed).

PostgreSQL: each function, trigger and view carries, in a comment written
when a migration installed it (scheduling/migrations/_frozen_rules.py), the
hash of the frozen object and the md5 of the definition the catalog then
held. An object drifts when it is missing, has no such comment (installed by
hand, or dropped and created again), was frozen from other code than today's
(a migration not applied, or code changed without a freeze), or its
definition is no longer the one installed (altered by hand: `CREATE OR
REPLACE FUNCTION` keeps the comment, not the definition).
SQLite keeps each trigger's and view's CREATE statement: it must be today's.
Tables are checked for presence only (their columns are the models').
"""

import re
from dataclasses import dataclass

from django.db import connection as default_connection

from scheduling.migrations._frozen_rules import _localised, catalog_entry
from scheduling.rules.frozen import Frozen, programs


@dataclass(frozen=True)
class Drift:
    kind: str
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.problem}"


def drift(connection=default_connection) -> list[Drift]:
    objects = [Frozen.of(o) for p in programs() for o in p.render(connection.vendor)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return [d for o in objects if (d := _postgresql(cursor, o))]
        cursor.execute("SELECT type, name, sql FROM sqlite_master")
        master = {(kind, name): sql for kind, name, sql in cursor.fetchall()}
        return [d for o in objects if (d := _sqlite(master, o))]


def _postgresql(cursor, obj: Frozen) -> Drift | None:
    if obj.kind == "table":
        cursor.execute("SELECT to_regclass(%s)", [f"public.{obj.name}"])
        return None if cursor.fetchone()[0] else Drift(obj.kind, obj.name, "missing")
    entry = catalog_entry(obj.kind, obj.name, obj.drop)
    if entry is None:  # grants: no object to compare
        return None
    target, definition = entry
    comment = _comment(cursor, obj)
    if comment is _MISSING:
        return Drift(obj.kind, obj.name, "missing")
    cursor.execute(definition)
    (digest,) = cursor.fetchone()
    if comment is None or not comment.startswith("frozen "):
        return Drift(obj.kind, obj.name, "no frozen hash: not installed by a migration")
    _frozen, installed_hash, _definition, installed_digest = comment.split(" ")
    if installed_hash != obj.hash:
        return Drift(
            obj.kind,
            obj.name,
            f"installed {installed_hash}, the code renders {obj.hash} (migrate, or freeze_rules)",
        )
    if installed_digest != digest:
        return Drift(obj.kind, obj.name, "altered since a migration installed it")
    return None


_MISSING = object()


def _comment(cursor, obj: Frozen):
    if obj.kind == "trigger":
        table, trigger = obj.name.split(".", 1)
        cursor.execute(
            "SELECT obj_description(t.oid, 'pg_trigger') FROM pg_trigger t"
            " WHERE t.tgrelid = to_regclass(%s) AND t.tgname = %s",
            [f"public.{table}", trigger],
        )
    elif obj.kind == "function":
        signature = catalog_entry(obj.kind, obj.name, obj.drop)[0].removeprefix("FUNCTION ")
        cursor.execute(
            "SELECT obj_description(p, 'pg_proc') FROM to_regprocedure(%s) p WHERE p IS NOT NULL",
            [signature],
        )
    else:
        cursor.execute(
            "SELECT obj_description(c, 'pg_class') FROM to_regclass(%s) c WHERE c IS NOT NULL",
            [f"public.{obj.name}"],
        )
    row = cursor.fetchone()
    return _MISSING if row is None else row[0]


def _sqlite(master: dict[tuple[str, str], str], obj: Frozen) -> Drift | None:
    if obj.kind not in ("table", "trigger", "view"):
        return None
    sql_name = obj.name
    if obj.kind != "table":
        sql_name = re.search(r"CREATE (?:TRIGGER|VIEW) (?:IF NOT EXISTS )?\"?(\w+)", obj.create)[1]
    installed = master.get((obj.kind, sql_name))
    if installed is None:
        return Drift(obj.kind, obj.name, "missing")
    if obj.kind != "table" and _plain(installed) != _plain(_localised(obj.create)):
        return Drift(obj.kind, obj.name, "differs from the code")
    return None


def _plain(sql: str) -> str:
    # SQLite keeps the statement as written, minus IF NOT EXISTS.
    return sql.strip().rstrip(";").replace(" IF NOT EXISTS", "")
