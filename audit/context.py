"""Who is acting: the application's part of each audit event.

The database triggers record *what* changed; this module tells them *who*
(actor), *through what* (channel) and *in which request* (request id).
PostgreSQL reads them from session settings (audit.actor, ...); SQLite from
the audit_context() function registered on each Django connection. Without
a context, events are still written, attributed to the database role.
"""

import contextlib
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.backends.signals import connection_created

from audit.sql import MASK_PREFIX

_KEYS = ("actor", "channel", "request_id")
_current: ContextVar[dict[str, str] | None] = ContextVar("audit_context", default=None)
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class AuditChannel:
    """Through what a change came, as the trail records it (not a booking's
    channel: scheduling.models.Booking.Channel says who booked it, and how)."""

    WEB = "web"
    ADMIN = "admin"
    PORTAL = "portal"
    API = "api"
    COMMAND = "command"
    CALL_CENTRE = "call_centre"


def actor_for_user(user) -> str:
    return f"user:{user.pk}:{user.get_username()}"


def actor_for_public(session_key: str | None) -> str:
    # The session key itself would let a reader of the trail hijack the session.
    digest = hashlib.sha256((session_key or "").encode()).hexdigest()[:16]
    return f"public:{digest}" if session_key else "public:anonymous"


def current() -> dict[str, str]:
    return _current.get() or {}


def _apply_to_postgres(db_connection, values: dict[str, str]) -> None:
    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('audit.actor', %s, false), set_config('audit.channel', %s, false),"
            " set_config('audit.request_id', %s, false)",
            [values.get(key, "") for key in _KEYS],
        )


@contextlib.contextmanager
def acting(*, actor: str, channel: str, request_id: str = "") -> Iterator[None]:
    """Attribute every audited write (and read record) inside the block."""
    values = {"actor": actor[:200], "channel": channel[:20], "request_id": request_id[:64]}
    token = _current.set(values)
    try:
        if connection.vendor == "postgresql":
            _apply_to_postgres(connection, values)
        yield
    finally:
        _current.reset(token)
        if connection.vendor == "postgresql" and connection.connection is not None:
            _restore_on_postgres(connection)


def _restore_on_postgres(db_connection) -> None:
    """The surrounding block's attribution, back on the session. A session the
    server ended (a restart, a network cut, right after a commit) took its
    settings with it: nothing is left to restore, and the change that was
    made has committed, so its caller must not see an error."""
    try:
        _apply_to_postgres(db_connection, current())
    except DatabaseError:
        if db_connection.is_usable():
            raise
        db_connection.close()  # a fresh session gets the context (install_on_new_connections)


def acting_as(user, *, default_channel: str = AuditChannel.COMMAND):
    """Attribute the block to `user` (a service function's `by=`), keeping the
    channel and request id of the surrounding request; no change without a user.
    Outside a request, a service is run by a command (or a shell)."""
    if user is None:
        return contextlib.nullcontext()
    context = current()
    return acting(
        actor=actor_for_user(user),
        channel=context.get("channel", default_channel),
        request_id=context.get("request_id", ""),
    )


def _sqlite_context(key: str) -> str | None:
    return current().get(key)


def identity_mask(value: str | None, nonce: str | None = None) -> str | None:
    """The keyed hash the trail keeps of a patient's identity field, with a
    fresh nonce unless one is given to check a guess (SQLite; PostgreSQL
    computes the same form with its own key: audit/sql.py)."""
    if value is None:
        return None
    nonce = nonce or secrets.token_hex(8)
    key = settings.AUDIT_IDENTITY_KEY.encode()
    digest = hmac.new(key, f"{nonce}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{MASK_PREFIX}{nonce}:{digest[:32]}"


def install_on_new_connections(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("audit_context", 1, _sqlite_context)
        connection.connection.create_function("audit_mask", 1, identity_mask, deterministic=True)
    elif connection.vendor == "postgresql" and current():
        _apply_to_postgres(connection, current())


connection_created.connect(install_on_new_connections, dispatch_uid="audit_context")
