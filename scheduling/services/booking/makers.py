"""Who made a hold, as `Booking.held_by` records it; scheduling/rules/holds.py
says what the database does with it (only the maker confirms)."""

import hashlib

from scheduling.models import Booking

WAITLIST = "waitlist"


def web(session_key: str | None) -> str:
    """A visitor of the public site, named by a digest of their session key
    (the key itself would let a reader hijack the session)."""
    if not session_key:
        return "web:anonymous"
    return "web:" + hashlib.sha256(session_key.encode()).hexdigest()[:16]


def api_client(client) -> str:
    return f"api:{client.public_id}"


def staff(user) -> str:
    return f"staff:{user.pk}"


def confirmed_with_code(booking: Booking) -> bool:
    """The public site's holds are the patient's: the code mailed to them proves
    it, from whichever browser they type it in."""
    return booking.held_by.startswith("web:")


def made_by(booking: Booking, maker: str) -> bool:
    return bool(booking.held_by) and booking.held_by == maker
