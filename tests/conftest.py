import datetime

import pytest
from django.core.signals import setting_changed
from django.db import connection
from django.utils import timezone

from scheduling.models import OpeningRule
from scheduling.services.slots import generate_slots
from tests import factories as f
from tests.actors import Actors, build_api_clients


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
def english_texts(clinic_world):
    """clinic_world's texts kept in data, written in English too (issue 25)."""
    clinic_world["specialty"].name_en = "Neurosurgery"
    clinic_world["specialty"].save()
    clinic_world["hospital"].practical_info = "Métro 5 Saint-Marcel."
    clinic_world["hospital"].practical_info_en = "Metro line 5, Saint-Marcel."
    clinic_world["hospital"].save()
    clinic_world["first"].label_en = "First consultation"
    clinic_world["first"].instructions_en = "Bring your MRI scans."
    clinic_world["first"].save()
    clinic_world["follow_up"].label_en = "Follow-up"
    clinic_world["follow_up"].save()
    return clinic_world


@pytest.fixture
def clinic_world(db):
    """A member hospital with Dr Neuro, also affiliated to an external clinic,
    and 12 weeks of slots on weekday mornings."""
    neuro = f.specialty("neurochirurgie")
    hospital = f.establishment(name="Hôpital de la Pitié", city="Paris")
    clinic = f.establishment(name="Clinique du Parc", city="Neuilly", is_member=False)
    department = f.department(hospital, name="Neurochirurgie", specialty=neuro)
    doctor = f.practitioner(first_name="Nadia", last_name="Neuro")
    doctor.specialties.add(neuro)
    f.affiliation(doctor, f.department(clinic, name="Neurochirurgie privée", specialty=neuro))
    agenda = f.agenda(doctor, department)
    first = f.reason(
        agenda, minutes=30, label="Première consultation", instructions="Apportez vos IRM."
    )
    follow_up = f.reason(agenda, minutes=20, label="Suivi")
    f.reason(agenda, minutes=20, label="Bilan pré-opératoire", online_bookable=False)
    for weekday in range(5):
        rule = OpeningRule.objects.create(
            agenda=agenda,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(12),
            valid_from=datetime.date(2020, 1, 1),
        )
        rule.reasons.add(first, follow_up)
    generate_slots(agenda, now=timezone.now())
    return {
        "hospital": hospital,
        "clinic": clinic,
        "doctor": doctor,
        "agenda": agenda,
        "first": first,
        "follow_up": follow_up,
        "specialty": neuro,
    }


@pytest.fixture
def api_world(clinic_world):
    """clinic_world, plus: the hospital's patient administration (read and
    book, scoped to the hospital), another hospital with its own agenda and
    its own client, and a read-only client."""
    world = dict(clinic_world)
    other_hospital = f.establishment(name="Hôpital Nord", city="Lille")
    other_department = f.department(other_hospital, name="Cardiologie")
    other_agenda = f.agenda(f.practitioner(last_name="Cardio"), other_department)
    world["other_reason"] = f.reason(other_agenda, minutes=20, label="Consultation")
    world["other_slot"] = f.slot(other_agenda)
    world["other_hospital"] = other_hospital
    clients = build_api_clients(world["hospital"], other_hospital)
    world["pas"], world["api"] = clients.hospital.record, clients.hospital.http
    world["nord"], world["nord_api"] = clients.other_hospital.record, clients.other_hospital.http
    world["reader_api"] = clients.reader.http
    return world
