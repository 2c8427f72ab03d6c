"""Signed webhooks for systems that want JSON: the Standard Webhooks scheme
(standardwebhooks.com), signed with its own library.

Each POST carries `webhook-id` (the dispatch's id: the same on every attempt,
so a receiver deduplicates on it), `webhook-timestamp` and
`webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the
endpoint's `whsec_` secret). The body:

    {"type": "appointment.booked", "timestamp": "...", "data": {...}}

Types: appointment.booked, .moved, .modified, .cancelled, .noshow.
"""

import json
import urllib.error
import urllib.request

from django.utils import timezone
from standardwebhooks import Webhook

from interfaces.facts import AppointmentFacts

TYPES = {
    "created": "appointment.booked",
    "moved": "appointment.moved",
    "modified": "appointment.modified",
    "cancelled": "appointment.cancelled",
    "noshow": "appointment.noshow",
}


def body(facts: AppointmentFacts) -> bytes:
    data = {
        "id": str(facts.booking_id),
        "revision": facts.revision,
        "status": facts.status,
        "start": facts.starts_at.isoformat(),
        "end": facts.ends_at.isoformat(),
        "channel": facts.channel,
        "reason": {"id": facts.reason_id, "label": facts.reason_label},
        "patient": {
            "id": str(facts.patient_id),
            "family": facts.family_name,
            "given": facts.given_name,
            "birthDate": facts.birth_date.isoformat(),
            "ins": facts.ins or None,
        },
        "practitioner": {
            "rpps": facts.rpps,
            "family": facts.practitioner_family,
            "given": facts.practitioner_given,
        },
        "department": {"id": facts.department_id, "name": facts.department_name},
        "establishment": {"finess": facts.finess, "name": facts.establishment_name},
    }
    payload = {
        "type": TYPES[facts.kind],
        "timestamp": facts.occurred_at.isoformat(),
        "data": data,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()


def post(url: str, secret: str, message_id: str, payload: bytes, *, timeout: float) -> int:
    """POST the signed payload; returns the HTTP status (raises OSError when
    no answer came)."""
    now = timezone.now()
    signature = Webhook(secret).sign(msg_id=message_id, timestamp=now, data=payload)
    request = urllib.request.Request(
        url,
        data=payload,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (checked https)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
