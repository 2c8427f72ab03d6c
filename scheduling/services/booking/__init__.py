"""Book, hold, confirm, cancel, move, and record the outcome of an appointment.

The one path for every change to a booking: the public site, the admin, the
portal, the API and the commands all call these functions. Each owns its
transaction (durable: never inside a caller's), with its audit events
(written by the database triggers), and refuses with a BookingRefused that
says why, never a 500. Every change tells the patient
(scheduling.services.notifications), by a task that leaves with the change.

- `create`: book at once (staff, the API) or hold while the patient confirms
  a code (the web); a retried request returns the first booking;
- `holds`: confirm a hold, send a new code, release a hold whose time ran
  out or whose code could not be sent; the waiting list's offers;
- `changes`: cancel, move, check in, record the outcome;
- `checks`: every check a booking passes (slot, reason, person, cutoff);
- `cancelling`: cancelling inside a caller's transaction, and a freed slot.

Confirmation codes are derived in scheduling.services.codes.
"""

from scheduling.services.booking.cancelling import mark_cancelled, slot_freed
from scheduling.services.booking.changes import cancel, check_in, move, record_outcome
from scheduling.services.booking.checks import call_us
from scheduling.services.booking.create import book, hold
from scheduling.services.booking.holds import (
    CODE_NOT_SENT,
    attempts_left,
    confirm,
    confirm_for_system,
    hold_for_offer,
    release_expired_holds,
    release_hold,
    release_unreachable,
    resend_code,
    take_offer,
)
from scheduling.services.codes import code_for
from scheduling.services.refusals import BookingRefused, RefusalCode

__all__ = [
    "CODE_NOT_SENT",
    "BookingRefused",
    "RefusalCode",
    "attempts_left",
    "book",
    "call_us",
    "cancel",
    "check_in",
    "code_for",
    "confirm",
    "confirm_for_system",
    "hold",
    "hold_for_offer",
    "mark_cancelled",
    "move",
    "record_outcome",
    "release_expired_holds",
    "release_hold",
    "release_unreachable",
    "resend_code",
    "slot_freed",
    "take_offer",
]
