"""The `Idempotency-Key` header: a retried write returns the first result.

A booking keeps its key in its own row (unique: two concurrent retries make
one booking, scheduling.services.booking). Every write's first answer is
also kept for a day in the shared cache, per client and key, so a retried
cancel, move or outcome returns what the first one did; the same key with
another request is refused.
"""

import functools
import hashlib
import re

from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework.response import Response

from scheduling.models import ApiClient

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
KEPT_SECONDS = 24 * 3600


class BadKey(Exception):
    pass


def given_key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY.match(key):
        raise BadKey
    return key


def booking_key(client: ApiClient, key: str) -> str:
    """The key stored on the booking: scoped to the client, within 64 characters."""
    return f"api:{client.pk}:{hashlib.sha256(key.encode()).hexdigest()[:48]}"


def _cache_key(client: ApiClient, key: str) -> str:
    return f"api-idempotency:{client.pk}:{hashlib.sha256(key.encode()).hexdigest()}"


def _fingerprint(request) -> str:
    return hashlib.sha256(
        request.method.encode() + b" " + request.path.encode() + b"\n" + request.body
    ).hexdigest()


def idempotent(view):
    """Replay the first answer to a request retried with the same key."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            key = given_key(request)
        except BadKey:
            message = _("The Idempotency-Key header takes 1 to 255 printable ASCII characters.")
            return Response({"code": "invalid", "message": message}, status=400)
        if key is None:
            return view(request, *args, **kwargs)
        slot = _cache_key(request.auth, key)
        fingerprint = _fingerprint(request)
        kept = cache.get(slot)
        if kept is not None:
            return _replay(kept, fingerprint)
        response = view(request, *args, **kwargs)
        if 200 <= response.status_code < 300 or response.status_code in (404, 409, 422):
            cache.set(slot, (fingerprint, response.status_code, response.data), KEPT_SECONDS)
        return response

    return wrapper


def _replay(kept, fingerprint: str) -> Response:
    first_fingerprint, status, data = kept
    if first_fingerprint != fingerprint:
        message = _("This request key was already used for another request.")
        return Response({"code": "idempotency_mismatch", "message": message}, status=409)
    return Response(data, status=status, headers={"Idempotent-Replayed": "true"})
