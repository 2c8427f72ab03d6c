"""Confirmation codes of holds: derived from the hold and a key, never stored.

The code of round n of a hold is an HMAC of its public id and n; the hold
keeps only the digest of its current code. The task that mails a code
carries the booking's id alone and derives the code when it sends.
"""

import hashlib
import hmac
import uuid

from django.conf import settings

from scheduling.models import Booking


def digest(public_id: uuid.UUID, code: str) -> str:
    """What a hold keeps of its code: a keyed digest, compared in constant time."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{public_id}:{code}".encode(), hashlib.sha256).hexdigest()


def derive(public_id: uuid.UUID, code_round: int) -> str:
    key = settings.SECRET_KEY.encode()
    mac = hmac.new(key, f"code:{public_id}:{code_round}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(mac[:8], 'big') % 10**6:06d}"


def code_for(booking: Booking) -> str:
    """The code of the hold's current round."""
    return derive(booking.public_id, booking.code_round)
