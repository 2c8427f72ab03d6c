"""Real processes for the deployment tests: gunicorn as deploy/gunicorn.conf.py
configures it, the task worker, redis-server, and a client that talks to
gunicorn as the TLS-terminating proxy would."""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from tests.deploy.production_env import production_env

ROOT = Path(__file__).resolve().parents[2]
SITE = "rdv.hopital.example"


def free_port(wanted: int = 0) -> int:
    """`wanted` if no one listens there (else OSError: a server already on it
    would answer our readiness checks in our server's place), or any free port."""
    with socket.socket() as probe:
        # As gunicorn binds: a port only left in TIME_WAIT by our last run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", wanted))
        return probe.getsockname()[1]


def wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def database_url() -> str:
    """The test database, as a deployment's DATABASE_URL names it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class RedisServer:
    """A redis-server of the test's own, which the test may kill, freeze and restart."""

    def __init__(self, directory: Path):
        server = shutil.which("redis-server")
        if server is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is required in CI (.ci/run installs it)")
            pytest.skip("redis-server not installed (apt-get install redis-server)")
        self.command = [
            server,
            *("--port", str(free_port()), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(directory)),
        ]
        self.port = int(self.command[2])
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: redis.Redis(port=self.port).ping(), "redis-server answering")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def redis_server(directory: Path):
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def gunicorn(
    tmp_path: Path, *, ready_path: str = "/health/", worker=False, port: int = 0, **settings: str
):
    """gunicorn serving with the documented production settings, overridden by
    `settings`; with `worker`, the task worker next to it. Yields the port
    (`port`, or a free one); everything both write is in tmp_path/gunicorn.log
    and tmp_path/worker.log."""
    port = free_port(port)
    (tmp_path / "static").mkdir(exist_ok=True)
    env = production_env(
        ALLOWED_HOSTS=SITE,
        CSRF_TRUSTED_ORIGINS=f"https://{SITE}",
        SITE_URL=f"https://{SITE}",
        VAR_DIR=str(tmp_path),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        PATH=os.environ["PATH"],
        TIME_ZONE="Europe/Paris",
        **settings,
    )
    started: list[subprocess.Popen] = []
    with (
        (tmp_path / "gunicorn.log").open("wb") as log,
        (tmp_path / "worker.log").open("wb") as wlog,
    ):
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "deploy/gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        if worker:
            started.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker"]
                    + ["--interval", "0.2", "--no-startup-delay"],
                    cwd=ROOT,
                    env=env,
                    stdout=wlog,
                    stderr=subprocess.STDOUT,
                )
            )
        try:
            try:
                wait_for(lambda: Browser(port).get(ready_path).status == 200, "gunicorn", 60)
            except AssertionError:
                raise AssertionError((tmp_path / "gunicorn.log").read_text()[-3000:]) from None
            yield port
        finally:
            for process in started:
                process.terminate()
                process.wait(timeout=30)


class Response:
    def __init__(self, raw: http.client.HTTPResponse, seconds: float = 0.0):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read().decode(errors="replace")
        self.seconds = seconds

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """A client behind the proxy: each request as the proxy forwards it, over
    a new connection (so the requests spread over the workers). Each response
    carries how long it took."""

    def __init__(self, port: int, address: str = "203.0.113.10"):
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        data: dict | None = None,
        https=True,
        headers: dict | None = None,
        body: str | None = None,
    ) -> Response:
        sent = {"Host": SITE, "X-Forwarded-For": self.address, **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{SITE}"
            sent["Referer"] = f"https://{SITE}{path}"
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        began = time.monotonic()
        try:
            connection_.request(method, path, body=body, headers=sent)
            response = Response(connection_.getresponse(), 0.0)
            response.seconds = time.monotonic() - began
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
