"""Where bookings resolved: per establishment, per channel, and outside the institution.

The "outside" count is computed from the data (membership and affiliation on
the slot's local date, against the registry as it stands), not asserted: it
is 0 because the database refuses anything else, and this report is how the
institution checks that for itself.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from hospital.models import Affiliation
from scheduling.models import Booking


@dataclass(frozen=True)
class RoutingReport:
    start: datetime.date
    end: datetime.date
    total: int
    per_establishment: list[dict]
    per_channel: list[dict]
    outside_institution: int


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def routing_report(start: datetime.date, end: datetime.date) -> RoutingReport:
    """Active bookings whose slot starts from `start` to `end` inclusive (local dates)."""
    bookings = Booking.objects.active().filter(
        slot__start__gte=_local_midnight(start),
        slot__start__lt=_local_midnight(end + datetime.timedelta(days=1)),
    )
    establishment = "slot__agenda__department__establishment"
    per_establishment = list(
        bookings.values(
            name=F(f"{establishment}__name"),
            finess=F(f"{establishment}__finess"),
            is_member=F(f"{establishment}__is_member"),
        )
        .annotate(bookings=Count("id"))
        .order_by("name")
    )
    per_channel = list(
        bookings.values("channel").annotate(bookings=Count("id")).order_by("channel")
    )
    return RoutingReport(
        start=start,
        end=end,
        total=bookings.count(),
        per_establishment=per_establishment,
        per_channel=per_channel,
        outside_institution=_outside(bookings).count(),
    )


def _outside(bookings):
    local_day = TruncDate("slot__start", tzinfo=ZoneInfo(settings.TIME_ZONE))
    covering = Affiliation.objects.filter(
        practitioner=OuterRef("slot__agenda__practitioner"),
        department=OuterRef("slot__agenda__department"),
        start_date__lte=OuterRef("local_day"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("local_day")))
    return bookings.annotate(local_day=local_day).filter(
        Q(slot__agenda__department__establishment__is_member=False) | ~Exists(covering)
    )
