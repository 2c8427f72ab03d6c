"""Where bookings resolved: per establishment, per channel, and outside the institution.

The "outside" count is computed from the data, not asserted: a booking
resolved outside when no membership period of its establishment, or no
affiliation of its practitioner to its department, contains its slot's
local date — "outside at the time", so a hospital that has left keeps its
history inside. It is 0 because the database refuses anything else, the
past included (scheduling/rules/), and this report is how the institution
checks that for itself. Each establishment's line says whether it was a
member over the whole range, part of it, or never.

Channels are first-class: besides the booking's channel, the report says
which other system (API client: a partner, the national platform) and which
call centre (its agents' team) made each booking — from the booking's
author, so that a channel cannot take a share of the agenda unseen. And the
capacity reserved per channel: per reservation, the open slots of the range
kept for it, how many its own channels booked, how many other channels
booked once released, and how many are still free.
"""

import csv
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from hospital.models import Affiliation, Establishment, Membership
from scheduling.models import RESERVATION_CHANNELS, Booking, Reservation, Slot


@dataclass(frozen=True)
class RoutingReport:
    start: datetime.date
    end: datetime.date
    total: int
    per_establishment: list[dict]
    per_channel: list[dict]
    per_client: list[dict]
    per_team: list[dict]
    outside_institution: int
    per_reservation: list[dict]

    def rows(self) -> list[tuple[str, str, str, int]]:
        """(dimension, key, name, bookings), every line of the report: the CSV's
        rows. An API client's key is its public id and a call centre's its id,
        which never change: its name is today's, shown beside it."""
        rows = [("total", "", "", self.total)]
        rows += [
            ("establishment", r["finess"], r["name"], r["bookings"]) for r in self.per_establishment
        ]
        rows += [("channel", r["channel"], "", r["bookings"]) for r in self.per_channel]
        rows += [
            ("api_client", r["client_id"], r["client"], r["bookings"]) for r in self.per_client
        ]
        rows += [
            ("call_centre", str(r["team_id"]), r["team"], r["bookings"]) for r in self.per_team
        ]
        for r in self.per_reservation:
            group = r["reserved_for"]
            rows += [
                ("reserved_slots", group, "", r["slots"]),
                ("reserved_used_by_its_channels", group, "", r["own"]),
                ("reserved_used_once_released", group, "", r["released"]),
            ]
        return [*rows, ("outside_institution", "", "", self.outside_institution)]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def routing_report(start: datetime.date, end: datetime.date) -> RoutingReport:
    """Active bookings whose slot starts from `start` to `end` inclusive (local dates)."""
    first, after = _local_midnight(start), _local_midnight(end + datetime.timedelta(days=1))
    bookings = Booking.objects.not_cancelled().filter(slot__start__gte=first, slot__start__lt=after)
    establishment = "slot__agenda__department__establishment"
    per_establishment = list(
        bookings.values(
            establishment_id=F(f"{establishment}__id"),
            name=F(f"{establishment}__name"),
            finess=F(f"{establishment}__finess"),
        )
        .annotate(bookings=Count("id"))
        .order_by("name")
    )
    for row in per_establishment:
        row["membership"] = _membership_over(row.pop("establishment_id"), start, end)
        row["is_member"] = row["membership"] == MEMBER
    per_channel = list(
        bookings.values("channel").annotate(bookings=Count("id")).order_by("channel")
    )
    return RoutingReport(
        start=start,
        end=end,
        total=bookings.count(),
        per_establishment=per_establishment,
        per_channel=per_channel,
        per_client=_per_author(bookings, "client", "created_by__api_client", "public_id"),
        per_team=_per_author(bookings, "team", "created_by__call_centre_agent__call_centre", "id"),
        outside_institution=_outside(bookings).count(),
        per_reservation=_per_reservation(first, after),
    )


def _per_reservation(first: datetime.datetime, after: datetime.datetime) -> list[dict]:
    """Per reservation: the open slots of the range kept for it (`slots`), those
    booked through its channels (`own`), through others once released
    (`released`), and those still free (`free`)."""
    rows = []
    for group, channels in RESERVATION_CHANNELS.items():
        slots = Slot.objects.filter(
            reserved_for=group, status=Slot.Status.OPEN, start__gte=first, start__lt=after
        )
        live = Booking.objects.not_cancelled().filter(slot__in=slots)
        counts = slots.aggregate(
            slots=Count("id"),
            own=Count(
                "id", filter=Q(Exists(live.filter(slot=OuterRef("pk"), channel__in=channels)))
            ),
            released=Count(
                "id",
                filter=Q(Exists(live.filter(slot=OuterRef("pk")).exclude(channel__in=channels))),
            ),
        )
        free = counts["slots"] - counts["own"] - counts["released"]
        rows.append(
            {"reserved_for": group, "label": Reservation(group).label, **counts, "free": free}
        )
    return rows


MEMBER, PARTLY, NEVER = "member", "partly", "never"


def _per_author(bookings, key: str, path: str, identity: str) -> list[dict]:
    """Bookings per API client or per call centre, from who made them: grouped
    by the row's identity (`<key>_id`), which never changes, not by its name,
    which may (two that swap names would swap their past); the name shown is
    today's."""
    rows = list(
        bookings.filter(**{f"{path}__isnull": False})
        .values(**{f"{key}_id": F(f"{path}__{identity}"), key: F(f"{path}__name")})
        .annotate(bookings=Count("id"))
        .order_by(key, f"{key}_id")
    )
    if identity == "public_id":
        for row in rows:
            row[f"{key}_id"] = str(row[f"{key}_id"])
    return rows


def _membership_over(establishment_id: int, start: datetime.date, end: datetime.date) -> str:
    """Whether the establishment was a member on every day of the range, some, or none."""
    periods = Establishment(pk=establishment_id).memberships.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start), starts_on__lte=end
    )
    days = 0
    for period in periods:
        first = max(period.starts_on, start)
        last = min(period.ends_on or end, end)
        days += (last - first).days + 1
    if days == 0:
        return NEVER
    return MEMBER if days == (end - start).days + 1 else PARTLY


def _outside(bookings):
    local_day = TruncDate("slot__start", tzinfo=ZoneInfo(settings.TIME_ZONE))
    member = Membership.objects.filter(
        establishment=OuterRef("slot__agenda__department__establishment"),
        starts_on__lte=OuterRef("local_day"),
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("local_day")))
    covering = Affiliation.objects.filter(
        practitioner=OuterRef("slot__agenda__practitioner"),
        department=OuterRef("slot__agenda__department"),
        start_date__lte=OuterRef("local_day"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("local_day")))
    return bookings.annotate(local_day=local_day).filter(~Exists(member) | ~Exists(covering))


def write_csv(report: RoutingReport, out) -> None:
    """Every line of the report as CSV (the staff page's export, the command's --csv)."""
    writer = csv.writer(out)
    writer.writerow(["from", "to", "dimension", "key", "name", "bookings"])
    for dimension, key, name, bookings in report.rows():
        writer.writerow(
            [report.start.isoformat(), report.end.isoformat(), dimension, key, name, bookings]
        )
