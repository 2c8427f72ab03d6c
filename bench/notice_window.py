"""How long a notice is exposed to being sent twice: from the moment the
mail server has accepted it (its 250 to the end of DATA) to the moment the
delivery's record has committed (outbox/delivery.py). A worker killed in
between sends it again on its retry; killed anywhere else, it does not.

Sends N mails through `delivery.once` to a local SMTP server (aiosmtpd),
each over its own connection as the worker does, and prints the window and
the whole send-and-record time (median, p99, max). Run it against a scratch
database, PostgreSQL or SQLite:

    createdb -h 127.0.0.1 -U postgres bench_window
    export DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_window
    .venv/bin/python manage.py migrate --skip-checks
    .venv/bin/python bench/notice_window.py --mails 500
"""

import argparse
import logging
import os
import socket
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.core.mail import EmailMessage  # noqa: E402
from django.core.mail.backends.smtp import EmailBackend  # noqa: E402
from django.db import connection  # noqa: E402

from outbox import delivery  # noqa: E402


class Accept:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _send_one(key: str, port: int) -> tuple[float, float]:
    """The window and the whole time of one mail sent and recorded."""
    mailer = EmailBackend(host="127.0.0.1", port=port, timeout=10)
    mailer.open()
    message = EmailMessage("Rendez-vous confirmé", "x" * 3000, "a@example.org", ["b@example.org"])
    marks = {}

    def send() -> None:
        marks["start"] = time.perf_counter()
        mailer.send_messages([message])
        marks["accepted"] = time.perf_counter()

    delivery.once(key, send)
    recorded = time.perf_counter()
    mailer.close()
    return recorded - marks["accepted"], recorded - marks["start"]


def measure(mails: int, port: int) -> tuple[list[float], list[float]]:
    run = uuid.uuid4().hex[:8]
    pairs = [_send_one(f"bench:{run}:{n}", port) for n in range(mails)]
    return [w for w, _ in pairs], [t for _, t in pairs]


def _line(name: str, values: list[float]) -> str:
    values = sorted(v * 1000 for v in values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"{name}: median {statistics.median(values):.2f} ms, p99 {p99:.2f} ms, max {values[-1]:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=500)
    options = parser.parse_args()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every command
    server = Controller(Accept(), hostname="127.0.0.1", port=_port())
    server.start()
    try:
        windows, totals = measure(options.mails, server.port)
    finally:
        server.stop()
    print(f"{connection.vendor}, {options.mails} mails")
    print(_line("window (accepted -> recorded)", windows))
    print(_line("send and record", totals))


if __name__ == "__main__":
    main()
