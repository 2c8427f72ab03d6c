"""Python CPU time of one API booking, in process (issue 23).

Posts bookings to `POST /api/v1/bookings/` through Django's test client (the
whole middleware and DRF path, no HTTP server) on free slots of a seeded
PostgreSQL database, and prints the process's CPU time per booking and the
statements one booking sends. On a shared machine this moves far less with
the load than a rate over HTTP does: compare two trees alternately, in one
run, on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_api_medium \\
        .venv/bin/python bench/api_cpu.py --bookings 200 [--profile /tmp/api.prof]

It writes an API client and the bookings (use a copy of a seed). Never part
of `make test` or CI. Figures: bench/README.md.
"""

import argparse
import cProfile
import json
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_throughput  # noqa: E402  (sets the bench's environment up, then Django)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from audit.context import acting  # noqa: E402
from hospital.models import Establishment  # noqa: E402
from scheduling.services.api_clients import create_client  # noqa: E402

WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=200)
    parser.add_argument("--profile", help="write a cProfile of the measured bookings here")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a seeded PostgreSQL database")
    with acting(actor="bench:api_cpu", channel="command"):
        _client, token = create_client(
            name=f"bench-cpu-{secrets.token_hex(4)}",
            establishments=Establishment.objects.filter(is_member=True),
            can_book=True,
        )
    pairs = api_throughput.free_pairs(args.bookings + WARM_UP + 1)
    http, run = Client(HTTP_HOST="127.0.0.1"), secrets.token_hex(3)

    def book(n: int, slot: int, reason: int) -> None:
        answer = http.post(
            "/api/v1/bookings/",
            json.dumps(api_throughput.body(slot, reason, f"Cpu{run}-{n}")),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        if answer.status_code != 201:
            raise SystemExit(f"the API answered {answer.status_code} {answer.content!r}")

    for n, pair in enumerate(pairs[:WARM_UP]):
        book(n, *pair)
    with CaptureQueriesContext(connection) as one:
        book(WARM_UP, *pairs[WARM_UP])
    statements = len(one.captured_queries)  # read now: the next request resets them
    measured = pairs[WARM_UP + 1 :]
    profile = cProfile.Profile(time.process_time) if args.profile else None
    if profile:
        profile.enable()
    cpu, wall = time.process_time(), time.perf_counter()
    for n, pair in enumerate(measured, start=WARM_UP + 1):
        book(n, *pair)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    print(
        f"{len(measured)} API bookings: {1000 * cpu / len(measured):.2f} ms of CPU each"
        f" ({1000 * wall / len(measured):.1f} ms elapsed), {statements} statements"
    )


if __name__ == "__main__":
    main()
