"""One vocabulary for every refusal of a change: a code for programs, a
message for people.

Every service raises a subclass of `Refused` carrying a `RefusalCode`, so a
view, the admin, the API or a command handles them all the same way: show
`message`, or map `code` (Saleor's error codes, pretix's OrderError).
"""

from enum import StrEnum


class RefusalCode(StrEnum):
    # Booking: the slot and the reason
    UNKNOWN_SLOT = "unknown_slot"
    PAST_SLOT = "past_slot"
    TOO_SOON = "too_soon"
    SLOT_CLOSED = "slot_closed"
    SLOT_RESERVED = "slot_reserved"
    AGENDA_CLOSED = "agenda_closed"
    SLOT_TAKEN = "slot_taken"
    WRONG_REASON = "wrong_reason"
    NOT_ONLINE = "not_online"
    NOT_FOR_NEW_PATIENTS = "not_for_new_patients"
    NOT_FOR_RETURNING_PATIENTS = "not_for_returning_patients"
    OUTSIDE_INSTITUTION = "outside_institution"
    # Booking: the person
    OVERLAP = "overlap"
    CAP_REACHED = "cap_reached"
    # The person's other appointments refuse it, told to someone who may not
    # know them: one code and one message whatever the cause (checks.check_person).
    PERSON_CONFLICT = "person_conflict"
    IDEMPOTENCY_MISMATCH = "idempotency_mismatch"
    TOO_MANY_HOLDS = "too_many_holds"
    # Confirming a hold
    ALREADY_CONFIRMED = "already_confirmed"
    NOT_PENDING = "not_pending"
    HOLD_EXPIRED = "hold_expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    WRONG_CODE = "wrong_code"
    TOO_MANY_RESENDS = "too_many_resends"
    NOT_YOURS = "not_yours"
    # Cancel, move, outcome
    NOT_ACTIVE = "not_active"
    CUTOFF = "cutoff"
    REASON_REQUIRED = "reason_required"
    STAFF_ONLY = "staff_only"
    NOT_YET = "not_yet"
    NOT_TODAY = "not_today"
    ALREADY_ARRIVED = "already_arrived"
    # The caller named the version it changes (FHIR If-Match): another change came first
    VERSION_CHANGED = "version_changed"
    # Agenda changes
    BOOKINGS_IN_THE_WAY = "bookings_in_the_way"
    INVALID = "invalid"
    # Waiting list
    OFFER_LAPSED = "offer_lapsed"
    # Persons' rights: erasure
    ALREADY_ERASED = "already_erased"
    UPCOMING_APPOINTMENTS = "upcoming_appointments"
    STILL_WAITING = "still_waiting"


# Refusals about the chosen visit reason: a form shows them on its reason field.
REASON_REFUSALS = frozenset(
    {
        RefusalCode.WRONG_REASON,
        RefusalCode.NOT_ONLINE,
        RefusalCode.NOT_FOR_NEW_PATIENTS,
        RefusalCode.NOT_FOR_RETURNING_PATIENTS,
    }
)


class Refused(Exception):
    """A change the rules refuse, applied to nothing: `code` for programs, `message` for people."""

    def __init__(self, code: RefusalCode, message: str):
        super().__init__(message)
        self.code = RefusalCode(code)
        self.message = message


class BookingRefused(Refused):
    """Refused by scheduling.services.booking."""


class PersonRefused(BookingRefused):
    """Refused because of the person's other appointments (their times, their
    number). `blocking` lists those appointments, for the person's own notice
    (notifications.blocked): never shown to the caller. `code` and `message`
    are precise only when the caller may know every one of them."""

    def __init__(self, code: RefusalCode, message: str, *, cause: RefusalCode, blocking: list):
        super().__init__(code, message)
        self.cause = RefusalCode(cause)
        self.blocking = blocking


class AgendaChangeRefused(Refused):
    """Refused by scheduling.services.agendas."""


class WaitlistRefused(Refused):
    """Refused by scheduling.services.waitlist."""


class RightsRefused(Refused):
    """Refused by scheduling.services.rights."""
