"""The listing's SQL as installed: the latest migration's frozen copy is the
module's, every trigger is in place, and every function pins its search path."""

import importlib
import pkgutil

import pytest
from django.db import connection

import scheduling.migrations
from scheduling import listing

pytestmark = pytest.mark.django_db


def _latest_listing_migration():
    names = sorted(m.name for m in pkgutil.iter_modules(scheduling.migrations.__path__))
    for name in reversed(names):
        module = importlib.import_module(f"scheduling.migrations.{name}")
        if hasattr(module, "LISTING_POSTGRESQL"):
            return module
    raise AssertionError("no migration installs the listing")


@pytest.mark.parametrize(
    "name",
    [
        "POSTGRESQL",
        "POSTGRESQL_REVERSE",
        "POSTGRESQL_BACKFILL",
        "SQLITE",
        "SQLITE_REVERSE",
        "SQLITE_BACKFILL",
    ],
)
def test_latest_migration_installs_the_listing_sql_of_the_module(name):
    frozen = getattr(_latest_listing_migration(), f"LISTING_{name}")
    assert frozen == getattr(listing, name), (
        "scheduling/listing.py changed: put listing.as_migration_source() in a new migration"
    )


def _installed_triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        return {row[0] for row in cursor.fetchall()}


def _expected() -> dict[str, list[str]]:
    if connection.vendor == "postgresql":
        return listing.trigger_names()
    return listing.sqlite_trigger_names()


@pytest.mark.parametrize("table", sorted(listing.trigger_names()))
def test_every_listing_trigger_is_installed(table):
    """A migration that rebuilds one of these tables on SQLite drops its
    triggers: it must install the listing's again (as the audit's)."""
    missing = set(_expected()[table]) - _installed_triggers(table)
    assert not missing, f"{table} lost {sorted(missing)}"


@pytest.mark.postgres_only  # SQLite has no search path
def test_every_listing_function_pins_its_search_path():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, proconfig FROM pg_proc"
            " WHERE proname LIKE 'scheduling_listing%%' OR proname = 'scheduling_normalize'"
        )
        functions = cursor.fetchall()
    assert len(functions) >= 15
    for name, config in functions:
        assert config == ["search_path=pg_catalog, public, pg_temp"], name


def test_normalize_is_the_same_in_python_and_in_the_database():
    samples = ["Pitié-Salpêtrière", "CRÉTEIL", "d'Ajaccio", "Lefèvre  Œdipe", "Ivry-sur-Seine 94"]
    with connection.cursor() as cursor:
        for text in samples:
            cursor.execute("SELECT scheduling_normalize(%s)", [text])
            assert cursor.fetchone()[0] == listing.normalize(text), text
    assert listing.normalize("Pitié-Salpêtrière") == " pitie salpetriere "
