"""The listing's SQL as installed: the migrations install the module's
objects, every trigger is in place, and every function pins its search path."""

import pytest
from django.db import connection

from scheduling.rules import frozen, listing
from scheduling.search_text import normalize

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_the_migrations_install_the_listing_sql_of_the_module(vendor):
    folded = frozen.fold(vendor)
    for obj in listing.objects(vendor):
        assert folded.get(obj.name) == frozen.Frozen.of(obj), (
            f"{obj.name}: scheduling/rules/listing.py changed: run `manage.py freeze_rules`"
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
            assert cursor.fetchone()[0] == normalize(text), text
    assert normalize("Pitié-Salpêtrière") == " pitie salpetriere "
