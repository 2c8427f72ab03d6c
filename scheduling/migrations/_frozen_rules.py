"""Apply a frozen version of the platform's database rules in a migration.

The one way SQL is frozen into migrations, for every app that installs
database objects (scheduling's rules and listing, the audit trail; the
interfaces app's outbound feed, from its own `interfaces/migrations/sql/`:
`sql_dir`). Two shapes of frozen version live in `sql/` next to the
migrations, both written once by `manage.py freeze_rules <version>` and never
edited:

- the first versions (up to 0037) froze the whole program in
  `sql/<version>.<vendor>.sql`, and installing one re-created every object;
- since then a version is `sql/<version>.<vendor>.objects`: which objects it
  installs and which it retires, one line each, naming files of
  `sql/objects/<vendor>/<name>.<hash>.sql`. Such a file holds one object (the
  block format of scheduling/rules/objects.py); its name carries the hash of
  its text, so a file is never rewritten, only joined by a new one when the
  object changes — django-pgtrigger's idea, for both vendors. Installing the
  version runs only those objects; on PostgreSQL each gets a comment with
  its hash and the hash of the definition the catalog then holds, which
  `manage.py rules_drift` compares with the code and with the catalog.

This module only reads those files, so what an old migration installs never
changes. It is kept deliberately small and stable; a change to it is a change
to every migration that uses it.
"""

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.db import migrations

SQL_DIR = Path(__file__).with_name("sql")
OBJECTS_DIR = SQL_DIR / "objects"
_BLOCK = "-- object: "

Object = tuple[str, str, str, str]  # kind, name, drop, create


def frozen_objects(version: str, vendor: str, sql_dir: Path = SQL_DIR) -> list[Object]:
    """(kind, name, drop, create) for each object of a whole-program version."""
    return _parse((sql_dir / f"{version}.{vendor}.sql").read_text())


def _parse(text: str) -> list[Object]:
    objects = []
    for block in ("\n" + text).split("\n" + _BLOCK)[1:]:
        head, drop_line, create = block.split("\n", 2)
        kind, name = head.split(" ", 1)
        objects.append((kind, name, drop_line.removeprefix("-- drop: "), create.strip()))
    return objects


# --- one object per file -------------------------------------------------------------


def object_text(kind: str, name: str, drop: str, create: str) -> str:
    """A frozen object's file, and what its hash is taken of."""
    return f"{_BLOCK}{kind} {name}\n-- drop: {drop.strip()}\n{create.strip()}\n"


def object_hash(kind: str, name: str, drop: str, create: str) -> str:
    return hashlib.sha256(object_text(kind, name, drop, create).encode()).hexdigest()[:12]


def object_file(vendor: str, kind: str, name: str, drop: str, create: str) -> str:
    return f"{name}.{object_hash(kind, name, drop, create)}.sql"


def read_object(vendor: str, filename: str, sql_dir: Path = SQL_DIR) -> Object:
    (obj,) = _parse((sql_dir / "objects" / vendor / filename).read_text())
    return obj


def is_whole_program(version: str, vendor: str, sql_dir: Path = SQL_DIR) -> bool:
    return (sql_dir / f"{version}.{vendor}.sql").exists()


def changes(version: str, vendor: str, sql_dir: Path = SQL_DIR) -> list[tuple[str, str]]:
    """("install" | "retire", object file) for each line of a per-object version."""
    lines = (sql_dir / f"{version}.{vendor}.objects").read_text().splitlines()
    return [tuple(line.split(" ", 1)) for line in lines if line and not line.startswith("--")]


# --- installing ------------------------------------------------------------------------


def _localised(sql: str) -> str:
    return sql.replace("__TIME_ZONE__", settings.TIME_ZONE)


def _execute(schema_editor, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _create(kind: str, drop: str, create: str) -> list[str]:
    # Functions are replaced in place (their triggers and grants stay); tables
    # are created once and kept (the audit key lives in one).
    return [drop, _localised(create)] if kind in ("trigger", "view") else [_localised(create)]


def install(
    version: str,
    *,
    retire: dict[str, list[str]] | None = None,
    sql_dir: Path = SQL_DIR,
) -> migrations.RunPython:
    """Install `version` (frozen in `sql_dir`, scheduling's by default):
    every object of a whole-program version (then drop what an earlier
    version had and this one no longer has: `retire`, per vendor), or the
    objects a per-object version lists, and drop those it retires."""

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if is_whole_program(version, vendor, sql_dir):
            statements = []
            for kind, _name, drop, create in frozen_objects(version, vendor, sql_dir):
                statements += _create(kind, drop, create)
            _execute(schema_editor, statements + (retire or {}).get(vendor, []))
            return
        for action, filename in changes(version, vendor, sql_dir):
            kind, name, drop, create = read_object(vendor, filename, sql_dir)
            if action == "retire":
                _execute(schema_editor, [drop])
                continue
            _execute(schema_editor, _create(kind, drop, create))
            if vendor == "postgresql":
                stamp(schema_editor.connection, kind, name, drop, filename.rsplit(".", 2)[-2])
        _execute(schema_editor, (retire or {}).get(vendor, []))

    operation = migrations.RunPython(forwards, _irreversible(version))
    # Read by scheduling/rules/frozen.py, which folds the history into the
    # set of objects a migrated database holds.
    operation.frozen_version = version
    operation.frozen_dir = sql_dir
    return operation


# --- PostgreSQL: the hash in a comment on the object ----------------------------------

_SIGNATURE = re.compile(r"DROP FUNCTION IF EXISTS (\S+\(.*?\))")


def catalog_entry(kind: str, name: str, drop: str) -> tuple[str, str] | None:
    """(the object as COMMENT ON names it, a query of its definition's md5), or
    None for what carries no comment (tables change with their migrations;
    grants are no object)."""
    if kind == "function":
        signature = _SIGNATURE.search(drop)[1]
        return (
            f"FUNCTION {signature}",
            f"SELECT md5(pg_get_functiondef('{signature}'::regprocedure))",
        )
    if kind == "trigger":
        table, trigger = name.split(".", 1)
        return (
            f"TRIGGER {trigger} ON public.{table}",
            "SELECT md5(pg_get_triggerdef(t.oid) || t.tgenabled::text) FROM pg_trigger t"
            f" WHERE t.tgrelid = 'public.{table}'::regclass AND t.tgname = '{trigger}'",
        )
    if kind == "view":
        return (f"VIEW public.{name}", f"SELECT md5(pg_get_viewdef('public.{name}'::regclass))")
    return None


def stamp(connection, kind: str, name: str, drop: str, object_hash: str) -> None:
    entry = catalog_entry(kind, name, drop)
    if entry is None:
        return
    target, definition = entry
    with connection.cursor() as cursor:
        cursor.execute(definition)
        (digest,) = cursor.fetchone()
        cursor.execute(f"COMMENT ON {target} IS 'frozen {object_hash} definition {digest}'")


# --- SQLite: table rebuilds --------------------------------------------------------------


def suspended_on_sqlite(version: str | None, operations: list) -> list:
    """SQLite rebuilds a table to alter it, which drops the table's triggers and
    fails on triggers of other tables (and views) that name it: take every
    trigger and view off around `operations`, then put them back exactly as
    sqlite_master held them — the rules' and those other apps install (the
    outbound feed's, the audit triggers of tables outside these rules), so a
    rebuild here never silently loses one. PostgreSQL alters in place.
    (`version`, the rules in place, is no longer needed: the database says.)"""
    saved: list[tuple[str, str, str]] = []

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT type, name, sql FROM sqlite_master"
                    " WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY type, rowid"
                )
                saved[:] = cursor.fetchall()
            # Triggers first: dropping a view drops its INSTEAD OF triggers.
            _execute(
                schema_editor,
                [f'DROP TRIGGER IF EXISTS "{n}"' for t, n, _s in saved if t == "trigger"]
                + [f'DROP VIEW IF EXISTS "{n}"' for t, n, _s in saved if t == "view"],
            )

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            views = [sql for kind, _n, sql in saved if kind == "view"]
            triggers = [sql for kind, _n, sql in saved if kind == "trigger"]
            _execute(schema_editor, views + triggers)

    return [
        migrations.RunPython(drop, restore),
        *operations,
        migrations.RunPython(restore, drop),
    ]


def _irreversible(version: str):
    def backwards(apps, schema_editor):
        raise NotImplementedError(
            f"the database rules {version} close holes that earlier rules left open; "
            "they are not uninstalled"
        )

    return backwards
