"""Two patients booking the first two free slots of one agenda at the same
time: once both have committed, the listing shows the third, never a taken
slot. Real commits and threads, on PostgreSQL (SQLite has one writer)."""

import datetime
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from scheduling.models import AgendaListing
from scheduling.services import booking as service
from scheduling.services.listing_clock import apply_bookings_now, refresh_clock
from tests import factories as f

# Concurrency is proven on PostgreSQL; SQLite serialises every writer.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _first(agenda):
    return AgendaListing.objects.main().get(agenda=agenda).first_start


def test_concurrent_bookings_of_one_agenda_never_leave_a_taken_slot_listed():
    refresh_clock()
    agenda = f.agenda()
    reason = f.reason(agenda)
    now = timezone.now().replace(microsecond=0)
    first, second, third = (
        f.slot(agenda, start=now + datetime.timedelta(days=d)) for d in (2, 3, 4)
    )
    booked_first = threading.Event()
    may_commit = threading.Event()
    second_done = threading.Event()
    errors = []

    def book_first_and_wait():
        try:
            # Held open between its booking and its COMMIT (the service commits
            # at once, so this one writes the row itself; the database's
            # triggers are the same for every path).
            with transaction.atomic():
                f.booking(first, reason, patient=f.patient(last_name="First"))
                apply_bookings_now()  # what COMMIT does first: lock the agenda's listing row
                booked_first.set()  # the listing now says "second", uncommitted
                may_commit.wait(10)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    def book_second():
        try:
            booked_first.wait(10)
            service.book(
                slot=second,
                reason=reason,
                patient=f.patient(last_name="Second"),
                channel="web",
                returning=False,
            )
            second_done.set()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book_first_and_wait), threading.Thread(target=book_second)]
    for thread in threads:
        thread.start()
    # The second booking waits for the first one's decision on this agenda...
    assert not second_done.wait(1.0), "the second booking did not wait for the first"
    may_commit.set()
    for thread in threads:
        thread.join(15)
    assert errors == []
    # ...then decides on what it committed: neither taken slot is listed.
    assert _first(agenda) == third.start
