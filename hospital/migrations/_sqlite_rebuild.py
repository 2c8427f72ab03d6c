"""FROZEN helper for the registry's migrations: never edit (a change to it
would change what old migrations do).

SQLite rebuilds a table to alter it, which drops the table's triggers and
fails on triggers of other tables that name it. `triggers_set_aside` takes
every trigger of the database off around `operations` and puts back exactly
what was there (read from sqlite_master), whoever installed it — so the
registry needs nothing from the apps whose rules watch its tables.
PostgreSQL alters tables in place: nothing to do there.
"""

from django.db import migrations


def triggers_set_aside(operations: list) -> list:
    saved: list[tuple[str, str]] = []

    def take_off(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
            )
            saved[:] = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f'DROP TRIGGER "{name}"')

    def put_back(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            for _name, sql in saved:
                cursor.execute(sql)

    return [
        migrations.RunPython(take_off, put_back),
        *operations,
        migrations.RunPython(put_back, take_off),
    ]
