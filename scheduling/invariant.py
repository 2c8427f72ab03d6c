"""The institution rule, in Python, for readable messages.

The database enforces the same rule at COMMIT whatever the path
(scheduling/rules/postgresql.py, sqlite.py); these functions exist so that a
form, the admin, the portal or the API can say *why* a change is refused,
and name the bookings that stand in the way, before the database does.

The models' own `clean()` calls them, so they sit at the models' layer and
import no scheduling module: they read the instances they are given and
their relations (the registry's models come from hospital, below).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hospital.models import Affiliation, Membership

MAX_LISTED = 10


@dataclass(frozen=True)
class BlockingBookings:
    bookings: list  # of scheduling.models.Booking
    # True when past bookings count too: what they resolved through stays.
    history: bool = False

    def __bool__(self) -> bool:
        return bool(self.bookings)

    def as_message(self) -> str:
        listed = ", ".join(
            f"{b.public_id.hex[:8]} ({timezone.localtime(b.slot.start):%d/%m/%Y %H:%M})"
            for b in self.bookings[:MAX_LISTED]
        )
        more = len(self.bookings) - MAX_LISTED
        suffix = _(" and %(count)d more") % {"count": more} if more > 0 else ""
        if self.history:
            return ngettext(
                "Refused: %(count)d booking resolves through it: %(list)s%(more)s. "
                "What a booking resolved through, past or upcoming, is never re-pointed.",
                "Refused: %(count)d bookings resolve through it: %(list)s%(more)s. "
                "What a booking resolved through, past or upcoming, is never re-pointed.",
                len(self.bookings),
            ) % {"count": len(self.bookings), "list": listed, "more": suffix}
        return ngettext(
            "Refused: %(count)d upcoming booking depends on it: %(list)s%(more)s. "
            "Move or cancel it first.",
            "Refused: %(count)d upcoming bookings depend on it: %(list)s%(more)s. "
            "Move or cancel them first.",
            len(self.bookings),
        ) % {"count": len(self.bookings), "list": listed, "more": suffix}

    def as_messages(self) -> list[str]:
        return [self.as_message()] if self else []


def upcoming(bookings) -> BlockingBookings:
    """The upcoming ones of `bookings` (a queryset of bookings), soonest first."""
    rows = bookings.upcoming().select_related("slot").order_by("slot__start")
    return BlockingBookings(list(rows))


def institution_rule_violation(slot, reason) -> str | None:
    """Why booking `reason` in `slot` would resolve outside the institution, or None."""
    agenda = slot.agenda  # the booking service loads it with the slot, in one query
    establishment = agenda.department.establishment
    # The booking service's slot lock answers both date questions in its own
    # query (services.booking.create.lock_slots_by_id); other callers ask here.
    member = getattr(slot, "member_on_its_day", None)
    if member is None:
        member = (
            Membership.objects.covering(slot.local_date)
            .filter(establishment=establishment)
            .exists()
        )
    if not member:
        return _(
            "%(establishment)s is not a member of the institution on that date: "
            "it cannot be booked there."
        ) % {"establishment": establishment.name}
    if not agenda.is_active:
        return _("This agenda is closed for booking.")
    affiliated = getattr(slot, "affiliated_on_its_day", None)
    if affiliated is None:
        affiliated = (
            Affiliation.objects.covering(slot.local_date)
            .filter(practitioner_id=agenda.practitioner_id, department_id=agenda.department_id)
            .exists()
        )
    if not affiliated:
        return _("%(practitioner)s is not affiliated to %(department)s on %(date)s.") % {
            "practitioner": agenda.practitioner,
            "department": agenda.department.name,
            "date": slot.local_date.strftime("%d/%m/%Y"),
        }
    if reason.agenda_id != slot.agenda_id:
        return _("This visit reason belongs to another agenda than the slot.")
    return None
