"""The demo institution: believable, first-party, and the same after a second run."""

from importlib import import_module
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hospital.models import Affiliation, Establishment, Practitioner
from hospital.validators import validate_finess, validate_rpps
from scheduling.demo import DEMO_PASSWORD
from scheduling.models import Agenda, OpeningRule, Slot, VisitReason
from scheduling.selectors.search import free_slots

pytestmark = pytest.mark.django_db

COUNTED = [Establishment, Practitioner, Affiliation, Agenda, VisitReason, OpeningRule, Slot]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_has_member_hospitals_one_external_clinic_and_thirty_practitioners():
    output = _seed()
    assert Establishment.objects.filter(is_member=True).count() == 5
    assert Establishment.objects.filter(is_member=False).count() == 1
    assert Practitioner.objects.count() == 30
    assert "secretaire" in output and DEMO_PASSWORD in output


def test_one_practitioner_consults_both_in_a_member_hospital_and_at_the_clinic():
    _seed()
    both = Practitioner.objects.filter(
        affiliations__department__establishment__is_member=False
    ).get()
    assert both.affiliations.filter(department__establishment__is_member=True).exists()
    assert not Agenda.objects.filter(department__establishment__is_member=False).exists()


def test_every_identifier_is_valid_and_corsica_is_included():
    _seed()
    for finess in Establishment.objects.values_list("finess", flat=True):
        validate_finess(finess)
    for rpps in Practitioner.objects.values_list("rpps", flat=True):
        validate_rpps(rpps)
    assert Establishment.objects.filter(finess__startswith="2A").exists()


def test_demo_offers_bookable_slots():
    _seed()
    assert free_slots().count() > 1000


def test_demo_staff_can_log_in():
    _seed()
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    for username in ["admin", "secretaire", "praticien"]:
        request = RequestFactory().post("/admin/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username
    assert Practitioner.objects.filter(user__username="praticien").exists()


def test_running_it_twice_changes_nothing():
    _seed()
    before = _counts()
    _seed()
    assert _counts() == before


def test_unknown_size_is_a_clear_error():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("seed_demo", "--size", "huge", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_registry_is_seeded_in_short_transactions_and_a_rerun_finishes_it(monkeypatch):
    """Each batch of practitioners commits on its own (the AP-HP size wrote
    some 200,000 audit events in one commit): a failure in the third batch
    keeps the first two, and running again completes the rest, creating
    nothing twice."""
    from hospital.models import Specialty
    from scheduling.demo import DemoBuilder, Size

    # A transactional test before this one may have flushed the specialties
    # that a data migration seeds.
    seeded = import_module("hospital.migrations.0003_seed_specialties").SPECIALTIES
    for code, name in seeded:
        Specialty.objects.get_or_create(code=code, defaults={"name": name})
    size = Size(establishments=3, practitioners=25)
    agendas = DemoBuilder._agendas
    calls = []

    def fail_third(self, pairs):
        calls.append(len(pairs))
        if len(calls) == 3:
            raise RuntimeError("the machine stopped")
        return agendas(self, pairs)

    monkeypatch.setattr(DemoBuilder, "_agendas", fail_third)
    with pytest.raises(RuntimeError):
        DemoBuilder(size, lambda _message: None).build(batch=10)
    assert calls == [10, 10, 5]
    assert (Practitioner.objects.count(), Agenda.objects.count()) == (20, 20)
    assert VisitReason.objects.count() == 3 * 20
    monkeypatch.setattr(DemoBuilder, "_agendas", agendas)
    DemoBuilder(size, lambda _message: None).build(batch=10)
    assert (Practitioner.objects.count(), Agenda.objects.count()) == (25, 25)
    assert VisitReason.objects.count() == 3 * 25
    assert Affiliation.objects.filter(department__establishment__is_member=True).count() == 25


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_sizes_bring_the_first_department_to_sixty_practitioners():
    """The board and the portal week are measured on a department of 60
    (issue 23): the one the demo secretary runs and the demo practitioner
    works in, topped up beyond the size's count; a rerun adds nobody."""
    from django.contrib.auth import get_user_model

    from hospital.models import Department, Specialty
    from scheduling.demo import DemoBuilder, Size
    from scheduling.selectors.access import departments_for

    seeded = import_module("hospital.migrations.0003_seed_specialties").SPECIALTIES
    for code, name in seeded:
        Specialty.objects.get_or_create(code=code, defaults={"name": name})
    size = Size(establishments=3, practitioners=25, big_department=12)
    for _run in range(2):
        DemoBuilder(size, lambda _message: None).build(batch=10)
        assert Practitioner.objects.count() == 25 + 12 - 2  # it had 2 of the 25
    practitioner = Practitioner.objects.get(user__username="praticien")
    department = Department.objects.get(agendas__practitioner=practitioner)
    assert department.agendas.count() == 12
    secretary = get_user_model().objects.get(username="secretaire")
    assert departments_for(secretary).filter(pk=department.pk).exists()
