"""Scheduling's answers to the registry's questions (hospital/guards.py), and
the same kind of check for scheduling's own rows.

Each returns readable messages naming the bookings in the way; the database
refuses the same changes at COMMIT (scheduling/rules/), whatever the path.
"""

from django.utils.translation import gettext as _

from hospital import guards
from hospital.models import Affiliation, Department, Establishment
from scheduling.models import Agenda, Booking, VisitReason
from scheduling.rules.invariant import BlockingBookings, upcoming


def establishment_leaving(establishment: Establishment) -> list[str]:
    bookings = Booking.objects.filter(slot__agenda__department__establishment=establishment)
    return upcoming(bookings).as_messages()


def department_moving(department: Department) -> list[str]:
    if Agenda.objects.filter(department=department).exists():
        return [
            _(
                "This department already has agendas: it cannot be moved to another "
                "establishment. Create a new department there instead."
            )
        ]
    return []


def affiliation_changing(affiliation: Affiliation, *, deleting: bool) -> list[str]:
    """Upcoming bookings that the stored version of `affiliation` covers and that
    no affiliation would cover once it is changed as given (or deleted)."""
    if not affiliation.pk:
        return []
    stored = Affiliation.objects.get(pk=affiliation.pk)
    pair = {"practitioner_id": stored.practitioner_id, "department_id": stored.department_id}
    remaining = list(Affiliation.objects.filter(**pair).exclude(pk=stored.pk))
    unchanged_pair = (affiliation.practitioner_id, affiliation.department_id) == (
        stored.practitioner_id,
        stored.department_id,
    )
    if not deleting and unchanged_pair:
        remaining.append(affiliation)
    candidates = upcoming(
        Booking.objects.filter(
            slot__agenda__practitioner_id=stored.practitioner_id,
            slot__agenda__department_id=stored.department_id,
        )
    )
    uncovered = [b for b in candidates.bookings if not _covered(b.slot.local_date, remaining)]
    return BlockingBookings(uncovered).as_messages()


def _covered(day, affiliations: list[Affiliation]) -> bool:
    return any(
        a.start_date <= day and (a.end_date is None or a.end_date >= day) for a in affiliations
    )


def agenda_changing(agenda: Agenda) -> BlockingBookings:
    """An agenda keeps its practitioner and department, and stays open, while
    bookings are upcoming in it."""
    previous = Agenda.objects.filter(pk=agenda.pk).first()
    if previous is None:
        return BlockingBookings([])
    repointed = (previous.practitioner_id, previous.department_id) != (
        agenda.practitioner_id,
        agenda.department_id,
    )
    closing = previous.is_active and not agenda.is_active
    if not (repointed or closing):
        return BlockingBookings([])
    return upcoming(Booking.objects.filter(slot__agenda=agenda))


def reason_moving(reason: VisitReason) -> BlockingBookings:
    """A visit reason stays in its agenda while bookings are upcoming for it."""
    previous = VisitReason.objects.filter(pk=reason.pk).values_list("agenda_id", flat=True).first()
    if previous is None or previous == reason.agenda_id:
        return BlockingBookings([])
    return upcoming(Booking.objects.filter(reason=reason))


def register_all() -> None:
    guards.register(guards.Change.ESTABLISHMENT_LEAVES, establishment_leaving)
    guards.register(guards.Change.DEPARTMENT_MOVES, department_moving)
    guards.register(guards.Change.AFFILIATION_CHANGES, affiliation_changing)
