"""The staff board's cost in process (issue 23): N GETs of the board through
Django's test client, DEBUG=0, logged in as the demo secretary, on the day
and department `pages.py` measures (the demo practitioner's department, its
busiest day of the next two weeks). CPU time of this process per request
(time.process_time: Python's work, not the database server's), wall time,
and the queries' count and wall time. No server, no network.

Run it from the tree to measure (its cwd is the code measured), so that two
trees can be interleaved on one database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_medium \\
        .venv/bin/python bench/board_cost.py --requests 200 [--queries] [--profile]
"""

import argparse
import cProfile
import datetime
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret",
    "ALLOWED_HOSTS": "*",
    "SITE_URL": "https://bench.invalid",
    "LOG_LEVEL": "WARNING",
}
os.environ.update({k: v for k, v in BENCH_ENV.items() if k not in os.environ})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import TruncDate  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from scheduling.models import Agenda, Slot  # noqa: E402


class QueryClock:
    def __init__(self, keep: bool = False):
        self.seconds = 0.0
        self.count = 0
        self.kept: list[tuple[float, str]] = []
        self.keep = keep

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.seconds += spent
            if self.keep:
                self.kept.append((spent, sql))


def board_path() -> str:
    """The board pages.py measures: the demo practitioner's department on its
    busiest day of the next two weeks."""
    practitioner = get_user_model().objects.get(username="praticien").practitioner
    department = Agenda.objects.filter(practitioner=practitioner).first().department
    now = timezone.now()
    busiest = (
        Slot.objects.filter(agenda__department=department, start__gte=now + datetime.timedelta(1))
        .filter(start__lt=now + datetime.timedelta(days=15))
        .annotate(day=TruncDate("start", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("-n", "day")[0]
    )
    return f"{reverse('admin:scheduling_board')}?department={department.pk}&day={busiest['day']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--path", help="another board URL than the busiest day's")
    parser.add_argument("--queries", action="store_true", help="print one request's queries")
    parser.add_argument("--full-sql", action="store_true", help="with --queries: whole")
    parser.add_argument("--profile", action="store_true", help="cProfile the requests (CPU)")
    parser.add_argument("--sort", default="cumulative", help="with --profile")
    parser.add_argument("--lines", type=int, default=60, help="with --profile")
    args = parser.parse_args()
    path = args.path or board_path()
    client = Client()
    client.force_login(get_user_model().objects.get(username="secretaire"))
    for _ in range(20):  # warm: templates compiled and cached, connection open
        response = client.get(path)
        assert response.status_code == 200, response.status_code
    if args.queries:
        clock = QueryClock(keep=True)
        with connection.execute_wrapper(clock):
            client.get(path)
        for spent, sql in clock.kept:
            print(f"{spent * 1000:6.2f} ms  {sql if args.full_sql else sql[:160]}")
    cpu, wall, clock = [], [], QueryClock()
    profile = cProfile.Profile(time.process_time) if args.profile else None
    with connection.execute_wrapper(clock):
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            client.get(path)
            if profile:
                profile.disable()
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
    n = len(cpu)
    print(
        f"{ROOT.name}: {n} GETs of {path}: CPU median {statistics.median(cpu) * 1000:.1f} ms"
        f" (mean {sum(cpu) / n * 1000:.1f}), wall median {statistics.median(wall) * 1000:.1f} ms,"
        f" {clock.count / n:.1f} queries {clock.seconds / n * 1000:.1f} ms"
        f" (load {os.getloadavg()[0]:.1f})"
    )
    if profile:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()
