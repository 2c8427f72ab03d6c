"""Scheduling's answers to the registry's questions (hospital/guards.py).

The same kind of check for scheduling's own rows is on their models
(`Agenda.bookings_in_the_way`, `VisitReason.bookings_in_the_way`).

Each returns readable messages naming the bookings in the way; the database
refuses the same changes at COMMIT (scheduling/rules/), whatever the path.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hospital import guards
from hospital.models import Affiliation, Department, Membership
from scheduling.invariant import BlockingBookings, upcoming
from scheduling.models import Agenda, Booking


def membership_changing(membership: Membership, *, deleting: bool) -> list[str]:
    """Upcoming bookings that the stored version of `membership` covers and that
    no period would cover once it is changed as given (or deleted)."""
    if not membership.pk:
        return []
    stored = Membership.objects.get(pk=membership.pk)
    remaining = list(
        Membership.objects.filter(establishment_id=stored.establishment_id).exclude(pk=stored.pk)
    )
    if not deleting:
        remaining.append(membership)
    candidates = upcoming(
        Booking.objects.filter(slot__agenda__department__establishment_id=stored.establishment_id)
    )
    uncovered = [
        b
        for b in candidates.bookings
        if not _covered(b.slot.local_date, [(m.starts_on, m.ends_on) for m in remaining])
    ]
    return BlockingBookings(uncovered).as_messages()


def membership_starting(membership: Membership) -> list[str]:
    """A new period (or an earlier start) never covers a booking of the past —
    today's appointments that have started included: that booking resolved
    outside at its time, and stays so."""
    now = timezone.now()
    if membership.starts_on > timezone.localdate(now):
        return []
    if membership.starts_on < timezone.localdate(now) and not _first_before_any_booking(membership):
        return [
            _(
                "Refused: a membership period starts today or later; only an establishment's "
                "first period, before any booking, starts earlier."
            )
        ]
    last = membership.ends_on or datetime.date.max
    past = (
        Booking.objects.not_cancelled()
        .filter(
            slot__agenda__department__establishment_id=membership.establishment_id,
            slot__start__lte=now,
        )
        .select_related("slot")
    )
    count = sum(1 for b in past if membership.starts_on <= b.slot.local_date <= last)
    if not count:
        return []
    return [
        _(
            "Refused: %(count)d booking(s) of the past resolved outside the institution on "
            "these dates; history is not rewritten."
        )
        % {"count": count}
    ]


def _first_before_any_booking(membership: Membership) -> bool:
    """The establishment's first period, and no booking there yet: how the
    seed, an import and the tests make a member (the database asks the same)."""
    establishment = membership.establishment_id
    return not (
        Membership.objects.filter(establishment_id=establishment).exclude(pk=membership.pk).exists()
        or Booking.objects.filter(slot__agenda__department__establishment_id=establishment).exists()
    )


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
    periods = [(a.start_date, a.end_date) for a in remaining]
    uncovered = [b for b in candidates.bookings if not _covered(b.slot.local_date, periods)]
    messages = BlockingBookings(uncovered).as_messages()
    if _past_uncovered(stored, periods):
        messages.append(
            _("Refused: bookings of the past rely on this affiliation; history is not rewritten.")
        )
    return messages


def _past_uncovered(stored: Affiliation, periods) -> bool:
    """Whether a booking of the past (not cancelled) that `stored` covers would
    be covered by no period of `periods`."""
    started = Booking.objects.not_cancelled().filter(
        slot__agenda__practitioner_id=stored.practitioner_id,
        slot__agenda__department_id=stored.department_id,
        slot__start__lt=timezone.now(),
        slot__start__gte=datetime.datetime.combine(
            stored.start_date, datetime.time(), tzinfo=timezone.get_current_timezone()
        ),
    )
    return any(not _covered(b.slot.local_date, periods) for b in started.select_related("slot"))


def _covered(day, periods) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in periods)


def register_all() -> None:
    guards.register(guards.Change.MEMBERSHIP_STARTS, membership_starting)
    guards.register(guards.Change.MEMBERSHIP_CHANGES, membership_changing)
    guards.register(guards.Change.DEPARTMENT_MOVES, department_moving)
    guards.register(guards.Change.AFFILIATION_CHANGES, affiliation_changing)
