"""Migrations freeze their SQL, one object per file, and the database holds
what today's code says.

Today's code renders each app's database program (scheduling/rules/ and
audit/sql.py: the rules, the listing, the audit trail; interfaces/sql.py:
the outbound feed); the app's migrations install frozen copies of its objects
(<app>/migrations/sql/). Folding them in order gives the set of objects
a migrated database holds: these tests fail when it differs from the code
(the code changed without a new freeze: `manage.py freeze_rules`), when a
frozen file was edited, when a freeze would write more than what changed,
when the migrated database lacks or alters an object of it
(`manage.py rules_drift`), and when SQL reaches a migration another way.
"""

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from scheduling.management.commands import freeze_rules
from scheduling.migrations._frozen_rules import changes, object_hash, read_object
from scheduling.rules import frozen
from scheduling.rules.connection import maintenance
from scheduling.rules.drift import drift
from scheduling.rules.objects import DbObject
from scheduling.rules.program import render

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "scheduling" / "migrations"
VENDORS = ["postgresql", "sqlite"]
# Every app whose migrations install SQL objects, and so folded and checked.
PROGRAMS = ["scheduling", "interfaces"]


def test_every_app_that_installs_frozen_sql_is_a_registered_program():
    assert sorted(p.app for p in frozen.programs()) == sorted(PROGRAMS)


@pytest.mark.parametrize("app", PROGRAMS)
@pytest.mark.parametrize("vendor", VENDORS)
def test_the_migrations_folded_are_what_todays_code_renders(vendor, app):
    folded = frozen.fold(vendor, app=app)
    current = [frozen.Frozen.of(o) for o in frozen.program(app).render(vendor)]
    assert current
    assert sorted(folded) == sorted(o.name for o in current), (
        f"the SQL changed: run `manage.py freeze_rules --app {app} NNNN_name` and add its migration"
    )
    for obj in current:
        assert folded[obj.name] == obj, f"{obj.name} changed: freeze a new {app} migration"


@pytest.mark.parametrize("app", PROGRAMS)
@pytest.mark.parametrize("vendor", VENDORS)
def test_every_frozen_object_is_named_with_the_hash_of_its_text(vendor, app):
    sql_dir = frozen.program(app).sql_dir
    files = sorted((sql_dir / "objects" / vendor).glob("*.sql"))
    assert files
    for path in files:
        kind, name, drop, create = read_object(vendor, path.name, sql_dir)
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
    monkeypatch.setattr(freeze_rules, "target_dir", lambda program: tmp_path)
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


@pytest.mark.parametrize("app", PROGRAMS)
def test_freeze_rules_refuses_when_nothing_changed(app):
    with pytest.raises(CommandError, match="not changed"):
        call_command("freeze_rules", "0999_nothing", app=app)
    assert not list(frozen.program(app).sql_dir.glob("0999_*"))


@pytest.mark.parametrize("app", PROGRAMS)
def test_the_latest_version_is_installed_by_a_migration(app):
    version = frozen.rules_versions(app=app)[-1]
    source = (ROOT / app / "migrations" / f"{version}.py").read_text()
    assert f'install("{version}"' in source


def test_no_migration_imports_todays_rule_code():
    for path in ROOT.glob("*/migrations/*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module
                assert not module.startswith(("scheduling.rules", "audit.sql", "interfaces.sql")), (
                    f"{path} imports {module}: migrations carry their own frozen copy"
                )
                for package in ("audit", "interfaces"):
                    assert not (module == package and any(a.name == "sql" for a in node.names))


# --- one way to freeze SQL ----------------------------------------------------------------

# Migrations (and their helper modules) that install SQL another way. History:
# databases ran them, and a fresh one runs them still, before the per-object
# versions that replaced what they installed (issue 20). No new entry: a
# migration that installs SQL calls _frozen_rules.install.
HISTORY = {
    # The first frozen copies of the rules and of the audit trail, whole modules
    # of SQL; scheduling 0008's whole-program version replaced them.
    "audit/migrations/_audit_v1.py": "the audit trail v1 (audit 0001, hospital 0004/0006, scheduling 0003-0007)",
    "audit/migrations/0001_initial.py": "installs _audit_v1",
    "hospital/migrations/_rules_v1.py": "the registry's rule v1 (hospital 0002)",
    "hospital/migrations/0002_db_rules.py": "installs hospital's _rules_v1",
    "hospital/migrations/0004_audit.py": "audit triggers from _audit_v1",
    "hospital/migrations/0006_audit_staff_rights.py": "audit triggers from _audit_v1",
    "scheduling/migrations/0003_audit.py": "audit triggers from _audit_v1",
    "scheduling/migrations/0007_calendar_feed.py": "audit triggers from _audit_v1",
    "scheduling/migrations/_rules_v1.py": "the institution rule v1 (scheduling 0002, 0004, 0005)",
    "scheduling/migrations/0002_institution_rule.py": "installs _rules_v1",
    "scheduling/migrations/0004_slot_rule_idempotency_indexes.py": "installs _rules_v1",
    "scheduling/migrations/0005_booking_holds.py": "installs _rules_v1",
    # The listing's SQL pasted in; the listing joined the program in 0044.
    "scheduling/migrations/0013_agenda_listing_triggers.py": "the listing's first SQL",
    "scheduling/migrations/0017_booking_checked_in_at.py": "puts 0013's listing SQL back",
    "scheduling/migrations/0020_hold_makers_side_tables.py": "the listing's SQL, hold makers",
    "scheduling/migrations/0042_listing_reservations.py": "the listing's SQL, reservations",
    # An index on django-tasks' own table, which no model of ours declares.
    "outbox/migrations/0001_initial.py": "a partial index on django_tasks_database_dbtaskresult",
}
_DDL = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(?:TRIGGER|FUNCTION|VIEW)\b", re.I
)
PACKAGES = ("audit", "config", "hospital", "interfaces", "outbox", "scheduling")


def _migration_files() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).glob("migrations/*.py")
        if path.name != "__init__.py"
    )


def test_no_module_freezes_sql_but_the_one_installer():
    modules = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if re.match(r"_(frozen|rules_v|audit_v|feed)", path.name)
    ]
    assert sorted(m for m in modules if m not in HISTORY) == [
        "scheduling/migrations/_frozen_rules.py"
    ]


def test_sql_reaches_a_migration_only_through_the_object_installer():
    """No migration outside the listed history carries CREATE TRIGGER,
    FUNCTION or VIEW text, runs RunSQL, or imports a frozen module other than
    _frozen_rules; and each installer call reads its own app's sql/, which
    the fold and rules_drift cover."""
    offending = []
    for name in _migration_files():
        if name in HISTORY:
            continue
        source = (ROOT / name).read_text()
        if _DDL.search(source):
            offending.append(f"{name}: SQL objects written inline")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute) and node.attr == "RunSQL":
                offending.append(f"{name}: RunSQL")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                tuple(f"{p}.migrations._" for p in PACKAGES)
            ):
                if node.module.rpartition(".")[2] in ("_rules_v1", "_audit_v1"):
                    offending.append(f"{name}: imports {node.module}")
    assert offending == []
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in loader.disk_migrations.items():
        if app not in PACKAGES:
            continue
        for operation in migration.operations:
            if getattr(operation, "frozen_version", None):
                assert app in PROGRAMS, f"{app}.{name} installs SQL no fold covers"
                assert operation.frozen_dir == frozen.program(app).sql_dir, (app, name)
            elif isinstance(operation, migrations.RunSQL):
                assert f"{app}/migrations/{name}.py" in HISTORY, f"{app}.{name}: RunSQL"


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


# --- an existing database: the feed from its whole-program version to per-object --------


def _feed_definitions() -> dict[str, str]:
    """The feed's objects as the database holds them, comments aside."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                " AND (name LIKE 'interfaces_%' OR name LIKE 'audit_interfaces_%')"
            )
            return dict(cursor.fetchall())
        cursor.execute(
            "SELECT t.tgname, pg_get_triggerdef(t.oid) || t.tgenabled::text FROM pg_trigger t"
            " WHERE NOT t.tgisinternal AND (t.tgname LIKE 'interfaces_%'"
            " OR t.tgrelid = 'public.interfaces_endpoint'::regclass)"
        )
        definitions = dict(cursor.fetchall())
        for function in ("interfaces_booking_event", "interfaces_dispatch_identity_kept"):
            cursor.execute(
                "SELECT pg_get_functiondef(to_regprocedure(%s))", [f"public.{function}()"]
            )
            definitions[f"{function}()"] = cursor.fetchone()[0]
        return definitions


def _feed_installs() -> list:
    """(migration, a callable running its installer operation as the migration
    does) for the interfaces migrations, in order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = loader.graph.leaf_nodes("interfaces")
    names = [n for app, n in loader.graph.forwards_plan(leaf) if app == "interfaces"]
    return [
        (name, lambda op=op: op.code(apps, SimpleNamespace(connection=connection)))
        for name in names
        for op in loader.disk_migrations["interfaces", name].operations
        if getattr(op, "frozen_version", None)
    ]


@pytest.mark.django_db
def test_a_database_migrated_before_the_feed_was_frozen_per_object_migrates_unchanged():
    """The state interfaces 0002 left (0001's whole-program install, no hashes
    on PostgreSQL), then 0003: every trigger and function defined as before;
    then the later versions: nothing drifts. The operations run as the
    migrations run them, in the test's transaction (the migrations' own
    history is irreversible)."""
    installs = _feed_installs()
    install_0001 = dict(installs)["0001_feed"]
    later = [(name, run) for name, run in installs if name > "0002_subscription"]
    assert later[0][0] == "0003_feed_per_object"
    with maintenance():
        install_0001()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("COMMENT ON FUNCTION public.interfaces_booking_event() IS NULL")
        before = _feed_definitions()
        assert len(before) == len(frozen.program("interfaces").render(connection.vendor))
        if connection.vendor == "postgresql":
            # The objects 0001 installed, which 0003 froze once more; those of
            # later versions (0005's dispatch trigger) 0001 leaves as they are.
            installed_by_0001 = [
                file.rsplit(".", 2)[0]
                for _, file in changes(
                    "0003_feed_per_object", "postgresql", frozen.program("interfaces").sql_dir
                )
            ]
            assert sorted(d.name for d in drift()) == sorted(installed_by_0001), (
                "without 0003, rules_drift sees every object of 0001 unstamped"
            )
        later[0][1]()
        assert _feed_definitions() == before
        for _name, run in later[1:]:
            run()
    assert [str(d) for d in drift()] == []
