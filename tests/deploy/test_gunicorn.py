"""The deployment as a hospital runs it: gunicorn with several workers behind a
TLS-terminating proxy (simulated: X-Forwarded-Proto and X-Forwarded-For on
each request), Redis for the rate limits, the documented production settings.

Booking and both logins work over "https", a rate limit holds across the
workers, the client address is the one the proxy gave, and the access logs
are JSON lines without query strings. Without redis-server this skips on a
developer's machine and fails in CI (CI=true), where .ci/run installs it.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from scheduling.models import Booking
from tests import factories as f
from tests.deploy.production_env import production_env
from tests.public.test_journey import _details, _first_slot

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
SITE = "rdv.hopital.example"
WORKERS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not start")


@pytest.fixture
def redis_url(tmp_path):
    """CI's Redis (.ci/run starts it: TEST_REDIS_URL), else one of this test's own."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI (.ci/run installs it)")
        pytest.skip("redis-server not installed (apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        _wait_for(lambda: redis.Redis(port=port).ping(), "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def site(tmp_path, redis_url, clinic_world):
    """gunicorn serving the test database, as production.env.example configures it."""
    port = _free_port()
    mail = tmp_path / "mail"
    mail.mkdir()
    (tmp_path / "static").mkdir()
    env = production_env(
        DATABASE_URL=_database_url(),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"test-{secrets.token_hex(4)}",
        ALLOWED_HOSTS=SITE,
        CSRF_TRUSTED_ORIGINS=f"https://{SITE}",
        SITE_URL=f"https://{SITE}",
        BOOKING_RATE="3/h",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
        VAR_DIR=str(tmp_path),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(WORKERS),
        PATH=os.environ["PATH"],
        TIME_ZONE="Europe/Paris",
    )
    log = tmp_path / "gunicorn.log"
    worker_log = tmp_path / "worker.log"
    with log.open("wb") as output, worker_log.open("wb") as worker_output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        # Mail leaves through the task worker, as in production (README).
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=worker_output,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                _wait_for(lambda: Browser(port).get("/health/").status == 200, "gunicorn", 60)
            except AssertionError:
                raise AssertionError(log.read_text()[-3000:]) from None
            yield {"port": port, "mail": mail, "log": log, "world": clinic_world}
        finally:
            for running in (process, worker):
                running.terminate()
                running.wait(timeout=30)


class Response:
    def __init__(self, raw: http.client.HTTPResponse):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read().decode(errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """A client behind the proxy: each request as the proxy forwards it, over
    a new connection (so the requests spread over the workers)."""

    def __init__(self, port: int, address: str = "203.0.113.10"):
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    def request(self, method: str, path: str, data: dict | None = None, https=True) -> Response:
        headers = {"Host": SITE, "X-Forwarded-For": self.address}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{SITE}"
            headers["Referer"] = f"https://{SITE}{path}"
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection_.request(method, path, body=body, headers=headers)
            response = Response(connection_.getresponse())
        finally:
            connection_.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(cookie)
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict) -> Response:
        if "csrftoken" not in self.cookies:
            self.get(path)  # as a browser would: the form first, with its CSRF cookie
        return self.request("POST", path, data)

    def cookie_flags(self, name: str) -> str:
        return next(c for c in reversed(self.set_cookies) if c.startswith(f"{name}="))


def _staff(username: str, **fields):
    """A staff account whose password the server can check: the tests' fast
    hasher is not among production's."""
    user = f.user(username, **fields)
    user.password = PBKDF2PasswordHasher().encode("pw", PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def _latest_mail(mail: Path, count: int) -> str:
    """The text of the newest mail, once the worker has sent `count` of them."""
    _wait_for(lambda: len(list(mail.iterdir())) >= count, "the task worker's mail", 30)
    return max(mail.iterdir(), key=lambda p: p.stat().st_mtime).read_text()


def _mail_code(mail: Path) -> str:
    return re.search(r"\b(\d{6})\b", _latest_mail(mail, 1)).group(1)


def test_booking_and_both_logins_work_over_https_behind_the_proxy(site):
    world, browser = site["world"], Browser(site["port"])
    slot = _first_slot(world)
    assert browser.get(f"/book/{slot.pk}/").status == 200
    held = browser.post(f"/book/{slot.pk}/", _details(world))
    assert held.status == 302, held.body[:2000]
    assert "Secure" in browser.cookie_flags("sessionid")
    confirmed = browser.post(held.location, {"code": _mail_code(site["mail"])})
    assert confirmed.status == 302 and "/appointment/" in confirmed.location
    assert Booking.objects.get(slot=slot).status == Booking.Status.BOOKED
    assert f"https://{SITE}/appointment/" in _latest_mail(site["mail"], 2)

    _staff("secretaire")
    f.practitioner(user=_staff("praticien", staff=False))
    for login, landing in [("/admin/login/", "/admin/"), ("/portal/login/", "/portal/")]:
        staff = Browser(site["port"], address="198.51.100.20")
        name = "secretaire" if login.startswith("/admin") else "praticien"
        answer = staff.post(login, {"username": name, "password": "pw", "next": landing})
        assert answer.status == 302 and answer.location == landing, (login, answer.body[:500])
        assert "Secure" in staff.cookie_flags("sessionid")
        assert staff.get(landing).status == 200

    plain = Browser(site["port"]).get("/", https=False)
    assert plain.status == 301 and plain.location == f"https://{SITE}/"
    assert "max-age=31536000" in Browser(site["port"]).get("/").headers["Strict-Transport-Security"]


def test_limits_hold_across_workers_for_the_address_the_proxy_gave(site):
    """One rate limit, counted in Redis, over requests the workers share; the
    client's address is the proxy's entry, not what the client wrote; the
    access log is JSON, with the request id and without the query string."""
    slot = _first_slot(site["world"])

    def attempt(_):
        return Browser(site["port"], address="203.0.113.77").post(f"/book/{slot.pk}/", {}).status

    def serving_pids() -> set[str]:
        return {
            line["message"].split("pid=")[1].split()[0]
            for line in _access_lines(site["log"])
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
    other = Browser(site["port"], address="6.6.6.6, 203.0.113.78")  # the client wrote 6.6.6.6
    assert other.post(f"/book/{slot.pk}/", {}).status == 200  # another patient, same proxy
    pids = serving_pids()
    assert len(pids) >= 2, "the requests all went to one worker"

    _staff("secretaire")
    for forwarded in ("198.51.100.23", "6.6.6.6, 198.51.100.23"):
        Browser(site["port"], address=forwarded).post(
            "/admin/login/", {"username": "secretaire", "password": "wrong"}
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.23"}

    answer = Browser(site["port"]).get("/?q=LEFORT")
    lines = _access_lines(site["log"])
    assert any(line["message"].startswith("127.0.0.1 GET / 200") for line in lines)
    assert f"request_id={answer.headers['X-Request-ID']}" in site["log"].read_text()
    assert "LEFORT" not in site["log"].read_text()


def _access_lines(log: Path) -> list[dict]:
    time.sleep(0.5)  # gunicorn writes the access line after the response
    lines = []
    for raw in log.read_text().splitlines():
        if raw.startswith("{"):
            line = json.loads(raw)
            if line.get("logger") == "gunicorn.access":
                lines.append(line)
    return lines
