"""The booking form's time in process (issue 23): N GETs of /book/<slot>/
through Django's test client, DEBUG=0, on a seeded database, with the time
spent in queries apart. No server, no network: what the page costs Django.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_medium \\
        .venv/bin/python bench/form_render.py --requests 200
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SITE_URL": "https://bench.invalid",
    "LOG_LEVEL": "WARNING",
}
os.environ.update({k: v for k, v in BENCH_ENV.items() if k not in os.environ})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from scheduling.models import Slot  # noqa: E402


class QueryClock:
    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    slot = (
        Slot.objects.free()
        .filter(start__gte=timezone.now(), rule__isnull=False, agenda__is_active=True)
        .order_by("start", "pk")
        .first()
    )
    client, path = Client(), f"/book/{slot.pk}/"
    for _ in range(20):  # warm: templates compiled and cached, connection open
        assert client.get(path).status_code == 200
    times, clock = [], QueryClock()
    with connection.execute_wrapper(clock):
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
    total = sum(times)
    print(
        f"{args.requests} GETs of {path}: median {statistics.median(times) * 1000:.1f} ms,"
        f" mean {total / len(times) * 1000:.1f} ms,"
        f" of which {clock.count / len(times):.0f} queries {clock.seconds / len(times) * 1000:.1f} ms"
        f" (load {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
