"""Redis down or frozen, the site keeps serving: gunicorn as deployed, with a
redis-server of the test's own that it kills (SIGKILL) and freezes (SIGSTOP)
mid-test. Pages, a booking and the API keep answering, fast; the rate limits
still hold, in each process; the outage is logged once per process, and its
end too; the readiness endpoint says Redis is down while the site works."""

import datetime
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from scheduling.models import Slot
from scheduling.selectors.search import free_slots
from scheduling.services.api_clients import create_client
from tests.actors import Actors
from tests.deploy.servers import (
    Browser,
    RedisServer,
    database_url,
    gunicorn,
    redis_server,
    wait_for,
)
from tests.helpers import booking_form, patient_body

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 2
# Without the fallback a killed Redis answered 500 at once and a frozen one
# held each request 5 s before its 500; with it, a request pays at most one
# Redis timeout (250 ms). The bound leaves room for a busy two-core machine.
FAST_SECONDS = 2.0


@dataclass
class Outage:
    """gunicorn as deployed on a Redis the test may kill or freeze: the API
    client's token, twelve free slots to book, gunicorn's log."""

    port: int
    redis: RedisServer
    actors: Actors
    token: str
    slots: list[Slot]
    log: Path


@pytest.fixture
def outage(tmp_path, actors) -> Outage:
    _client, token = create_client(
        name="PAS", establishments=[actors.hospital], can_read=True, can_book=True
    )
    later = timezone.now() + datetime.timedelta(days=3)
    slots = list(free_slots(reason=actors.first_visit, start=later)[:12])
    with (
        redis_server(tmp_path) as redis,
        gunicorn(
            tmp_path,
            DATABASE_URL=database_url(),
            REDIS_URL=redis.url,
            REDIS_RETRY_SECONDS="1",
            BOOKING_RATE="3/h",
            API_RATE="8/m",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            GUNICORN_WORKERS=str(WORKERS),
        ) as port,
    ):
        yield Outage(
            port=port,
            redis=redis,
            actors=actors,
            token=token,
            slots=slots,
            log=tmp_path / "gunicorn.log",
        )


def _ready(port: int) -> tuple[int, dict]:
    answer = Browser(port).get("/health/ready")
    return answer.status, json.loads(answer.body)


def _journey(site: Outage, round_: int) -> dict[str, tuple[int, float]]:
    """What patients and another system do: find, book (the public site's hold
    and an API booking), read availability. Each answer's status and time."""
    actors, port = site.actors, site.port
    slot_for_web, slot_for_api = site.slots[2 * round_], site.slots[2 * round_ + 1]
    patient = Browser(port, address=f"203.0.113.{100 + round_}")
    api = {"Authorization": f"Bearer {site.token}", "Content-Type": "application/json"}
    answers = {
        "home": patient.get("/"),
        "search": patient.get("/?q=neuro"),
        "specialty": patient.get("/specialties/neurochirurgie/"),
        "practitioner": patient.get(f"/practitioners/{actors.neurosurgeon.rpps}/"),
        "booking hold": patient.post(
            f"/book/{slot_for_web.pk}/",
            booking_form(
                actors,
                form_token=f"outage-{round_}",
                birth_date=f"1980-05-{10 + round_}",
                email=f"patient{round_}@example.org",
            ),
        ),
        "api availability": patient.get(
            f"/api/v1/availability/?reason={actors.first_visit.pk}", headers=api
        ),
        "api booking": patient.request(
            "POST",
            "/api/v1/bookings/",
            headers={**api, "Idempotency-Key": f"outage-{round_}"},
            body=json.dumps(
                {
                    "slot": slot_for_api.pk,
                    "reason": actors.first_visit.pk,
                    "patient": patient_body(birth_date=f"1990-04-{10 + round_}"),
                }
            ),
        ),
    }
    return {what: (answer.status, answer.seconds) for what, answer in answers.items()}


EXPECTED = {
    "home": 200,
    "search": 200,
    "specialty": 200,
    "practitioner": 200,
    "booking hold": 302,
    "api availability": 200,
    "api booking": 201,
}


def _assert_served_fast(answers: dict[str, tuple[int, float]]) -> None:
    assert {what: status for what, (status, _s) in answers.items()} == EXPECTED, answers
    slow = {what: seconds for what, (_status, seconds) in answers.items() if seconds > FAST_SECONDS}
    assert slow == {}, answers


def _log_lines(site: Outage, text: str) -> list[dict]:
    """The JSON log lines of gunicorn and the application whose message says `text`."""
    lines = [json.loads(raw) for raw in site.log.read_text().splitlines() if raw.startswith("{")]
    return [line for line in lines if text in line.get("message", "")]


def test_pages_bookings_and_the_api_keep_answering_while_redis_is_killed_then_frozen(outage):
    site = outage
    _assert_served_fast(_journey(site, 0))
    status, ready = _ready(site.port)
    assert (status, ready["status"], ready["checks"]["redis"]) == (200, "ok", "ok")

    site.redis.kill()
    _assert_served_fast(_journey(site, 1))
    _assert_served_fast(_journey(site, 2))
    status, ready = _ready(site.port)
    assert (status, ready["status"], ready["checks"]["redis"]) == (
        200,
        "degraded",
        "down: per-process limits",
    )
    warnings = _log_lines(site, "Redis unreachable")
    assert 1 <= len(warnings) <= WORKERS, "logged once per process, not per request"
    assert {w["level"] for w in warnings} == {"WARNING"}

    site.redis.start()  # back, on the same port: the processes find it again
    wait_for(lambda: _ready(site.port)[1]["checks"]["redis"] == "ok", "Redis back", 15)
    assert _log_lines(site, "Redis answers again")

    site.redis.freeze()
    try:
        _assert_served_fast(_journey(site, 3))
        _assert_served_fast(_journey(site, 4))
        status, ready = _ready(site.port)
        assert (status, ready["checks"]["redis"]) == (200, "down: per-process limits")
        frozen = [w for w in _log_lines(site, "Redis unreachable") if "Timeout" in w["message"]]
        assert 1 <= len(frozen) <= WORKERS
    finally:
        site.redis.thaw()


def test_rate_limits_still_hold_in_each_process_while_redis_is_down(outage):
    site = outage
    site.redis.kill()
    slot = site.slots[0]
    api = {"Authorization": f"Bearer {site.token}"}

    def attempt(_):
        return Browser(site.port, address="203.0.113.77").post(f"/book/{slot.pk}/", {}).status

    def read(_):
        return Browser(site.port).get("/api/v1/specialties/", headers=api).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        bookings = list(pool.map(attempt, range(16)))
    # One at a time: DRF's throttle reads its history, then writes it, so
    # simultaneous requests race past it (with Redis as without).
    reads = [read(n) for n in range(24)]
    # Each process counts on its own: BOOKING_RATE=3/h and API_RATE=8/m allow
    # at most that many per process, never the unlimited site a dead counter
    # would make.
    assert set(bookings) == {200, 429} and 3 <= bookings.count(200) <= 3 * WORKERS, bookings
    assert set(reads) == {200, 429} and 8 <= reads.count(200) <= 8 * WORKERS, reads


def test_after_a_redis_failure_no_request_waits_for_it_until_the_pause_ends(tmp_path, caplog):
    """The circuit breaker, in one process: a frozen Redis costs one operation
    the timeout, then none for REDIS_RETRY_SECONDS; one operation tries again
    after it; the outage and its end are each logged once."""
    import time

    from config.cache import FallbackRedisCache

    def timed(operation) -> float:
        began = time.monotonic()
        operation()
        return time.monotonic() - began

    with redis_server(tmp_path) as redis:
        cache = FallbackRedisCache(
            redis.url,
            {
                "KEY_PREFIX": "breaker-test",
                "OPTIONS": {
                    "socket_timeout": 0.25,
                    "socket_connect_timeout": 0.25,
                    "RETRY_SECONDS": 1,
                },
            },
        )
        cache.set("counter", 1)
        redis.freeze()
        try:
            first = timed(lambda: cache.add("counter", 1))
            following = [timed(lambda: cache.incr("counter")) for _ in range(50)]
            time.sleep(1.1)
            retry = timed(lambda: cache.get("counter"))
            assert cache.get("counter") == 51, "meanwhile, this process counts on its own"
        finally:
            redis.thaw()
        time.sleep(1.1)
        assert cache.get("counter") == 1, "Redis again, with its own count"
    assert 0.2 < first < 1 and max(following) < 0.01 and 0.2 < retry < 1
    messages = [r.getMessage() for r in caplog.records if r.name == "config.cache"]
    assert len(messages) == 2, messages
    assert messages[0].startswith("Redis unreachable (TimeoutError")
    assert messages[1].startswith("Redis answers again")
