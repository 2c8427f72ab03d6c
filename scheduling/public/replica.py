"""Reads of the public pages from a PostgreSQL streaming replica.

With DATABASE_REPLICA_URL set, the pages that only find and show (search,
specialty, establishment, practitioner) read the registry and the agendas
from the replica (alias "replica"). Everything else reads the primary: every
write, the booking form and its confirmation, the patient's own pages, the
admin, the portal, the API. A visitor who has just written something (any
POST) reads the primary for REPLICA_PIN_SECONDS, so their own booking,
cancellation or move shows at once whatever the replica's lag.

A replica lags the primary by the time it takes to replay its WAL: usually
milliseconds, seconds under load or after a network hiccup. During that lag
a page may still offer a slot someone has just booked; the booking form
reads the primary, and the booking service refuses a taken slot ("This slot
has just been taken"), so lag costs a patient a click, never a double booking.
"""

import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
PIN_COOKIE = "primary_reads"
_REPLICATED_APPS = {"hospital", "scheduling"}
_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reading_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PublicReadsRouter:
    """Sends the registry and scheduling reads of a `reads_from_replica`
    view to the replica; everything else keeps Django's default database."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and model._meta.app_label in _REPLICATED_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there relates
        # to one read from the primary.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        return False if db == REPLICA else None


def reads_from_replica(view):
    """The view's reads go to the replica, when there is one and the visitor
    has not just written something."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        pinned = request.COOKIES.get(PIN_COOKIE)
        if not replica_configured() or request.method not in ("GET", "HEAD") or pinned:
            return view(request, *args, **kwargs)
        token = _reading_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_replica.reset(token)

    return wrapper


class PinPrimaryAfterWriteMiddleware:
    """After a POST, the visitor's reads go to the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and replica_configured() and settings.REPLICA_PIN_SECONDS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
