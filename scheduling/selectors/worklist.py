"""The secretaries' worklist: appointments an absence displaced, to move or cancel."""

from django.db.models import Count, QuerySet, Window

from scheduling.models import Booking
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
    return (
        Booking.objects.filter(to_rebook=True, status=Booking.Status.BOOKED, **within)
        .select_related(
            "patient", "reason", "slot__agenda__practitioner", "slot__agenda__department"
        )
        .order_by("slot__start")
    )


def soonest_to_rebook(user, *, department, first: int) -> tuple[list[Booking], int]:
    """The `first` soonest of to_rebook(user, department=...) and how many
    there are, in one query (the count is a window over the whole list)."""
    shown = list(
        to_rebook(user, department=department).annotate(waiting=Window(Count("pk")))[:first]
    )
    return shown, shown[0].waiting if shown else 0
