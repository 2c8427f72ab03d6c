"""Migrations freeze their SQL, and the database holds what today's code says.

Today's rule code (scheduling/rules/, audit/sql.py) renders the database
program; the latest rules migration installs a frozen copy of it
(scheduling/migrations/sql/). These tests fail when the two differ (the code
changed without a new frozen migration: `manage.py freeze_rules`), and when
the migrated database lacks an object of it (e.g. a table rebuilt on SQLite
without the rules suspended around it).
"""

import ast
import re
from pathlib import Path

import pytest
from django.db import connection

from scheduling.migrations._frozen_rules import SQL_DIR, frozen_objects
from scheduling.rules.program import render

pytestmark = pytest.mark.django_db
MIGRATIONS = Path(__file__).resolve().parents[2] / "scheduling" / "migrations"


def _latest_version() -> str:
    return sorted(path.name.split(".")[0] for path in SQL_DIR.glob("*.sql"))[-1]


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_todays_rule_code_is_what_the_latest_migration_installs(vendor):
    frozen = [
        (kind, name, drop, create)
        for kind, name, drop, create in frozen_objects(_latest_version(), vendor)
    ]
    current = [(o.kind, o.name, o.drop.strip(), o.create.strip()) for o in render(vendor)]
    assert [o[:2] for o in current] == [o[:2] for o in frozen], (
        "the rules changed: run `manage.py freeze_rules NNNN_name` and add its migration"
    )
    for now, then in zip(current, frozen, strict=True):
        assert now == then, f"{now[1]} changed: freeze a new rules migration"


def test_the_latest_rules_are_installed_by_a_migration():
    version = _latest_version()
    source = (MIGRATIONS / f"{version}.py").read_text()
    assert f'install("{version}"' in source


def test_no_migration_imports_todays_rule_code():
    for path in Path(MIGRATIONS.parent.parent).glob("*/migrations/*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module
                assert not module.startswith(("scheduling.rules", "audit.sql")), (
                    f"{path} imports {module}: migrations carry their own frozen copy"
                )
                assert not (module == "audit" and any(a.name == "sql" for a in node.names))


def _installed() -> tuple[set[str], dict[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
            )
            rows = cursor.fetchall()
            return {name for _t, name, _s in rows}, {name: sql for _t, name, sql in rows}
        cursor.execute(
            "SELECT c.relname || '.' || t.tgname FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgenabled = 'O'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public'"
        )
        return triggers, dict(cursor.fetchall())


def test_the_database_holds_every_object_of_the_latest_rules():
    names, sources = _installed()
    missing, different = [], []
    for kind, name, _drop, create in frozen_objects(_latest_version(), connection.vendor):
        if connection.vendor == "sqlite" and kind in ("trigger", "view"):
            sql_name = re.search(r"CREATE (?:TRIGGER|VIEW) (\S+)", create)[1]
            installed = sources.get(sql_name)
            if installed is None:
                missing.append(name)
            elif installed.strip().rstrip(";") != create.strip().rstrip(";").replace(
                "__TIME_ZONE__", _time_zone()
            ):
                different.append(name)
        elif connection.vendor == "postgresql" and kind == "trigger":
            if name not in names:
                missing.append(name)
        elif connection.vendor == "postgresql" and kind == "function":
            body = create.split("$$")[1]
            if sources.get(name) is None:
                missing.append(name)
            elif sources[name].strip() != body.strip().replace("__TIME_ZONE__", _time_zone()):
                different.append(name)
    assert missing == [] and different == []


def _time_zone() -> str:
    from django.conf import settings

    return settings.TIME_ZONE
