"""The listing clock: from when first availability is counted
(scheduling/rules/listing.py says why time passing is the one change no
transaction makes). The task worker moves it every minute, `refresh_availability`
from cron does the same; the database recomputes the rows it overtakes."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from scheduling.models import ListingClock
from scheduling.rules.listing import DEFERRED


def clock_for(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(
        minutes=settings.BOOKING_MIN_NOTICE_MINUTES + settings.AVAILABILITY_MARGIN_MINUTES
    )


def refresh_clock(now: datetime.datetime | None = None) -> datetime.datetime:
    """Move the listing clock; the database recomputes the rows it overtakes."""
    return move_clock(clock_for(now or timezone.now()))


# How far behind its due time the worker lets the clock fall before it moves it:
# less than AVAILABILITY_MARGIN_MINUTES, so no listed row is ever behind.
CLOCK_STEP = datetime.timedelta(minutes=1)


def refresh_clock_when_behind(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Move the clock if it is more than CLOCK_STEP behind (one read at every
    worker heartbeat, one write a minute)."""
    due = clock_for(now or timezone.now())
    current = ListingClock.objects.filter(pk=1).values_list("not_before", flat=True).first()
    if current is not None and current >= due - CLOCK_STEP:
        return None
    return move_clock(due)


def move_clock(not_before: datetime.datetime) -> datetime.datetime:
    """Set the clock through its one entry point (the application may not
    write the clock's table): the database refuses a time more than a day
    before, or a month after, its own now."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT public.scheduling_listing_move_clock(%s)", [not_before])
        else:
            cursor.execute(
                "INSERT INTO scheduling_listing_clock_input (not_before) VALUES (%s)",
                [connection.ops.adapt_datetimefield_value(not_before)],
            )
    return not_before


def apply_bookings_now() -> None:
    """Bring the listing in line with this transaction's bookings now rather
    than at COMMIT (PostgreSQL), for a caller nested in a larger transaction
    that reads the listing next, such as a test. SQLite is always in line."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {DEFERRED} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {DEFERRED} DEFERRED")
