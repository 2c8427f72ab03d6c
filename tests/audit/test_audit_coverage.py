"""Every table of the registry, the agendas and the bookings is under audit,
and on SQLite its triggers know every column (a new column needs
audit_tables to run again in a migration)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

AUDITED_APPS = ("hospital", "scheduling")
# Staff accounts and their rights: who may see patients is audited too.
STAFF_TABLES = [
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "auth_group_permissions",
    "guardian_userobjectpermission",
    "guardian_groupobjectpermission",
]


# Derived tables, written only by the database from audited ones (the
# first-availability listing, scheduling/rules/listing.py): auditing them would
# double every booking's events and record nothing new.
DERIVED_TABLES = {"scheduling_agendalisting", "scheduling_listingclock"}


def _audited_tables() -> list[str]:
    tables = []
    for app in AUDITED_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.db_table in DERIVED_TABLES:
                continue
            tables.append(model._meta.db_table)
            tables += [
                field.remote_field.through._meta.db_table
                for field in model._meta.local_many_to_many
            ]
    return tables + STAFF_TABLES


def _trigger_sql(table: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT string_agg(tgname, ' ') FROM pg_trigger"
                " WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT group_concat(sql, ' ') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        return cursor.fetchone()[0] or ""


@pytest.mark.parametrize("table", _audited_tables())
def test_every_registry_and_scheduling_table_is_audited(table):
    triggers = _trigger_sql(table)
    assert "audit_row" in triggers or f"audit_{table}_insert" in triggers


@pytest.mark.parametrize("table", _audited_tables())
@pytest.mark.sqlite_only  # PostgreSQL records whole rows with to_jsonb()
def test_sqlite_audit_triggers_cover_every_column(table):
    triggers = _trigger_sql(table)
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    missing = [c for c in columns if f"'{c}'" not in triggers]
    assert missing == [], f"re-run audit_tables for {table} in a migration"
