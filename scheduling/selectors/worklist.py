"""The secretaries' worklist: appointments an absence displaced, to move or cancel."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.db import connections
from django.db.models import Count, QuerySet, Window

from config.prepared import prepared_cursor
from hospital.models import Practitioner
from hospital.phones import display_phone
from scheduling.models import Booking, Patient, Slot
from scheduling.selectors.access import departments_for


def to_rebook(user, *, department=None) -> QuerySet[Booking]:
    """Flagged bookings of the user's departments, the soonest first; of
    `department` alone when given, one the caller has found among the user's
    (the board: its department is one of departments_for(user) already)."""
    within = (
        {"slot__agenda__department": department}
        if department is not None
        else {"slot__agenda__department__in": departments_for(user)}
    )
    return _flagged().filter(**within)


@cache
def _flagged() -> QuerySet[Booking]:
    """Every department's flagged bookings, the soonest first, built once per
    process (never evaluated: callers filter a copy)."""
    return (
        Booking.objects.filter(to_rebook=True, status=Booking.Status.BOOKED)
        .select_related(
            "patient", "reason", "slot__agenda__practitioner", "slot__agenda__department"
        )
        .order_by("slot__start")
    )


@dataclass(slots=True)
class ToRebook:
    """What the board's worklist shows of a booking to rebook, read as columns:
    the board runs the query at every view, whether there is any or not, and
    the models of a select_related over five tables cost it more than a column
    of its grid (issue 23)."""

    pk: int
    start: datetime.datetime
    practitioner: str  # as str(practitioner) reads
    patient: str  # as str(patient) reads
    phone: str  # as patient.phone_display reads
    reason: str  # the reason's label


def soonest_to_rebook(user, *, department, first: int) -> tuple[list[ToRebook], int]:
    """The `first` soonest of to_rebook(user, department=...) and how many
    there are, in one query (the count is a window over the whole list)."""
    sql, compiled, department_at = _soonest_sql(first)
    params = [*compiled]
    params[department_at] = department.pk
    connection = connections[Booking.objects.db]
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    as_read = _start_as_read(connection)
    lines = [_line(pk, as_read(start), *rest[:-1]) for pk, start, *rest in rows]
    return lines, rows[0][-1] if rows else 0


def _start_as_read(connection):
    """The slot's start as the ORM reads it from this database (SQLite
    returns text, which the ORM's converters make an aware datetime)."""
    column = Slot._meta.get_field("start").get_col(Slot._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)

    def as_read(value):
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return as_read


# A department no row has, compiled into the query in place of the board's.
_STAND_IN = -1


@cache
def _soonest_sql(first: int) -> tuple[str, tuple, int]:
    """The ORM's SQL of the `first` soonest rows of a department, compiled once
    per process for a stand-in department, and where its parameter is: the
    board compiled it at every view, which cost it as much as running it
    (issue 23). Each call puts its department in a copy of the parameters."""
    query = _soonest().filter(slot__agenda__department=_STAND_IN)[:first].query
    sql, params = query.sql_with_params()
    return sql, tuple(params), tuple(params).index(_STAND_IN)


@cache
def _soonest() -> QuerySet:
    """soonest_to_rebook's rows, of every department: the board runs it at
    every view, and building it there cost as much as running it (issue 23).
    The department's condition joins the WHERE clause, before the window counts."""
    return (
        _flagged()
        .annotate(waiting=Window(Count("pk")))
        .values_list(
            "pk",
            "slot__start",
            "slot__agenda__practitioner__first_name",
            "slot__agenda__practitioner__last_name",
            "patient_id",
            "patient__first_name",
            "patient__last_name",
            "patient__phone",
            "reason__label",
            "waiting",
        )
    )


def _line(pk, start, doctor_first, doctor_last, patient_id, first, last, phone, reason) -> ToRebook:
    return ToRebook(
        pk,
        start,
        Practitioner.name_of(doctor_first, doctor_last),
        Patient.name_of(patient_id, first, last),
        display_phone(phone) if phone else "",  # as Patient.phone_display
        reason,
    )
