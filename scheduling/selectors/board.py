"""The secretaries' board: one department's day or week as a grid, each
practitioner a column, time going down. Two queries whatever the
department's size: its agendas, and their slots in the period with each
one's live booking (its patient's name and its reason's label).

On PostgreSQL, `fingerprint` reads in one cheap query whether any row the
grid reads has changed, so the board can keep the grid it wrote
(scheduling/staff/board_grid.py)."""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import CharField, FilteredRelation, Func, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from config.prepared import prepared_cursor
from hospital.models import Department, Practitioner, in_language
from hospital.phones import normalise_phone
from scheduling.models import Agenda, Booking, Patient, Slot, VisitReason, reservation_lets
from scheduling.search_text import normalize
from scheduling.selectors.access import patients_for
from scheduling.templatetags.clock import ambiguous, suffix


@dataclass(slots=True)
class BoardSlot:
    """What the board reads of a slot: its columns, not the model (a
    department of 60 has some 250 slots a day, each made a Slot cost more
    than the cell it fills)."""

    pk: int
    agenda_id: int
    start: datetime.datetime
    status: str
    reserved_for: str
    opens_to_all_at: datetime.datetime | None

    def is_open_to(self, channel: str, now) -> bool:
        return reservation_lets(channel, self.reserved_for, self.opens_to_all_at, now)


@dataclass(slots=True)
class BoardBooking:
    """What the board shows of a slot's live booking, read with the slot."""

    pk: int
    status: str
    to_rebook: bool
    hold_expires_at: datetime.datetime | None
    checked_in_at: datetime.datetime | None
    patient: str  # as str(patient) reads (Patient.name_of)
    reason: str  # the reason's label
    local_reason: str  # in the reader's language (VisitReason.local_label)


@dataclass(slots=True)
class BoardAgenda:
    """What the board reads of an agenda: a column's id and heading (60
    Agenda and Practitioner models made per page cost more than the query)."""

    pk: int
    practitioner: str  # as str(practitioner) reads (Practitioner.name_of)


@dataclass
class Cell:
    """One slot of the board, with what its cell shows worked out once here
    (the cells are written out without a filter or include per cell)."""

    slot: Slot | BoardSlot
    booking: Booking | BoardBooking | None
    state: str  # free, reserved, past, booked, held, closed, to-rebook, honoured, missed
    time: str = ""  # the start as {{ slot.start|clock:"H:i" }} renders it
    when: str = ""  # the start as {{ slot.start|clock:"D j M H:i" }} renders it
    today: bool = False  # the slot's local day is today
    started: bool = False  # its start has passed
    where: str = ""  # the slot's department (the portal's week, several agendas)


@dataclass
class Column:
    day: datetime.date
    agenda: BoardAgenda


@dataclass
class Grid:
    department: Department
    days: list[datetime.date]
    agendas: list[BoardAgenda]
    columns: list[Column]
    rows: list[tuple[str, list[Cell | None]]] = field(default_factory=list)
    # The grid was worked out at `read_at`; from `valid_until` on, the clock
    # alone may change a cell (a start passed, a hold lapsed, a reservation
    # released, another day become today).
    read_at: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None

    @property
    def bookings(self) -> list[BoardBooking]:
        return [c.booking for _t, cells in self.rows for c in cells if c and c.booking]


def state_of(slot: Slot, booking: Booking | None, now, channel: str = "portal") -> str:
    """What a cell shows; a free slot kept for other channels than the
    viewer's (`channel`) until its release is "reserved"."""
    if booking is not None and booking.status == Booking.Status.PENDING:
        if booking.hold_expires_at and booking.hold_expires_at <= now:
            booking = None  # a lapsed hold keeps no one from booking (BookingQuerySet.holding)
    if booking is None:
        if slot.status == Slot.Status.CLOSED:
            return "closed"
        if slot.start <= now:
            return "past"
        return "free" if slot.is_open_to(channel, now) else "reserved"
    if booking.status == Booking.Status.PENDING:
        return "held"
    if booking.status == Booking.Status.BOOKED and booking.to_rebook:
        return "to-rebook"
    return booking.status  # booked, honoured, missed


def row_label(local: datetime.datetime) -> str:
    """A row of the board: the local wall time, with its offset when that
    time is lived twice (autumn clock change), so the two 02:30 slots of
    that night get two rows instead of one cell overwriting the other."""
    return f"{local:%H:%M}{suffix(local)}"


def row_order(local: datetime.datetime) -> tuple:
    """Rows in wall-clock order; of the two rows of a time lived twice,
    the first lived (larger offset) first."""
    return (f"{local:%H:%M}", -local.utcoffset() if ambiguous(local) else datetime.timedelta())


def local_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# A slot and its live booking, if any, in one row (at most one booking is not
# cancelled: scheduling_booking_one_active_per_slot).
_SLOT_COLUMNS = ("pk", "agenda_id", "start", "status", "reserved_for", "opens_to_all_at")
_BOOKING_COLUMNS = (
    "live__pk",
    "live__status",
    "live__to_rebook",
    "live__hold_expires_at",
    "live__checked_in_at",
    "live__patient_id",
    "live__patient__first_name",
    "live__patient__last_name",
    "live__reason__label",
    "live__reason__label_en",
)


def read_slots(slots: QuerySet[Slot], *extra: str):
    """Each slot of `slots` with its live booking, if any, and the values of
    the `extra` columns: (BoardSlot, BoardBooking | None, tuple), one query
    of columns, no model made."""
    live = FilteredRelation("bookings", condition=~Q(bookings__status="cancelled"))
    rows = slots.annotate(live=live).values_list(*_SLOT_COLUMNS, *_BOOKING_COLUMNS, *extra)
    for row in rows:
        booking = None
        if row[6] is not None:
            pk, status, to_rebook, hold, arrived, patient_id, first, last, label, label_en = row[
                6:16
            ]
            booking = BoardBooking(
                pk,
                status,
                to_rebook,
                hold,
                arrived,
                Patient.name_of(patient_id, first, last),
                label,
                in_language(label, label_en),
            )
        yield BoardSlot(*row[:6]), booking, row[16:]


def grid(department: Department, first_day: datetime.date, days: int) -> Grid:
    start = local_start(first_day)
    end = local_start(first_day + datetime.timedelta(days=days))
    agendas = [
        BoardAgenda(pk, Practitioner.name_of(first_name, last_name))
        for pk, first_name, last_name in Agenda.objects.filter(department=department)
        .order_by("practitioner__last_name", "practitioner__first_name", "pk")
        .values_list("pk", "practitioner__first_name", "practitioner__last_name")
    ]
    slots = Slot.objects.filter(
        agenda__department=department, start__gte=start, start__lt=end
    ).order_by("start", "pk")
    period = [first_day + datetime.timedelta(days=n) for n in range(days)]
    columns = [Column(day, agenda) for day in period for agenda in agendas]
    place = {(c.day, c.agenda.pk): n for n, c in enumerate(columns)}
    rows: dict[str, list[Cell | None]] = {}
    order: dict[str, tuple] = {}
    now = timezone.now()
    today = timezone.localdate(now)
    # The instants after `now` at which a cell may change with the clock
    # alone (state_of, Cell.today and Cell.started read the clock): the next
    # midnight here, and below each later start, release and hold's expiry.
    changes = [local_start(today + datetime.timedelta(days=1))]
    # What depends on the start alone, worked out once per start time: the
    # slots of a department start at a few dozen times a day.
    at: dict[datetime.datetime, tuple] = {}
    day_text: dict[datetime.date, str] = {}  # "D j M" once per day
    for slot, booking, _extra in read_slots(slots):
        if slot.opens_to_all_at is not None and slot.opens_to_all_at > now:
            changes.append(slot.opens_to_all_at)
        if booking is not None and booking.hold_expires_at is not None:
            if booking.status == Booking.Status.PENDING and booking.hold_expires_at > now:
                changes.append(booking.hold_expires_at)
        if slot.start not in at:
            local = timezone.localtime(slot.start)
            label = row_label(local)
            if label not in order:
                order[label] = row_order(local)
            date = local.date()
            if date not in day_text:
                day_text[date] = date_filter(local, "D j M")
            at[slot.start] = (label, date, f"{day_text[date]} {label}", slot.start <= now)
        label, date, when, started = at[slot.start]
        state = state_of(slot, booking, now, "phone")
        booking = booking if state not in ("free", "reserved", "past", "closed") else None
        cells = rows.setdefault(label, [None] * len(columns))
        cells[place[(date, slot.agenda_id)]] = Cell(
            slot, booking, state, time=label, when=when, today=date == today, started=started
        )
    changes.extend(start for start in at if start > now)
    result = Grid(department, period, agendas, columns, read_at=now, valid_until=min(changes))
    result.rows = sorted(rows.items(), key=lambda row: order[row[0]])
    return result


def fingerprint(department: Department, first_day: datetime.date, days: int) -> str | None:
    """What changes whenever a row the grid reads of this period changes, read
    in one query: the version (xmin, ctid) of each of the department's agendas
    and of its practitioner, and of each slot of the period with its live
    booking, that booking's patient and reason. Any INSERT, UPDATE or DELETE,
    whatever wrote it (the ORM, the admin, a trigger, raw SQL), leaves new
    versions or takes one away. None on SQLite, which has no row versions."""
    database = Slot.objects.db
    if connections[database].vendor != "postgresql":
        return None
    start = local_start(first_day)
    end = local_start(first_day + datetime.timedelta(days=days))
    with prepared_cursor(connections[database]) as cursor:
        cursor.execute(
            _fingerprint_sql(),
            {
                "department": department.pk,
                "start": start,
                "end": end,
                "cancelled": Booking.Status.CANCELLED,
            },
        )
        agendas, slots = cursor.fetchone()
    return f"{agendas}/{slots}"


@functools.cache
def _fingerprint_sql() -> str:
    """The fingerprint's query, written once per process: the same joins as
    the grid's two queries. format() keeps each table's place when a column
    is NULL (a slot without a live booking), and the order is each row's id.
    Each agenda's practitioner is read by its key: joined, the planner scanned
    all 12,420 practitioners at the institution's size (2.3 ms a view)."""
    slot, booking, patient, reason, agenda, practitioner = (
        model._meta.db_table
        for model in (Slot, Booking, Patient, VisitReason, Agenda, Practitioner)
    )
    return f"""
        SELECT
          (SELECT count(*) || ' ' || md5(coalesce(string_agg(
                format('%%s %%s %%s', a.xmin, a.ctid, (
                  SELECT format('%%s %%s', p.xmin, p.ctid)
                    FROM {practitioner} p WHERE p.id = a.practitioner_id
                )), ',' ORDER BY a.id
              ), ''))
             FROM {agenda} a
            WHERE a.department_id = %(department)s),
          (SELECT count(*) || ' ' || md5(coalesce(string_agg(
                format(
                  '%%s %%s|%%s %%s|%%s %%s|%%s %%s',
                  s.xmin, s.ctid, b.xmin, b.ctid, pa.xmin, pa.ctid, r.xmin, r.ctid
                ),
                ',' ORDER BY s.id, b.id
              ), ''))
             FROM {slot} s
             JOIN {agenda} a ON a.id = s.agenda_id
             LEFT JOIN {booking} b ON b.slot_id = s.id AND b.status <> %(cancelled)s
             LEFT JOIN {patient} pa ON pa.id = b.patient_id
             LEFT JOIN {reason} r ON r.id = b.reason_id
            WHERE a.department_id = %(department)s
              AND s.start >= %(start)s AND s.start < %(end)s)
    """


def find_callers(user, *, name: str, birth_date=None, phone: str = "") -> QuerySet[Patient]:
    """The records among the patients this staff member reaches
    (selectors.access.patients_for) with a name word starting with every word
    typed, accents and case aside ("elodie" finds "Élodie"), with that birth
    date and phone number when given. A phone number typed in the name box,
    in any common form ("06 12 34 56 78", "+33 6…"), is a phone number."""
    words, typed_phone = split_caller_query(name)
    found = patients_for(user)
    if words:
        # scheduling_normalize: the public search's normaliser, in SQL on both
        # databases (unaccent on PostgreSQL, listing.normalize on SQLite).
        found = found.annotate(
            caller_text=Func(
                Concat("first_name", Value(" "), "last_name"),
                function="scheduling_normalize",
                output_field=CharField(),
            )
        )
        for word in words:
            found = found.filter(caller_text__contains=f" {word}")
    if birth_date:
        found = found.filter(birth_date=birth_date)
    for number in {phone, typed_phone} - {""}:
        found = found.filter(phone=number)
    return found.order_by("last_name", "first_name", "birth_date", "pk")


# A run of digits with the separators people type in a phone number.
_PHONE_LIKE = re.compile(r"\+?[\d(][\d\s.()/-]{7,}\d")


def split_caller_query(text: str) -> tuple[list[str], str]:
    """The words of a name (normalised) and a phone number (E.164) or ""."""
    phone = ""
    found = _PHONE_LIKE.search(text or "")
    if found:
        try:
            phone = normalise_phone(found.group())
        except ValidationError:
            phone = ""
        else:
            text = text[: found.start()] + " " + text[found.end() :]
    return normalize(text or "").split(), phone


def has_consulted(patient: Patient, agenda: Agenda) -> bool:
    """Whether the patient has already seen this agenda's practitioner: the
    reasons kept to first visits or to followed patients depend on it."""
    return Booking.objects.filter(
        patient=patient,
        slot__agenda__practitioner_id=agenda.practitioner_id,
        slot__start__lt=timezone.now(),
        status__in=[Booking.Status.BOOKED, Booking.Status.HONOURED],
    ).exists()
