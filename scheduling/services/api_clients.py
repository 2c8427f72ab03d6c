"""API clients: create one (its token shown once), find one by its token.

The token is 32 random bytes: a plain SHA-256 of it is enough to store (no
salt or slow hash is needed for a secret that cannot be guessed), and lets a
request find its client with one indexed lookup. Each client acts through a
service account of its own, which has no usable password, so its calls are
attributed to it in the audit trail like a staff member's.
"""

import functools
import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hospital.models import Department, Establishment
from scheduling.models import ApiClient
from scheduling.services.refusals import RefusalCode, Refused

TOKEN_PREFIX = "hsa_"


class ApiClientRefused(Refused):
    """Refused by scheduling.services.api_clients."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create_client(
    *,
    name: str,
    establishments: Iterable[Establishment] = (),
    departments: Iterable[Department] = (),
    can_read: bool = True,
    can_book: bool = False,
    kind: str = ApiClient.Kind.SYSTEM,
    by=None,
) -> tuple[ApiClient, str]:
    """Create a client and return it with its token, which is never shown again."""
    name = " ".join(name.split())
    if not name:
        raise ApiClientRefused(RefusalCode.INVALID, _("An API client needs a name."))
    # Not durable: the admin's add form runs it inside its own transaction.
    with transaction.atomic():
        if ApiClient.objects.filter(name=name).exists():
            raise ApiClientRefused(
                RefusalCode.INVALID, _("An API client with this name already exists.")
            )
        client = ApiClient(name=name, can_read=can_read, can_book=can_book, kind=kind)
        token = issue_identity(client)
        client.save()
        client.establishments.set(establishments)
        client.departments.set(departments)
    return client, token


def issue_identity(client: ApiClient) -> str:
    """Give a new, unsaved client its service account and token; return the token."""
    username = f"api:{client.name}"[:150]
    client.user = get_user_model().objects.create_user(username=username, password=None)
    token = _new_token()
    client.token_digest = digest(token)
    client.token_prefix = token[:12]
    return token


def rotate_token(client: ApiClient) -> str:
    """Issue a new token; the previous one stops working at once."""
    token = _new_token()
    with transaction.atomic():
        client.token_digest = digest(token)
        client.token_prefix = token[:12]
        client.save(update_fields=["token_digest", "token_prefix"])
    return token


def client_for_token(token: str) -> ApiClient | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    return _active_clients().filter(token_digest=digest(token)).first()


@functools.cache
def _active_clients() -> QuerySet[ApiClient]:
    # Built once per process: every API request looks its client up.
    return ApiClient.objects.active().select_related("user").filter(user__is_active=True)
