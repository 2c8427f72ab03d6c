"""The secretaries' worklist: appointments an absence displaced, to move or cancel."""

from django.db.models import QuerySet

from scheduling.models import Booking
from scheduling.selectors.access import departments_for


def to_rebook(user) -> QuerySet[Booking]:
    """Flagged bookings of the user's departments, the soonest first."""
    return (
        Booking.objects.filter(
            to_rebook=True,
            status=Booking.Status.BOOKED,
            slot__agenda__department__in=departments_for(user),
        )
        .select_related(
            "patient", "reason", "slot__agenda__practitioner", "slot__agenda__department"
        )
        .order_by("slot__start")
    )
