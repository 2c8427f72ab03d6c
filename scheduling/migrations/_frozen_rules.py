"""Apply a frozen version of the platform's database rules in a migration.

The SQL lives in `sql/<version>.<vendor>.sql` next to the migrations, written
once by `manage.py freeze_rules <version>` and never edited: this module only
reads those files, so what an old migration installs never changes. It is
kept deliberately small and stable; a change to it is a change to every
migration that uses it.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations

SQL_DIR = Path(__file__).with_name("sql")
_BLOCK = "-- object: "


def frozen_objects(version: str, vendor: str) -> list[tuple[str, str, str, str]]:
    """(kind, name, drop, create) for each object of a frozen version."""
    text = (SQL_DIR / f"{version}.{vendor}.sql").read_text()
    objects = []
    for block in text.split("\n" + _BLOCK)[1:]:
        head, drop_line, create = block.split("\n", 2)
        kind, name = head.split(" ", 1)
        objects.append((kind, name, drop_line.removeprefix("-- drop: "), create.strip()))
    return objects


def _localised(sql: str) -> str:
    return sql.replace("__TIME_ZONE__", settings.TIME_ZONE)


def _execute(schema_editor, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(version: str, *, retire: dict[str, list[str]] | None = None) -> migrations.RunPython:
    """Install (or reinstall) every object of `version`, then drop what an
    earlier version had and this one no longer has (`retire`, per vendor).
    Tables are created once and kept (the audit key lives in one)."""

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = []
        for kind, _name, drop, create in frozen_objects(version, vendor):
            if kind in ("trigger", "view"):
                statements.append(drop)
            statements.append(_localised(create))
        statements += (retire or {}).get(vendor, [])
        _execute(schema_editor, statements)

    return migrations.RunPython(forwards, _irreversible(version))


def suspended_on_sqlite(version: str, operations: list) -> list:
    """SQLite rebuilds a table to alter it, which drops the table's triggers and
    fails on triggers of other tables that name it: take `version`'s triggers
    off around `operations`, then put them back. PostgreSQL alters in place.

    Triggers that other apps install (the outbound feed's, the audit triggers
    of tables outside these rules) name the rebuilt tables or the trail's entry
    views too: they are taken off and put back as they were, so a rebuild here
    never silently loses them."""
    others: list[tuple[str, str]] = []

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            objects = frozen_objects(version, "sqlite")
            ours = {name for _kind, name, _d, _c in objects}
            with schema_editor.connection.cursor() as cursor:
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                others[:] = [(name, sql) for name, sql in cursor.fetchall() if name not in ours]
            _execute(schema_editor, [f'DROP TRIGGER IF EXISTS "{name}"' for name, _sql in others])
            _execute(schema_editor, [d for kind, _n, d, _c in objects if kind != "table"])

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            objects = frozen_objects(version, "sqlite")
            statements = []
            for kind, _name, drop_sql, create in objects:
                if kind in ("trigger", "view"):
                    statements.append(drop_sql)
                statements.append(_localised(create))
            statements += [f'DROP TRIGGER IF EXISTS "{name}"' for name, _sql in others]
            statements += [sql for _name, sql in others]
            _execute(schema_editor, statements)

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
