"""The shared cache: Redis, and this process's memory while Redis does not answer.

Rate limits (django-ratelimit, the API's per-client throttle) and the API's
idempotency answers count in Django's cache, which is Redis in production
(REDIS_URL), so that every worker and server shares one count. Redis holds
nothing else and nothing that cannot be lost, so when it is down, frozen or
refusing writes the site keeps serving: each operation that fails goes to a
local-memory cache of this process instead (limits then hold per process,
not across them), and Redis is not tried again for REDIS_RETRY_SECONDS (a
circuit breaker), so a frozen Redis costs one request per process a timeout
(REDIS_TIMEOUT_MILLISECONDS) every few seconds, not every request seconds.
The outage is logged once per process when it starts and once when Redis
answers again.

This is Django's own RedisCache with each public operation routed, nothing
re-implemented: the same keys, the same serialisation, the same atomic INCR.
Django makes one cache object per thread; the breaker and the fallback
memory are per process (one per LOCATION), so the threads of a worker agree.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# The fallback memory keeps this many keys per process (Django's default, 300,
# would cull the counters of a busy site every few seconds).
FALLBACK_MAX_ENTRIES = 50_000


class Breaker:
    """Whether Redis may be tried now: after a failure, not for `pause` seconds,
    then by one caller at a time until one succeeds."""

    def __init__(self, location: str, pause: float):
        self.location, self.pause = location, pause
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def allows(self) -> bool:
        if self._down_since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return False
            self._retry_at = now + self.pause  # this caller tries; the others wait their turn
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + self.pause
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        log.warning(
            "Redis unreachable (%s: %s): rate limits and API idempotency answers now count "
            "in this process only; trying Redis again every %s s",
            type(error).__name__,
            error,
            self.pause,
        )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is None:
                return
            outage = time.monotonic() - self._down_since
            self._down_since = None
        log.warning(
            "Redis answers again after %.0f s: rate limits are shared across processes again",
            outage,
        )


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str, pause: float) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker(location, pause))


def _routed(name: str):
    """`name` on Redis while the breaker allows and Redis answers, else on the
    process's fallback memory."""
    on_redis = getattr(RedisCache, name)

    def operation(self, *args, **kwargs):
        if self.breaker.allows():
            try:
                result = on_redis(self, *args, **kwargs)
            except RedisError as error:
                self.breaker.failed(error)
            else:
                self.breaker.succeeded()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    operation.__name__ = operation.__qualname__ = name
    return operation


class FallbackRedisCache(RedisCache):
    """Django's RedisCache that falls back to local memory (see the module).

    OPTIONS are Django's RedisCache options (passed to redis-py's connection
    pool: socket_connect_timeout, socket_timeout…), plus RETRY_SECONDS, the
    breaker's pause."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        pause = options.pop("RETRY_SECONDS", 5)
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = _breaker_for(location, pause)
        self.fallback = LocMemCache(
            f"redis-fallback:{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )

    def ping(self) -> bool:
        """Whether Redis answers now (through the breaker: an open breaker is a no)."""
        if not self.breaker.allows():
            return False
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self.breaker.failed(error)
            return False
        self.breaker.succeeded()
        return True

    add = _routed("add")
    get = _routed("get")
    set = _routed("set")
    touch = _routed("touch")
    delete = _routed("delete")
    get_many = _routed("get_many")
    has_key = _routed("has_key")
    incr = _routed("incr")
    set_many = _routed("set_many")
    delete_many = _routed("delete_many")
    clear = _routed("clear")
