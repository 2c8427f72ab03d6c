"""The institution rule, in Python, for readable messages.

The database enforces the same rule with triggers (scheduling/db_rules.py),
so nothing that skips these functions can break it; these exist so that a
form, the admin or the API can say *why* a change is refused, and name the
bookings that stand in the way.
"""

from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hospital.models import Affiliation, Establishment
from scheduling.models import Agenda, Booking, Slot, VisitReason

# Every trigger of the rule raises a message starting with this marker, so the
# application can tell its refusals from other integrity errors.
RULE_MARKER = "institution rule:"
MAX_LISTED = 10


@dataclass(frozen=True)
class BlockingBookings:
    bookings: list[Booking]

    def __bool__(self) -> bool:
        return bool(self.bookings)

    def as_message(self) -> str:
        listed = ", ".join(
            f"{b.public_id.hex[:8]} ({timezone.localtime(b.slot.start):%d/%m/%Y %H:%M})"
            for b in self.bookings[:MAX_LISTED]
        )
        more = len(self.bookings) - MAX_LISTED
        suffix = _(" and %(count)d more") % {"count": more} if more > 0 else ""
        return ngettext(
            "Refused: %(count)d upcoming booking depends on it: %(list)s%(more)s. "
            "Move or cancel it first.",
            "Refused: %(count)d upcoming bookings depend on it: %(list)s%(more)s. "
            "Move or cancel them first.",
            len(self.bookings),
        ) % {"count": len(self.bookings), "list": listed, "more": suffix}


def _upcoming(bookings) -> BlockingBookings:
    rows = bookings.upcoming().select_related("slot").order_by("slot__start")
    return BlockingBookings(list(rows))


def institution_rule_violation(slot: Slot, reason: VisitReason) -> str | None:
    """Why booking `reason` in `slot` would resolve outside the institution, or None."""
    agenda = slot.agenda  # the booking service loads it with the slot, in one query
    establishment = agenda.department.establishment
    if not establishment.is_member:
        return _(
            "%(establishment)s is not a member of the institution: it cannot be booked here."
        ) % {"establishment": establishment.name}
    covering = Affiliation.objects.covering(slot.local_date).filter(
        practitioner_id=agenda.practitioner_id, department_id=agenda.department_id
    )
    if not covering.exists():
        return _("%(practitioner)s is not affiliated to %(department)s on %(date)s.") % {
            "practitioner": agenda.practitioner,
            "department": agenda.department.name,
            "date": slot.local_date.strftime("%d/%m/%Y"),
        }
    if reason.agenda_id != slot.agenda_id:
        return _("This visit reason belongs to another agenda than the slot.")
    return None


def bookings_blocking_membership_loss(establishment: Establishment) -> BlockingBookings:
    return _upcoming(Booking.objects.filter(slot__agenda__department__establishment=establishment))


def bookings_blocking_agenda_repoint(agenda: Agenda) -> BlockingBookings:
    previous = Agenda.objects.get(pk=agenda.pk)
    if (previous.practitioner_id, previous.department_id) == (
        agenda.practitioner_id,
        agenda.department_id,
    ):
        return BlockingBookings([])
    return _upcoming(Booking.objects.filter(slot__agenda=agenda))


def bookings_uncovered_by_affiliation_change(
    affiliation: Affiliation, *, deleting: bool = False
) -> BlockingBookings:
    """Upcoming bookings that the stored version of `affiliation` covers and that
    no affiliation would cover once it is changed as given (or deleted)."""
    if not affiliation.pk:
        return BlockingBookings([])
    stored = Affiliation.objects.get(pk=affiliation.pk)
    pair = {"practitioner_id": stored.practitioner_id, "department_id": stored.department_id}
    remaining = list(Affiliation.objects.filter(**pair).exclude(pk=stored.pk))
    if not deleting and (affiliation.practitioner_id, affiliation.department_id) == (
        stored.practitioner_id,
        stored.department_id,
    ):
        remaining.append(affiliation)
    candidates = _upcoming(
        Booking.objects.filter(
            slot__agenda__practitioner_id=stored.practitioner_id,
            slot__agenda__department_id=stored.department_id,
        )
    )
    uncovered = [b for b in candidates.bookings if not _covered(b.slot.local_date, remaining)]
    return BlockingBookings(uncovered)


def _covered(day, affiliations: list[Affiliation]) -> bool:
    return any(
        a.start_date <= day and (a.end_date is None or a.end_date >= day) for a in affiliations
    )


def is_institution_refusal(error: IntegrityError) -> bool:
    return RULE_MARKER in str(error)


def refusal_message(error: IntegrityError) -> str:
    """The human part of a trigger's refusal, for a form or an API response."""
    text = str(error)
    return text.split(RULE_MARKER, 1)[1].strip().splitlines()[0] if RULE_MARKER in text else text
