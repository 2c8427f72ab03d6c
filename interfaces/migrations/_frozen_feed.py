"""Install a frozen version of the outbound feed's triggers (interfaces/sql.py).

The SQL lives in `sql/<version>.<vendor>.sql` next to the migrations, in the
format of scheduling's frozen rules (one block per object: `-- object:`,
`-- drop:`, then the CREATE), written once by
`manage.py freeze_feed <version>` and never edited: a migration never
imports today's rendering code.
"""

from pathlib import Path

from django.db import migrations

SQL_DIR = Path(__file__).with_name("sql")
_BLOCK = "-- object: "


def frozen_objects(version: str, vendor: str) -> list[tuple[str, str, str, str]]:
    """(kind, name, create, drop) for each object of a frozen version."""
    text = (SQL_DIR / f"{version}.{vendor}.sql").read_text()
    objects = []
    for block in text.split("\n" + _BLOCK)[1:]:
        head, drop_line, create = block.split("\n", 2)
        kind, name = head.split(" ", 1)
        objects.append((kind, name, create.strip(), drop_line.removeprefix("-- drop: ")))
    return objects


def install(version: str) -> migrations.RunPython:
    def run(schema_editor, statements: list[str]) -> None:
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def forwards(apps, schema_editor):
        statements = []
        for kind, _name, create, drop in frozen_objects(version, schema_editor.connection.vendor):
            if kind == "trigger":
                statements.append(drop)
            statements.append(create)
        run(schema_editor, statements)

    def backwards(apps, schema_editor):
        objects = frozen_objects(version, schema_editor.connection.vendor)
        run(schema_editor, [drop for _k, _n, _c, drop in reversed(objects)])

    return migrations.RunPython(forwards, backwards)


def uninstall(version: str) -> migrations.RunPython:
    """The reverse of install: before a migration that rebuilds a table the
    triggers name (SQLite rebuilds a table to alter it, and a trigger naming
    a table that is gone for a moment fails), then install again after."""
    installed = install(version)
    return migrations.RunPython(installed.reverse_code, installed.code)
