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

A replica that is down, or whose replay lags beyond REPLICA_MAX_LAG_SECONDS,
is not read: the pages read the primary until it is back. Each process checks
the replica's state at most every REPLICA_CHECK_SECONDS, on a connection of
its own (the first check of a process is made by the request that needs it,
later ones in the background, so no request waits for a replica that does
not answer), and logs when the state changes. A page whose replica read fails
between two checks is read again from the primary, and the replica is taken
as down until the next check.
"""

import contextlib
import contextvars
import functools
import logging
import math
import threading
import time
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

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


# The replica's replay lag in seconds: none when it has replayed all it
# received and is still receiving; else the age of the last transaction it
# replayed (an upper bound: it overstates the lag after the primary was idle,
# which errs towards reading the primary). NULL when it is not a standby.
_LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN NULL
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
       AND EXISTS (SELECT FROM pg_stat_wal_receiver) THEN 0::float8
  ELSE COALESCE(
    EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8,
    'Infinity'::float8)
END
"""


@dataclass(frozen=True)
class ReplicaState:
    usable: bool
    detail: str


def _probe() -> ReplicaState:
    """The replica's state now, on a connection of its own (bounded by the
    connect and statement timeouts of every connection)."""
    params = connections[REPLICA].get_connection_params()
    for django_only in ("cursor_factory", "context", "isolation_level"):
        params.pop(django_only, None)
    try:
        with psycopg.connect(**params, autocommit=True) as probe:
            lag = probe.execute(_LAG_SQL).fetchone()[0]
    except psycopg.Error as error:
        return ReplicaState(False, f"down ({type(error).__name__}): reads from the primary")
    if lag is None:
        return ReplicaState(False, "not a standby: reads from the primary")
    if math.isinf(lag):
        return ReplicaState(False, "not streaming from the primary: reads from the primary")
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return ReplicaState(
            False,
            f"lagging {lag:.0f} s (over {settings.REPLICA_MAX_LAG_SECONDS} s): "
            "reads from the primary",
        )
    return ReplicaState(True, f"ok (lag {lag:.1f} s)")


class _Watch:
    """This process's view of the replica: checked at most every
    REPLICA_CHECK_SECONDS, logged when it changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._record_lock = threading.Lock()
        self._checking = False
        self.state: ReplicaState | None = None
        self.checked_at = 0.0

    def current(self) -> ReplicaState:
        if self.state is None:
            with self._lock:  # the process's first check: the request waits for it
                if self.state is None:
                    self.record(_probe())
            return self.state
        if time.monotonic() - self.checked_at >= settings.REPLICA_CHECK_SECONDS:
            self._check_in_background()
        return self.state

    def _check_in_background(self) -> None:
        with self._lock:
            if self._checking:
                return
            self._checking = True

        def check():
            try:
                self.record(_probe())
            finally:
                self._checking = False

        threading.Thread(target=check, name="replica-check", daemon=True).start()

    def record(self, state: ReplicaState) -> None:
        with self._record_lock:
            before, self.state, self.checked_at = self.state, state, time.monotonic()
        if before is not None and before.usable == state.usable:
            return
        # A change is a warning; the first state of a process is information.
        level = logging.INFO if before is None else logging.WARNING
        if state.usable:
            log.log(level, "Replica usable, %s: the finding pages read it", state.detail)
        else:
            log.log(level, "Replica not usable, %s", state.detail)


_watch = _Watch()


def replica_state() -> ReplicaState | None:
    """The replica's state as this process last saw it; None without a replica."""
    return _watch.current() if replica_configured() else None


def _replica_failed_during_request() -> bool:
    """Django marks a connection on which a database error occurred."""
    return connections[REPLICA].errors_occurred


def _lose_replica(error: Exception) -> None:
    _watch.record(ReplicaState(False, f"down ({type(error).__name__}): reads from the primary"))
    with contextlib.suppress(OperationalError, InterfaceError):
        connections[REPLICA].close()


def reads_from_replica(view):
    """The view's reads go to the replica, when there is one, it is usable,
    and the visitor has not just written something."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        pinned = request.COOKIES.get(PIN_COOKIE)
        if not replica_configured() or request.method not in ("GET", "HEAD") or pinned:
            return view(request, *args, **kwargs)
        if not replica_state().usable:
            return view(request, *args, **kwargs)
        token = _reading_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            if not _replica_failed_during_request():
                raise  # the primary failed: a 503 (config/errors.py)
            _lose_replica(error)
        finally:
            _reading_replica.reset(token)
        return view(request, *args, **kwargs)  # a read-only page: read it again, from the primary

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
