"""The listing's first availability follows every change, in the same
transaction, and never shows a slot a patient could not book online."""

import datetime
import itertools

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from hospital.models import Department, Establishment, Membership
from scheduling.models import Agenda, AgendaListing, ListingClock, OpeningRule, Slot
from scheduling.selectors.search import SearchWindow, free_slots
from scheduling.services import booking as service
from scheduling.services.listing_clock import apply_bookings_now, clock_for, refresh_clock
from tests import factories as f

pytestmark = pytest.mark.django_db
_patients = itertools.count()


@pytest.fixture
def cardio():
    return f.specialty("cardiologie")


@pytest.fixture
def agenda(cardio):
    refresh_clock()
    department = f.department(f.establishment(name="Hôpital Test"), specialty=cardio)
    agenda = f.agenda(department_=department)
    f.reason(agenda)
    return agenda


def _in_days(days: float) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


def _slots(agenda, *days: float) -> list[Slot]:
    return [f.slot(agenda, start=_in_days(day)) for day in days]


def _first(agenda) -> datetime.datetime | None:
    # Bookings reach the listing at COMMIT on PostgreSQL; these tests never commit.
    apply_bookings_now()
    return AgendaListing.objects.main().get(agenda=agenda).first_start


def _book(slot, **kwargs):
    reason = slot.rule.reasons.filter(for_new_patients=True).first()
    patient = f.patient(last_name=f"Durand{next(_patients)}")  # a different person each time
    return service.book(
        slot=slot, reason=reason, patient=patient, channel="phone", returning=False, **kwargs
    )


def test_each_bookable_agenda_is_listed_once_and_under_each_of_its_specialties(agenda, cardio):
    dermato = f.specialty("dermatologie")
    agenda.practitioner.specialties.add(cardio, dermato)
    rows = AgendaListing.objects.filter(agenda=agenda)
    assert rows.filter(specialty__isnull=True).count() == 1
    codes = rows.filter(specialty__isnull=False).values_list("specialty__code", flat=True)
    assert sorted(codes) == ["cardiologie", "dermatologie"]
    assert {row.establishment_id for row in rows} == {agenda.department.establishment_id}


def test_new_slots_set_the_first_availability(agenda):
    assert _first(agenda) is None
    later, sooner = _slots(agenda, 5, 3)
    assert _first(agenda) == sooner.start


def test_booking_the_first_slot_moves_it_to_the_next_free_one(agenda):
    first, second, third = _slots(agenda, 2, 3, 4)
    _book(first)
    assert _first(agenda) == second.start
    _book(third)
    assert _first(agenda) == second.start


def test_the_listing_changes_in_the_booking_s_own_transaction(agenda):
    # A booking written by any path (here a plain INSERT through the model),
    # seen inside its transaction, and gone with it when it rolls back.
    first, second = _slots(agenda, 2, 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        f.booking(first)
        assert _first(agenda) == second.start
        raise RuntimeError
    assert _first(agenda) == first.start


def test_cancelling_gives_the_slot_back(agenda):
    first, second = _slots(agenda, 2, 3)
    booking = _book(first)
    assert _first(agenda) == second.start
    service.cancel(booking, reason="changed my mind", by=f.user("secretary"))
    assert _first(agenda) == first.start


def test_a_hold_keeps_its_slot_until_released(agenda):
    first, second = _slots(agenda, 2, 3)
    reason = agenda.reasons.first()
    service.hold(slot=first, reason=reason, patient=f.patient(), returning=False, maker="web:test")
    assert _first(agenda) == second.start
    later = timezone.now() + datetime.timedelta(hours=1)
    assert service.release_expired_holds(now=later) == 1
    assert _first(agenda) == first.start


def test_closed_and_deleted_slots_are_not_first(agenda):
    first, second, third = _slots(agenda, 2, 3, 4)
    Slot.objects.filter(pk=first.pk).update(status=Slot.Status.CLOSED)
    assert _first(agenda) == second.start
    Slot.objects.filter(pk=second.pk).delete()
    assert _first(agenda) == third.start
    Slot.objects.filter(pk=first.pk).update(status=Slot.Status.OPEN)
    assert _first(agenda) == first.start


def test_only_slots_offering_an_online_reason_count(agenda):
    first, second = _slots(agenda, 2, 3)
    by_hand = f.slot(agenda, start=_in_days(1), by_hand=True)
    assert _first(agenda) == first.start, "a slot opened by hand is for staff"
    reason = agenda.reasons.get()
    reason.online_bookable = False
    reason.save()
    assert _first(agenda) is None
    reason.online_bookable = True
    reason.save()
    assert _first(agenda) == first.start
    first.rule.reasons.remove(reason)
    assert _first(agenda) is None
    assert by_hand.pk


def test_a_slot_moved_earlier_becomes_first(agenda):
    first, second = _slots(agenda, 2, 3)
    Slot.objects.filter(pk=second.pk).update(
        start=_in_days(1), end=_in_days(1) + datetime.timedelta(minutes=20)
    )
    assert _first(agenda) == _in_days(1)


def test_inactive_agendas_and_external_establishments_are_not_listed(agenda):
    _slots(agenda, 2)
    Agenda.objects.filter(pk=agenda.pk).update(is_active=False)
    assert not AgendaListing.objects.filter(agenda=agenda).exists()
    Agenda.objects.filter(pk=agenda.pk).update(is_active=True)
    assert _first(agenda) is not None
    establishment = agenda.department.establishment
    Membership.objects.filter(establishment_id=establishment.pk, ends_on__isnull=True).update(
        ends_on=timezone.localdate()
    )
    assert not AgendaListing.objects.filter(agenda=agenda).exists()


def test_specialties_follow_the_department_and_the_practitioner(agenda, cardio):
    neuro = f.specialty("neurologie")
    Department.objects.filter(pk=agenda.department_id).update(specialty=neuro)
    listed = AgendaListing.objects.filter(agenda=agenda, specialty__isnull=False)
    assert list(listed.values_list("specialty", flat=True)) == [neuro.pk]
    agenda.practitioner.specialties.add(cardio)
    assert set(listed.values_list("specialty", flat=True)) == {neuro.pk, cardio.pk}
    agenda.practitioner.specialties.remove(cardio)
    assert list(listed.values_list("specialty", flat=True)) == [neuro.pk]


def test_search_words_follow_renames(agenda):
    practitioner = agenda.practitioner
    practitioner.last_name = "Lefèvre"
    practitioner.save()
    Establishment.objects.filter(pk=agenda.department.establishment_id).update(city="Créteil")
    words = AgendaListing.objects.main().get(agenda=agenda).search_text
    assert " lefevre " in words and " creteil " in words and " cardiologie " in words


def test_a_new_agenda_is_listed_and_a_deleted_one_is_not(cardio):
    agenda = f.agenda(department_=f.department(specialty=cardio))
    assert AgendaListing.objects.filter(agenda=agenda).count() == 2
    Agenda.objects.filter(pk=agenda.pk).delete()
    assert not AgendaListing.objects.filter(agenda=agenda).exists()


@override_settings(BOOKING_MIN_NOTICE_MINUTES=120, AVAILABILITY_MARGIN_MINUTES=5)
def test_the_clock_keeps_too_soon_slots_out_and_catches_up_when_moved(agenda):
    now = timezone.now()
    refresh_clock(now)
    assert ListingClock.objects.get().not_before == clock_for(now)
    soon, later = f.slot(agenda, start=now + datetime.timedelta(hours=1)), _slots(agenda, 2)[0]
    assert _first(agenda) == later.start, "inside the minimum notice: never first"
    refresh_clock(now - datetime.timedelta(hours=3))
    assert _first(agenda) == soon.start, "a clock moved back (a shorter notice) recomputes"
    refresh_clock(now)
    assert _first(agenda) == later.start, "the rows the clock overtook are recomputed"


def test_the_listing_agrees_with_the_slots_on_the_demo_institution():
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    not_before = ListingClock.objects.get().not_before
    window = SearchWindow(earliest=not_before, latest=not_before + datetime.timedelta(weeks=52))
    some = list(Agenda.objects.order_by("pk")[:10])
    for each in some:
        _book(free_slots(window=window).filter(agenda=each).first())
    OpeningRule.objects.filter(agenda=some[1]).first().reasons.clear()
    apply_bookings_now()
    for row in AgendaListing.objects.main():
        exact = free_slots(window=window).filter(agenda=row.agenda_id).first()
        assert row.first_start == (exact and exact.start), row.agenda_id
    assert AgendaListing.objects.main().count() == Agenda.objects.count()


@override_settings(BOOKING_MIN_NOTICE_MINUTES=120, AVAILABILITY_MARGIN_MINUTES=5)
def test_the_task_worker_moves_the_clock_so_no_listed_row_falls_behind(agenda):
    from outbox.worker import run_periodic_work
    from scheduling.services.listing_clock import move_clock

    now = timezone.now()
    soon, later = f.slot(agenda, start=now + datetime.timedelta(hours=1)), _slots(agenda, 2)[0]
    move_clock(now - datetime.timedelta(hours=23))  # no cron ran today
    assert _first(agenda) == soon.start, "left behind: the row shows a too-soon slot"
    run_periodic_work()  # what every worker does at every heartbeat
    moved = ListingClock.objects.get().not_before
    assert abs(moved - clock_for(timezone.now())) < datetime.timedelta(minutes=1)
    assert _first(agenda) == later.start, "the worker's clock overtook the too-soon slot"
    run_periodic_work()
    assert ListingClock.objects.get().not_before == moved, "on time: not written again"
