"""The practitioner's week (portal): every slot of their agendas, with the
live booking of each, in one query whatever the week holds."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from hospital.models import Practitioner
from scheduling.models import Agenda, Booking, Slot
from scheduling.selectors.board import (
    BoardBooking,
    Cell,
    local_start,
    read_slots,
    row_label,
    row_order,
    state_of,
)


@dataclass
class Week:
    days: list[datetime.date]
    rows: list[tuple[str, list[list[Cell]]]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)

    @property
    def bookings(self) -> list[BoardBooking]:
        return [cell.booking for cell in self.cells if cell.booking]


def week_grid(practitioner: Practitioner, monday: datetime.date) -> Week:
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    slots = Slot.objects.filter(
        agenda__practitioner=practitioner,
        start__gte=local_start(monday),
        start__lt=local_start(monday + datetime.timedelta(days=7)),
    ).order_by("start", "agenda_id")
    week = Week(days)
    rows: dict[str, list[list[Cell]]] = {}
    order: dict[str, tuple] = {}
    now = timezone.now()
    day_text: dict[datetime.date, str] = {}  # "D j M" once per day, not per cell
    for slot, booking, (where,) in read_slots(slots, "agenda__department__name"):
        local = timezone.localtime(slot.start)
        label = row_label(local)
        if label not in order:
            order[label] = row_order(local)
        date = local.date()
        if date not in day_text:
            day_text[date] = date_filter(local, "D j M")
        cell = Cell(
            slot,
            booking,
            state_of(slot, booking, now),
            time=label,
            when=f"{day_text[date]} {label}",
            started=slot.start <= now,
            where=where,
        )
        rows.setdefault(label, [[] for _ in days])[local.weekday()].append(cell)
        week.cells.append(cell)
    week.rows = sorted(rows.items(), key=lambda row: order[row[0]])
    return week


def affected_by_absence(agenda: Agenda, start, end) -> QuerySet[Booking]:
    """The appointments an absence over [start, end) would displace: what the
    service will flag to rebook (services.agendas.add_absence), shown first."""
    return (
        Booking.objects.filter(
            slot__agenda=agenda,
            slot__start__lt=end,
            slot__end__gt=max(start, timezone.now()),
            status__in=[Booking.Status.BOOKED, Booking.Status.PENDING],
        )
        .select_related("patient", "reason", "slot")
        .order_by("slot__start")
    )
