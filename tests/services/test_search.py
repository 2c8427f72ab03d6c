"""Availability search returns only what a patient may book, earliest first."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from hospital.models import Membership
from scheduling.models import Agenda, OpeningRule, Slot
from scheduling.selectors.reasons import offered_reasons
from scheduling.selectors.search import free_slots
from scheduling.services import agendas as agendas_service
from scheduling.services import booking as service
from tests import factories as f

pytestmark = pytest.mark.django_db


def _slot(agenda, in_hours: float, **kwargs) -> Slot:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=in_hours)
    return f.slot(agenda, start=start, **kwargs)


@pytest.fixture
def cardio():
    return f.specialty("cardiologie")


@pytest.fixture
def agendas(cardio):
    paris = f.establishment(name="Hôpital Paris")
    creteil = f.establishment(name="Hôpital Créteil")
    a = f.agenda(department_=f.department(paris, specialty=cardio))
    b = f.agenda(department_=f.department(creteil, specialty=cardio))
    for agenda in (a, b):
        f.reason(agenda)
    return a, b


def test_results_are_in_time_order_across_agendas(agendas, cardio):
    a, b = agendas
    late, early = _slot(a, 50), _slot(b, 30)
    assert list(free_slots(specialty=cardio)) == [early, late]


def test_filters_by_establishment_department_practitioner_and_window(agendas):
    a, b = agendas
    sa, sb = _slot(a, 30), _slot(b, 40)
    assert list(free_slots(establishment=a.department.establishment)) == [sa]
    assert list(free_slots(department=b.department)) == [sb]
    assert list(free_slots(practitioner=b.practitioner)) == [sb]
    now = timezone.now()
    assert list(free_slots(start=now + datetime.timedelta(hours=35))) == [sb]
    assert list(free_slots(end=now + datetime.timedelta(hours=35))) == [sa]


def test_filter_by_specialty_also_matches_the_practitioners_own(agendas):
    dermato = f.specialty("dermatologie")
    a, _ = agendas
    slot = _slot(a, 30)
    assert list(free_slots(specialty=dermato)) == []
    a.practitioner.specialties.add(dermato)
    assert list(free_slots(specialty=dermato)) == [slot]


def test_booked_and_closed_slots_are_not_offered(agendas):
    a, _ = agendas
    booked, closed, free = _slot(a, 30), _slot(a, 31), _slot(a, 32)
    service.book(
        slot=booked, reason=a.reasons.first(), patient=f.patient(), channel="web", returning=False
    )
    Slot.objects.filter(pk=closed.pk).update(status="closed")
    assert list(free_slots(practitioner=a.practitioner)) == [free]


@override_settings(BOOKING_MIN_NOTICE_MINUTES=240, SLOT_HORIZON_WEEKS=2)
def test_only_slots_between_the_minimum_notice_and_the_horizon(agendas):
    a, _ = agendas
    _slot(a, 2)  # too soon
    ok = _slot(a, 24)
    _slot(a, 24 * 20)  # beyond two weeks
    assert list(free_slots(practitioner=a.practitioner)) == [ok]


def test_non_member_establishment_and_inactive_agenda_are_not_offered(agendas):
    a, b = agendas
    _slot(a, 30), _slot(b, 30 + 1)
    Membership.objects.filter(
        establishment_id=a.department.establishment_id, ends_on__isnull=True
    ).update(ends_on=timezone.localdate())
    Agenda.objects.filter(pk=b.pk).update(is_active=False)
    assert list(free_slots()) == []


def test_reason_filter_respects_the_rule_reasons_and_online_flag(agendas):
    a, _ = agendas
    online = a.reasons.first()
    phone_only = f.reason(a, online_bookable=False, label="Bilan")
    rule = OpeningRule.objects.create(
        agenda=a,
        weekday=0,
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        valid_from=datetime.date(2020, 1, 1),
    )
    rule.reasons.add(phone_only)
    by_rule = _slot(
        a,
        30,
    )
    Slot.objects.filter(pk=by_rule.pk).update(rule=rule)
    by_hand = _slot(a, 40)
    assert list(free_slots(reason=online)) == [by_hand]
    assert list(free_slots(reason=phone_only)) == []
    assert list(free_slots(practitioner=a.practitioner)) == [by_hand]


def test_a_slot_its_reasons_no_longer_fit_is_offered_nowhere_online(agendas):
    """Search, the booking form and the service agree on what a slot offers."""
    a, _ = agendas
    slot = _slot(a, 30, minutes=20)
    reason = a.reasons.get()
    assert list(free_slots(practitioner=a.practitioner)) == [slot]
    agendas_service.update_reason(reason, duration_minutes=30, by=None)
    assert list(free_slots(practitioner=a.practitioner)) == []
    assert not offered_reasons(slot, "web").exists()
    assert not offered_reasons(slot, "phone").exists()
    with pytest.raises(service.BookingRefused):
        service.book(
            slot=slot, reason=reason, patient=f.patient(), channel="phone", returning=False
        )


def test_a_slot_opened_by_hand_is_for_staff_not_online(agendas):
    a, _ = agendas
    by_hand = f.slot(a, start=timezone.now() + datetime.timedelta(hours=30), by_hand=True)
    assert by_hand not in free_slots(practitioner=a.practitioner)
    reason = a.reasons.first()
    with pytest.raises(service.BookingRefused):
        service.book(
            slot=by_hand, reason=reason, patient=f.patient(), channel="web", returning=False
        )
    assert service.book(
        slot=by_hand, reason=reason, patient=f.patient(), channel="phone", returning=False
    ).pk
