"""The secretaries' worklist: appointments an absence displaced, to move or cancel."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, QuerySet, Window

from hospital.models import Practitioner
from hospital.phones import display_phone
from scheduling.models import Booking, Patient
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
    rows = list(_soonest().filter(slot__agenda__department=department)[:first])
    return [_line(*row[:-1]) for row in rows], rows[0][-1] if rows else 0


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
