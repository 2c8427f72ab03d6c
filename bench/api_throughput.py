"""Bookings per second through the REST API over HTTP (gunicorn), next to
pgbench running the identical SQL, measured in one run (issue 15: target
>= 0.25 at 8 clients).

The SQL is not written by hand: one booking is posted to the API in-process
with every statement captured (text and parameters, in order, with which of
them ran inside the booking's transaction). pgbench then runs exactly those
statements, with the values that differ per booking as variables: the slot,
the visit reason, the patient's name and lock key, the new rows' ids and
public ids, and every time as an offset from now(). The other values (the
client's ids, the captured agenda's ids in reads) are kept, so pgbench reads
the same rows the same way.

    bash bench/run_engine.sh --reuse   # or any database seeded by seed_demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_medium \\
        .venv/bin/python bench/api_throughput.py --bookings 400 --clients 8

It starts gunicorn itself (DEBUG=0; by default 2 workers of 4 threads: as
many requests in flight as clients, one process per core), on `--port` or a
free port. Redis is REDIS_URL's (by default the shared 6379: when several
people measure on one machine, give each their own, e.g.
REDIS_URL=redis://127.0.0.1:6386/0). Never part of `make test` or CI.
Figures: bench/README.md.
"""

import argparse
import datetime
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": "https://rdv.hopital.example",
    "LOG_LEVEL": "WARNING",
    "API_RATE": "100000000/m",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # Each run its own keys: runs on other databases number their clients
    # from 1 too, and would share one client's throttle and idempotency keys.
    "CACHE_KEY_PREFIX": f"bench-api-throughput-{os.getpid()}",
    "MAX_UPCOMING_BOOKINGS_PER_SPECIALTY": "1000",
}
os.environ.update({k: v for k, v in BENCH_ENV.items() if k not in os.environ})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from psycopg import ClientCursor  # noqa: E402

from audit.context import acting  # noqa: E402
from hospital.models import Establishment  # noqa: E402
from scheduling.models import Booking, OpeningRule, Slot  # noqa: E402
from scheduling.services.api_clients import create_client  # noqa: E402
from scheduling.services.locking import advisory_key  # noqa: E402
from scheduling.services.patients import PatientDetails, identity_key  # noqa: E402

BIRTH = "1980-01-01"


def free_pairs(count: int) -> list[tuple[int, int]]:
    """(slot, reason) pairs: free slots two days ahead or more, each with a
    reason its rule offers online to new patients."""
    slots = list(
        Slot.objects.free()
        .filter(start__gte=timezone.now() + datetime.timedelta(days=2), rule__isnull=False)
        .filter(agenda__is_active=True, agenda__department__establishment__is_member=True)
        .order_by("?")
        .values_list("pk", "rule_id")[: count * 2]
    )
    reason_of = dict(
        OpeningRule.reasons.through.objects.filter(
            openingrule_id__in={r for _, r in slots},
            visitreason__online_bookable=True,
            visitreason__for_new_patients=True,
        ).values_list("openingrule_id", "visitreason_id")
    )
    pairs = [(s, reason_of[r]) for s, r in slots if r in reason_of][:count]
    if len(pairs) < count:
        raise SystemExit(f"only {len(pairs)} free slots: seed a bigger database")
    return pairs


def body(slot: int, reason: int, last_name: str) -> dict:
    patient = {"first_name": "Bench", "last_name": last_name, "birth_date": BIRTH}
    return {"slot": slot, "reason": reason, "patient": patient}


# --- capturing the SQL of one API booking ------------------------------------------


class Recorder:
    def __init__(self):
        self.statements: list[tuple[str, tuple, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, tuple(params or ()), connection.in_atomic_block))
        return execute(sql, params, many, context)


def capture(token: str, slot: int, reason: int) -> tuple[list, dict]:
    last_name = f"Capture{secrets.token_hex(3)}"
    recorder, http = Recorder(), Client(HTTP_HOST="127.0.0.1")
    started = timezone.now()
    with connection.execute_wrapper(recorder):
        response = http.post(
            "/api/v1/bookings/",
            json.dumps(body(slot, reason, last_name)),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    if response.status_code != 201:
        raise SystemExit(f"capture: the API answered {response.status_code} {response.content!r}")
    booking = Booking.objects.select_related("patient").get(public_id=response.json()["id"])
    details = PatientDetails(first_name="Bench", last_name=last_name, birth_date=_birth())
    known = {
        "slot": slot,
        "reason": reason,
        "last_name": last_name,
        "person_key": advisory_key(identity_key(details)),
        "patient_id": booking.patient_id,
        "booking_id": booking.pk,
        "uuids": {booking.public_id, booking.patient.public_id},
        "started": started,
    }
    return recorder.statements, known


def _birth() -> datetime.date:
    return datetime.date.fromisoformat(BIRTH)


def pgbench_script(statements, known, other) -> str:
    """The captured statements with the per-booking values as pgbench variables.

    `other` is a second booking's capture: a parameter that is the same in
    both is a constant (a LIMIT, the client's id), so a small id that
    happens to equal one is never taken for a variable."""
    if [sql for sql, _, _ in statements] != [sql for sql, _, _ in other]:
        raise SystemExit("two API bookings sent different statements: cannot template them")
    lines = [
        "SELECT slot, reason, quote_literal(last_name) AS last_name_q, person_key"
        " FROM bench_api_pairs WHERE n = (SELECT nextval('bench_api_n')) \\gset"
    ]
    in_transaction = False
    with ClientCursor(connection.connection) as cursor:
        for (sql, params, atomic), (_, params2, _) in zip(statements, other, strict=True):
            if atomic and not in_transaction:
                lines.append("BEGIN;")
            elif not atomic and in_transaction:
                lines.append("COMMIT;")
            in_transaction = atomic
            varying = {n for n, (a, b) in enumerate(zip(params, params2, strict=True)) if a != b}
            lines.append(_templated(cursor, sql, params, varying, known))
    if in_transaction:
        lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def _templated(cursor, sql: str, params: tuple, varying: set[int], known) -> str:
    swaps, rendered = {}, []
    for n, value in enumerate(params):
        sentinel = f"ZZBENCH{n}ZZ"
        expression = _variable(value, known) if n in varying else None
        if expression is None:
            rendered.append(value)
        else:
            swaps[f"'{sentinel}'"] = expression
            rendered.append(sentinel)
    text = cursor.mogrify(sql, rendered) if params else sql
    for sentinel, expression in swaps.items():
        text = text.replace(sentinel, expression)
    text = " ".join(text.split())
    if text.startswith('INSERT INTO "scheduling_patient"'):
        return text + " \\gset patient_"
    if text.startswith('INSERT INTO "scheduling_booking"'):
        return text + " \\gset booking_"
    return text + ";"


def _variable(value, known) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        names = {
            known["slot"]: ":slot",
            known["reason"]: ":reason",
            known["person_key"]: ":person_key",
            known["patient_id"]: ":patient_id",
            known["booking_id"]: ":booking_id",
        }
        return names.get(value)
    if isinstance(value, str) and value == known["last_name"]:
        return ":last_name_q"
    if isinstance(value, uuid.UUID) and value in known["uuids"]:
        return "gen_random_uuid()"
    if isinstance(value, datetime.datetime):
        seconds = (value - known["started"]).total_seconds()
        return f"(now() + interval '{seconds:.6f} seconds')"
    return None


def run_pgbench(script: str, pairs, clients: int) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_api_pairs; DROP SEQUENCE IF EXISTS bench_api_n")
        cursor.execute(
            "CREATE TABLE bench_api_pairs (n bigint PRIMARY KEY, slot bigint, reason bigint,"
            " last_name text, person_key int)"
        )
        cursor.execute("CREATE SEQUENCE bench_api_n")
        run = secrets.token_hex(3)
        for n, (slot, reason) in enumerate(pairs, start=1):
            last = f"PG{run}-{n}"
            key = advisory_key(
                identity_key(
                    PatientDetails(first_name="Bench", last_name=last, birth_date=_birth())
                )
            )
            cursor.execute(
                "INSERT INTO bench_api_pairs VALUES (%s, %s, %s, %s, %s)",
                [n, slot, reason, last, key],
            )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as file:
        file.write(script)
    db = settings.DATABASES["default"]
    per_client = len(pairs) // clients
    done = subprocess.run(
        ["pgbench", "-n", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
        + ["-U", db["USER"], "-c", str(clients), "-j", str(clients), "-t", str(per_client)]
        + ["-f", file.name, db["NAME"]],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""},
    )
    if done.returncode != 0:
        raise SystemExit(f"pgbench failed:\n{done.stdout}\n{done.stderr}\nscript: {file.name}")
    booked = Booking.objects.filter(slot_id__in=[s for s, _ in pairs], channel="api").count()
    if booked != per_client * clients:
        raise SystemExit(f"pgbench booked {booked} of {per_client * clients} (script {file.name})")
    return float(next(x for x in done.stdout.splitlines() if x.startswith("tps")).split()[2])


# --- the API over HTTP ---------------------------------------------------------------


def _free_port(wanted: int = 0) -> int:
    """`wanted`, refused if a server listens there already (it would answer
    the health check in ours' place and be measured), or any free port."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", wanted))
        except OSError as taken:
            raise SystemExit(f"port {wanted} is taken ({taken}): choose another --port") from None
        return probe.getsockname()[1]


def start_gunicorn(workers: int, threads: int, port: int = 0) -> tuple[subprocess.Popen, str]:
    port = _free_port(port)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_http(base: str, token: str, pairs, clients: int) -> float:
    import requests

    run, failures = secrets.token_hex(3), []
    chunks = [list(enumerate(pairs))[i::clients] for i in range(clients)]
    gate = threading.Barrier(clients + 1)

    def client(chunk):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        gate.wait()
        for n, (slot, reason) in chunk:
            answer = session.post(
                f"{base}/api/v1/bookings/", json=body(slot, reason, f"H{run}-{n}"), timeout=60
            )
            if answer.status_code != 201:
                failures.append(f"{answer.status_code} {answer.text[:200]}")

    threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} API bookings failed, e.g. {failures[0]}")
    return len(pairs) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=400, help="per side and round")
    parser.add_argument("--rounds", type=int, default=3, help="API/pgbench pairs")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (processes)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a seeded PostgreSQL database")
    with acting(actor="bench:api_throughput", channel="command"):
        _client, token = create_client(
            name=f"bench-{secrets.token_hex(4)}",
            establishments=Establishment.objects.filter(is_member=True),
            can_book=True,
        )
    pairs = free_pairs(2 * args.bookings * args.rounds + 2)
    with connection.cursor() as cursor:
        # New bookings' ids far from new patients' ids: one value, one variable.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('scheduling_booking', 'id'),"
            " (SELECT COALESCE(MAX(id), 0) FROM scheduling_booking) + 50000000)"
        )
    statements, known = capture(token, *pairs.pop())
    other, _ = capture(token, *pairs.pop())
    script = pgbench_script(statements, known, other)
    print(f"one API booking sends {len(statements)} statements; pgbench runs the same")
    # API, pgbench, API, pgbench...: each round's ratio compares two runs
    # seconds apart (the server idles while pgbench runs), so a shared
    # machine's drift cancels out; the ratio is the median of the rounds'.
    rates = []
    server, base = start_gunicorn(args.workers, args.threads, args.port)
    try:
        for round_ in range(args.rounds):
            chunk = pairs[2 * args.bookings * round_ : 2 * args.bookings * (round_ + 1)]
            api_rate = run_http(base, token, chunk[: args.bookings], args.clients)
            pgbench_rate = run_pgbench(script, chunk[args.bookings :], args.clients)
            rates.append((api_rate, pgbench_rate))
            print(f"  round {round_ + 1}: API {api_rate:.0f}/s, pgbench {pgbench_rate:.0f}/s")
    finally:
        server.terminate()
        server.wait()
    ratio = statistics.median(api / pgbench for api, pgbench in rates)
    api_rate = statistics.median(api for api, _ in rates)
    pgbench_rate = statistics.median(pgbench for _, pgbench in rates)
    print(
        f"{args.clients} clients, {args.bookings} bookings each side in each of {args.rounds}"
        f" rounds: API over HTTP {api_rate:.0f}/s, pgbench {pgbench_rate:.0f}/s,"
        f" ratio {ratio:.2f} (median of the rounds'; target >= 0.25)"
    )


if __name__ == "__main__":
    main()
