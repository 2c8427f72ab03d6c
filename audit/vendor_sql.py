"""Run raw SQL in a migration, with one variant per database vendor.

Triggers and exclusion constraints are written differently for PostgreSQL
and SQLite; both variants sit side by side so a rule is reviewed once.
"""

from collections.abc import Sequence

from django.db import migrations


def vendor_sql(
    *,
    postgresql: Sequence[str],
    sqlite: Sequence[str],
    postgresql_reverse: Sequence[str] = (),
    sqlite_reverse: Sequence[str] = (),
) -> migrations.RunPython:
    statements = {"postgresql": postgresql, "sqlite": sqlite}
    reverse = {"postgresql": postgresql_reverse, "sqlite": sqlite_reverse}

    def run(by_vendor):
        def apply(apps, schema_editor):
            vendor = schema_editor.connection.vendor
            if vendor not in by_vendor:
                raise NotImplementedError(f"no SQL for database vendor {vendor!r}")
            with schema_editor.connection.cursor() as cursor:
                for statement in by_vendor[vendor]:
                    cursor.execute(statement)

        return apply

    return migrations.RunPython(run(statements), run(reverse))
