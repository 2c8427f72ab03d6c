"""Migrations freeze their SQL, one object per file, and the database holds
what today's code says.

Today's rule code (scheduling/rules/, audit/sql.py) renders the database
program; the rules migrations install frozen copies of its objects
(scheduling/migrations/sql/). Folding them in order gives the set of objects
a migrated database holds: these tests fail when it differs from the code
(the code changed without a new freeze: `manage.py freeze_rules`), when a
frozen file was edited, when a freeze would write more than what changed,
and when the migrated database lacks or alters an object of it
(`manage.py rules_drift`).
"""

import ast
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from scheduling.management.commands import freeze_rules
from scheduling.migrations._frozen_rules import OBJECTS_DIR, SQL_DIR, object_hash, read_object
from scheduling.rules import frozen
from scheduling.rules.connection import maintenance
from scheduling.rules.drift import drift
from scheduling.rules.objects import DbObject
from scheduling.rules.program import render

MIGRATIONS = Path(__file__).resolve().parents[2] / "scheduling" / "migrations"
VENDORS = ["postgresql", "sqlite"]


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_migrations_folded_are_what_todays_code_renders(vendor):
    folded = frozen.fold(vendor)
    current = [frozen.Frozen.of(o) for o in render(vendor)]
    assert sorted(folded) == sorted(o.name for o in current), (
        "the rules changed: run `manage.py freeze_rules NNNN_name` and add its migration"
    )
    for obj in current:
        assert folded[obj.name] == obj, f"{obj.name} changed: freeze a new rules migration"


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_frozen_object_is_named_with_the_hash_of_its_text(vendor):
    files = sorted((OBJECTS_DIR / vendor).glob("*.sql"))
    assert files
    for path in files:
        kind, name, drop, create = read_object(vendor, path.name)
        assert path.name == f"{name}.{object_hash(kind, name, drop, create)}.sql", (
            f"{path} was edited: frozen objects are never rewritten"
        )


def _render_with(monkeypatch, change):
    original = frozen.render
    monkeypatch.setattr(frozen, "render", lambda vendor: change(original(vendor)))


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_freeze_installs_only_the_objects_that_changed_and_retires_the_gone(vendor, monkeypatch):
    def change(objects: list[DbObject]) -> list[DbObject]:
        trigger = next(o for o in objects if o.kind == "trigger")
        altered = DbObject(trigger.kind, trigger.name, trigger.create + "\n-- v2", trigger.drop)
        assert altered != trigger
        last = objects[-1]
        return [altered if o is trigger else o for o in objects if o is not last]

    _render_with(monkeypatch, change)
    todo = frozen.plan(vendor)
    assert len(todo.install) == 1 and todo.install[0].kind == "trigger"
    assert [o.name for o in todo.retire] == [render(vendor)[-1].name]
    assert len(frozen.plan(vendor, everything=True).install) == len(render(vendor)) - 1


def test_freeze_rules_writes_one_file_per_changed_object_and_the_version(monkeypatch, tmp_path):
    def change(objects: list[DbObject]) -> list[DbObject]:
        function = next(o for o in objects if o.kind in ("function", "trigger"))
        renamed = DbObject(function.kind, function.name, function.create + "\n-- v2", function.drop)
        return [renamed if o is function else o for o in objects]

    _render_with(monkeypatch, change)
    monkeypatch.setattr(freeze_rules, "SQL_DIR", tmp_path)
    monkeypatch.setattr(freeze_rules, "OBJECTS_DIR", tmp_path / "objects")
    call_command("freeze_rules", "0999_test")
    for vendor in VENDORS:
        lines = (tmp_path / f"0999_test.{vendor}.objects").read_text().splitlines()
        installs = [line for line in lines if line.startswith("install ")]
        assert len(installs) == 1
        assert [p.name for p in (tmp_path / "objects" / vendor).iterdir()] == [
            installs[0].removeprefix("install ")
        ]
    with pytest.raises(CommandError, match="never rewritten"):
        call_command("freeze_rules", "0999_test")


def test_freeze_rules_refuses_when_nothing_changed():
    with pytest.raises(CommandError, match="not changed"):
        call_command("freeze_rules", "0999_nothing")
    assert not list(SQL_DIR.glob("0999_*"))


def test_the_latest_rules_are_installed_by_a_migration():
    version = frozen.rules_versions()[-1]
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


@pytest.mark.django_db
def test_the_database_holds_every_object_of_the_rules():
    assert [str(d) for d in drift()] == []
    call_command("rules_drift")


def _a_trigger() -> DbObject:
    return next(
        o
        for o in render(connection.vendor)
        if o.kind == "trigger" and o.name.startswith("scheduling_booking.")
    )


@pytest.mark.django_db
def test_rules_drift_names_a_trigger_altered_by_hand():
    trigger = _a_trigger()
    table, name = trigger.name.split(".", 1)
    with connection.cursor() as cursor, maintenance():
        cursor.execute(trigger.drop)
        if connection.vendor == "postgresql":
            # Even the same text, created by hand, carries no frozen hash.
            create = trigger.create
        else:
            create = re.sub(r"\bBEGIN\b", "BEGIN SELECT 1;", trigger.create, count=1)
            assert create != trigger.create
        cursor.execute(create)
    assert [d.name for d in drift()] == [trigger.name]
    with pytest.raises(CommandError, match="1 object"):
        call_command("rules_drift")


@pytest.mark.django_db
def test_rules_drift_names_a_missing_trigger():
    trigger = _a_trigger()
    with connection.cursor() as cursor, maintenance():
        cursor.execute(trigger.drop)
    assert [(d.name, d.problem) for d in drift()] == [(trigger.name, "missing")]


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_rules_drift_names_a_trigger_disabled_by_hand():
    trigger = _a_trigger()
    table, name = trigger.name.split(".", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE public.{table} DISABLE TRIGGER {name}")
    assert [(d.name, d.problem) for d in drift()] == [
        (trigger.name, "altered since a migration installed it")
    ]


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_rules_drift_names_a_function_replaced_in_place():
    """CREATE OR REPLACE keeps the comment; the definition's hash tells."""
    function = next(o for o in render("postgresql") if o.name == "audit_mask")
    with connection.cursor() as cursor:
        cursor.execute(function.create.replace("$$", "$$ ", 1))
    assert [(d.name, d.problem) for d in drift()] == [
        ("audit_mask", "altered since a migration installed it")
    ]
