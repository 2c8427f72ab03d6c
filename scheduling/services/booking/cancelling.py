"""Cancelling a booking inside the caller's transaction, and what a freed slot sets off.

The booking service's changes, the agendas service (an agenda closed, an
absence over a slot) and the waiting list (an offer declined) all cancel
through `mark_cancelled`: the status, who, when and why, and the revision
that tells calendar apps the event changed.
"""

from outbox import queue
from scheduling.models import Booking, Slot
from scheduling.selectors.waitlist import waiting_for


def mark_cancelled(booking: Booking, reason: str, by, now, *, freed: bool = True) -> None:
    """Cancel one booking, locked inside the caller's transaction. `freed`: its
    slot is free again, so the waiting list is asked (not when the caller
    books the slot at once)."""
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason[:250]
    booking.to_rebook = False
    booking.sequence += 1
    booking.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "to_rebook",
            "sequence",
        ]
    )
    if freed:
        slot_freed(booking.slot_id)


def slot_freed(slot_id: int) -> None:
    """A slot is free again: once this commits, its waiting list is offered it."""
    slot = Slot.objects.select_related("agenda__department").get(pk=slot_id)
    if waiting_for(slot).exists():
        queue.enqueue("offer_freed_slot", slot_id)
