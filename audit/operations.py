"""Migration operations that put tables under audit.

Each app audits its own tables from its own migrations, so `audit` depends
on no other app. On SQLite the triggers list the columns, read from the
database when the migration runs: a later migration that adds a column to
an audited table must run `audit_tables` again for that table
(tests/audit/test_audit_coverage.py fails until it does).
"""

from collections.abc import Mapping, Sequence

from django.db import migrations

from audit import sql


def _columns(connection, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _install(tables: Mapping[str, Sequence[str]]):
    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        statements: list[str] = []
        for table, masked in tables.items():
            if connection.vendor == "postgresql":
                statements += sql.postgresql_drop_table_triggers(table)
                statements += sql.postgresql_table_triggers(table, masked)
            else:
                statements += sql.sqlite_drop_table_triggers(table)
                statements += sql.sqlite_table_triggers(table, _columns(connection, table), masked)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return forwards


def _uninstall(tables: Mapping[str, Sequence[str]]):
    def backwards(apps, schema_editor):
        connection = schema_editor.connection
        drop = (
            sql.postgresql_drop_table_triggers
            if connection.vendor == "postgresql"
            else sql.sqlite_drop_table_triggers
        )
        with connection.cursor() as cursor:
            for table in tables:
                for statement in drop(table):
                    cursor.execute(statement)

    return backwards


def audit_tables(tables: Mapping[str, Sequence[str]]) -> migrations.RunPython:
    """Audit every row change of `tables` ({table: columns to mask})."""
    return migrations.RunPython(_install(tables), _uninstall(tables))
