"""The practitioner's week (portal): every slot of their agendas, with the
live booking of each, in three queries whatever the week holds."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from hospital.models import Practitioner
from scheduling.models import Agenda, Booking, Slot
from scheduling.selectors.board import Cell, local_start, row_label, row_order, state_of


@dataclass
class Week:
    days: list[datetime.date]
    rows: list[tuple[str, list[list[Cell]]]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)

    @property
    def bookings(self) -> list[Booking]:
        return [cell.booking for cell in self.cells if cell.booking]


def week_grid(practitioner: Practitioner, monday: datetime.date) -> Week:
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    live = Booking.objects.not_cancelled().select_related("patient", "reason")
    slots = (
        Slot.objects.filter(
            agenda__practitioner=practitioner,
            start__gte=local_start(monday),
            start__lt=local_start(monday + datetime.timedelta(days=7)),
        )
        .select_related("agenda__department")
        .order_by("start", "agenda_id")
        .prefetch_related(Prefetch("bookings", live, to_attr="live"))
    )
    week = Week(days)
    rows: dict[str, list[list[Cell]]] = {}
    order: dict[str, tuple] = {}
    now = timezone.now()
    for slot in slots:
        local = timezone.localtime(slot.start)
        order.setdefault(row_label(local), row_order(local))
        booking = slot.live[0] if slot.live else None
        cell = Cell(slot, booking, state_of(slot, booking, now), started=slot.start <= now)
        rows.setdefault(row_label(local), [[] for _ in days])[local.weekday()].append(cell)
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
