import io

import psycopg
import pytest
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import connection
from django.db.backends.signals import connection_created

from tests import factories as f
from tests.actors import Actors, InstitutionWorld, build_institution_world
from tests.helpers import APP_ROLE, DATABASE_TASKS, Attacker, ensure_app_role


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count per client address in the cache: each test starts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages stay in scheduling.sms.outbox, as mail stays in mail.outbox."""
    from scheduling import sms

    settings.SMS_BACKEND = "scheduling.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _slot_times_from_each_tests_start():
    f.restart_slot_times()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _clear_url_caches_on_language_change(*, setting, **kwargs):
    # The URL resolver caches each language's prefix, and the default language
    # has none: when a test changes LANGUAGE_CODE, those cached prefixes lie.
    if setting == "LANGUAGE_CODE":
        from django.urls import clear_url_caches

        clear_url_caches()


setting_changed.connect(_clear_url_caches_on_language_change)


def _commits_not_flushed_to_disk(sender, connection, **kwargs):
    # The test database is thrown away: waiting for the disk at each commit
    # proves nothing a test asserts (a process killed by a test loses nothing
    # the system already holds) and cost 5-10 ms a commit on CI's shared disk,
    # thousands of commits a run (each transactional test's flush, its
    # committed actors, migrate). The servers and workers the tests start
    # keep their own connections' defaults.
    if connection.vendor == "sqlite":
        from scheduling.rules.connection import maintenance

        with maintenance():  # the application's connections may set no PRAGMA
            connection.connection.execute("PRAGMA synchronous = OFF")
    elif connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")


connection_created.connect(_commits_not_flushed_to_disk, dispatch_uid="tests_no_disk_sync")


@pytest.fixture(autouse=True)
def language(settings):
    """Tests read English messages; French, the site's default, is checked by
    tests/public/test_languages.py and the French browser journey."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield "en"


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def attacker(transactional_db):
    """SQL with exactly the application's rights (tests/helpers.py's Attacker):
    on PostgreSQL a role given them by `manage.py grant_application_role` (the
    README's setup), connected as that role; on SQLite the application's own
    connection."""
    if connection.vendor != "postgresql":
        yield Attacker("sqlite")
        return
    with connection.cursor() as cursor:
        ensure_app_role(cursor)
    call_command("grant_application_role", APP_ROLE, stdout=io.StringIO())
    params = connection.get_connection_params()
    pg = psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        dbname=connection.settings_dict["NAME"],
        user=APP_ROLE,
        autocommit=True,
    )
    try:
        yield Attacker("postgresql", pg)
    finally:
        pg.close()


@pytest.fixture
def db_tasks(settings):
    """The production task backend: tasks wait in the database for the worker
    (tests/helpers.py's run_worker)."""
    settings.TASKS = DATABASE_TASKS


def pytest_collection_modifyitems(config, items):
    """Tests of one database's own mechanism are not collected on the other
    (deselected, not skipped: CI runs each where it applies)."""
    other = "sqlite_only" if connection.vendor == "postgresql" else "postgres_only"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


def pytest_report_header(config):
    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


@pytest.fixture
def actors(db) -> Actors:
    """The named actors (tests/actors.py), in the test's transaction."""
    return Actors()


@pytest.fixture
def committed_actors(transactional_db) -> Actors:
    """The named actors, committed: other connections and threads see them."""
    return Actors()


@pytest.fixture
def institution_world(committed_actors) -> InstitutionWorld:
    """The adversarial suite's world (tests/actors.py), committed."""
    return build_institution_world(committed_actors)


@pytest.fixture
def english_texts(actors) -> None:
    """Dr Neuro's texts kept in data (tests/actors.py), written in English too (issue 25)."""
    actors.neurosurgery.name_en = "Neurosurgery"
    actors.neurosurgery.save()
    actors.hospital.practical_info = "Métro 5 Saint-Marcel."
    actors.hospital.practical_info_en = "Metro line 5, Saint-Marcel."
    actors.hospital.save()
    actors.first_visit.label_en = "First consultation"
    actors.first_visit.instructions_en = "Bring your MRI scans."
    actors.first_visit.save()
    actors.follow_up.label_en = "Follow-up"
    actors.follow_up.save()
