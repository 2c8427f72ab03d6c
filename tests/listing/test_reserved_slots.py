"""The public's first availability never shows a slot still reserved for other
channels (issue 24), and shows it from its release on, when the listing clock
next moves."""

import datetime
import time

import pytest
from django.db import connection
from django.utils import timezone

from scheduling.models import AgendaListing, Slot
from scheduling.services.listing_clock import apply_bookings_now, refresh_clock
from tests import factories as f


@pytest.fixture
def agenda():
    refresh_clock()
    agenda = f.agenda()
    f.reason(agenda)
    return agenda


def _in_days(days: float) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


def _first(agenda) -> datetime.datetime | None:
    apply_bookings_now()
    return AgendaListing.objects.main().get(agenda=agenda).first_start


def _first_in_sql(agenda) -> datetime.datetime | None:
    """The referee: the first open, unbooked, generated slot from the clock on
    that is not reserved, or released — in plain SQL."""
    now = "now()" if connection.vendor == "postgresql" else "strftime('%Y-%m-%d %H:%M:%f','now')"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT min(s.start) FROM scheduling_slot s
                 WHERE s.agenda_id = %s AND s.status = 'open' AND s.rule_id IS NOT NULL
                   AND s.start >= (SELECT not_before FROM scheduling_listingclock)
                   AND (s.reserved_for = '' OR s.opens_to_all_at <= {now})
                   AND NOT EXISTS (SELECT 1 FROM scheduling_booking b
                                    WHERE b.slot_id = s.id AND b.status <> 'cancelled')""",
            [agenda.pk],
        )
        value = cursor.fetchone()[0]
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    return value


@pytest.mark.django_db
def test_a_reserved_slot_is_not_the_public_first_availability(agenda):
    start = _in_days(3)
    f.slot(agenda, start=start, reserved_for="phone", opens_to_all_at=_in_days(1))
    public = f.slot(agenda, start=_in_days(5))
    assert _first(agenda) == public.start == _first_in_sql(agenda)


@pytest.mark.django_db
def test_reserving_the_first_slot_moves_the_first_availability(agenda):
    first = f.slot(agenda, start=_in_days(3))
    second = f.slot(agenda, start=_in_days(4))
    assert _first(agenda) == first.start
    Slot.objects.filter(pk=first.pk).update(reserved_for="partners", opens_to_all_at=_in_days(2))
    assert _first(agenda) == second.start == _first_in_sql(agenda)


@pytest.mark.django_db(transaction=True)
def test_a_released_slot_becomes_first_when_the_clock_moves(agenda):
    release = timezone.now() + datetime.timedelta(seconds=2)
    reserved = f.slot(agenda, start=_in_days(3), reserved_for="phone", opens_to_all_at=release)
    later = f.slot(agenda, start=_in_days(5))
    assert _first(agenda) == later.start
    time.sleep(max(0.0, (release - timezone.now()).total_seconds()) + 0.5)
    refresh_clock()
    assert _first(agenda) == reserved.start == _first_in_sql(agenda)
