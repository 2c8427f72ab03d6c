"""The deployment as a hospital runs it: gunicorn with several workers behind a
TLS-terminating proxy (simulated: X-Forwarded-Proto and X-Forwarded-For on
each request), Redis for the rate limits, the documented production settings.

Booking and both logins work over "https", a rate limit holds across the
workers, the client address is the one the proxy gave, and the access logs
are JSON lines without query strings. Without redis-server this skips on a
developer's machine and fails in CI (CI=true), where .ci/run installs it.
"""

import json
import os
import re
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from scheduling.models import Booking
from tests import factories as f
from tests.actors import Actors
from tests.deploy.servers import SITE, Browser, database_url, gunicorn, redis_server, wait_for
from tests.helpers import booking_form, first_slot

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 3


@pytest.fixture
def redis_url(tmp_path):
    """CI's Redis (.ci/run starts it: TEST_REDIS_URL), else one of this test's own."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    with redis_server(tmp_path) as server:
        yield server.url


@dataclass
class Site:
    """gunicorn's port, the directory the worker's mail lands in, its log, and
    the actors it serves."""

    port: int
    mail: Path
    log: Path
    actors: Actors


@pytest.fixture
def site(tmp_path, redis_url, actors) -> Site:
    """gunicorn serving the test database, as production.env.example configures
    it, and the task worker (mail leaves through it, as in production)."""
    _ = actors.neuro_agenda  # Dr Neuro's consultations, there before the servers start
    mail = tmp_path / "mail"
    mail.mkdir()
    with gunicorn(
        tmp_path,
        worker=True,
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"test-{secrets.token_hex(4)}",
        BOOKING_RATE="3/h",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
        GUNICORN_WORKERS=str(WORKERS),
    ) as port:
        yield Site(port=port, mail=mail, log=tmp_path / "gunicorn.log", actors=actors)


def _staff(username: str, **fields):
    """A staff account whose password the server can check: the tests' fast
    hasher is not among production's."""
    user = f.user(username, **fields)
    user.password = PBKDF2PasswordHasher().encode("pw", PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


# Django's file backend ends each message with this line: a file without it
# is still being written by the worker.
_END_OF_MESSAGE = "-" * 79 + "\n"


def _latest_mail(mail: Path, count: int) -> str:
    """The text of the newest mail, once the worker has written `count` of them whole."""

    def written() -> bool:
        files = list(mail.iterdir())
        return len(files) >= count and all(p.read_text().endswith(_END_OF_MESSAGE) for p in files)

    wait_for(written, "the task worker's mail", 30)
    return max(mail.iterdir(), key=lambda p: p.stat().st_mtime).read_text()


def _mail_code(mail: Path) -> str:
    return re.search(r"\b(\d{6})\b", _latest_mail(mail, 1)).group(1)


def test_booking_and_both_logins_work_over_https_behind_the_proxy(site):
    actors, browser = site.actors, Browser(site.port)
    slot = first_slot(actors)
    assert browser.get(f"/book/{slot.pk}/").status == 200
    held = browser.post(f"/book/{slot.pk}/", booking_form(actors))
    assert held.status == 302, held.body[:2000]
    assert "Secure" in browser.cookie_flags("sessionid")
    confirmed = browser.post(held.location, {"code": _mail_code(site.mail)})
    assert confirmed.status == 302 and "/appointment/" in confirmed.location
    assert Booking.objects.get(slot=slot).status == Booking.Status.BOOKED
    assert f"https://{SITE}/appointment/" in _latest_mail(site.mail, 2)

    _staff("secretaire")
    f.practitioner(user=_staff("praticien", staff=False))
    for login, landing in [("/admin/login/", "/admin/"), ("/portal/login/", "/portal/")]:
        staff = Browser(site.port, address="198.51.100.20")
        name = "secretaire" if login.startswith("/admin") else "praticien"
        answer = staff.post(login, {"username": name, "password": "pw", "next": landing})
        assert answer.status == 302 and answer.location == landing, (login, answer.body[:500])
        assert "Secure" in staff.cookie_flags("sessionid")
        assert staff.get(landing).status == 200

    plain = Browser(site.port).get("/", https=False)
    assert plain.status == 301 and plain.location == f"https://{SITE}/"
    assert "max-age=31536000" in Browser(site.port).get("/").headers["Strict-Transport-Security"]


def test_limits_hold_across_workers_for_the_address_the_proxy_gave(site):
    """One rate limit, counted in Redis, over requests the workers share; the
    client's address is the proxy's entry, not what the client wrote; the
    access log is JSON, with the request id and without the query string."""
    slot = first_slot(site.actors)

    def attempt(_):
        return Browser(site.port, address="203.0.113.77").post(f"/book/{slot.pk}/", {}).status

    def serving_pids() -> set[str]:
        return {
            line["message"].split("pid=")[1].split()[0]
            for line in _access_lines(site.log)
            if f"POST /book/{slot.pk}/" in line["message"]
        }

    # Waves of simultaneous attempts, as a bot's, until two workers have
    # served some (a threaded worker may take a whole wave on its own).
    answers: list[int] = []
    with ThreadPoolExecutor(max_workers=12) as pool:
        for _wave in range(5):
            answers += pool.map(attempt, range(12))
            if len(serving_pids()) >= 2:
                break
    assert answers.count(429) == len(answers) - 3, answers  # BOOKING_RATE=3/h
    other = Browser(site.port, address="6.6.6.6, 203.0.113.78")  # the client wrote 6.6.6.6
    assert other.post(f"/book/{slot.pk}/", {}).status == 200  # another patient, same proxy
    pids = serving_pids()
    assert len(pids) >= 2, "the requests all went to one worker"

    _staff("secretaire")
    for forwarded in ("198.51.100.23", "6.6.6.6, 198.51.100.23"):
        Browser(site.port, address=forwarded).post(
            "/admin/login/", {"username": "secretaire", "password": "wrong"}
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.23"}

    answer = Browser(site.port).get("/?q=LEFORT")
    lines = _access_lines(site.log)
    assert any(line["message"].startswith("127.0.0.1 GET / 200") for line in lines)
    assert f"request_id={answer.headers['X-Request-ID']}" in site.log.read_text()
    assert "LEFORT" not in site.log.read_text()


def _access_lines(log: Path) -> list[dict]:
    time.sleep(0.5)  # gunicorn writes the access line after the response
    lines = []
    for raw in log.read_text().splitlines():
        if raw.startswith("{"):
            line = json.loads(raw)
            if line.get("logger") == "gunicorn.access":
                lines.append(line)
    return lines
