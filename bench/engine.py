"""Scheduling engine benchmark: P1–P4 of the engine issue, printed in one run.

Needs two PostgreSQL databases seeded with `seed_demo` and `generate_slots`:
a large one (--size large: ~40 establishments, 2,000 practitioners) and one
with 10x fewer practitioners (--size medium). `bench/run_engine.sh` creates,
seeds and measures both; see bench/README.md.

    DATABASE_URL=postgres://.../bench_large BENCH_SMALL_URL=postgres://.../bench_medium \\
        .venv/bin/python bench/engine.py
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")

import django  # noqa: E402

django.setup()

import dj_database_url  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.context import acting  # noqa: E402
from hospital.models import Specialty  # noqa: E402
from scheduling import booking as service  # noqa: E402
from scheduling.booking import BookingRefused  # noqa: E402
from scheduling.models import Booking, Patient, Slot  # noqa: E402
from scheduling.search import SearchWindow, free_slots  # noqa: E402

RESULTS = 20  # a search returns the first page of 20 slots


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


# --- P1: bookings per second -------------------------------------------------------


def _free_pairs(count: int, alias: str = "default") -> list[tuple[int, int, int]]:
    """(slot, patient, reason) triples: distinct free slots of distinct agendas
    where possible, each with a new patient."""
    slots = list(
        Slot.objects.using(alias)
        .free()
        .filter(start__gte=timezone.now() + datetime.timedelta(days=2), rule__isnull=False)
        .order_by("?")
        .values_list("pk", "rule_id")[: count * 2]
    )
    from scheduling.models import OpeningRule

    reason_of = {
        rule_id: reason_id
        for rule_id, reason_id in OpeningRule.reasons.through.objects.using(alias)
        .filter(openingrule_id__in={r for _, r in slots}, visitreason__online_bookable=True)
        .values_list("openingrule_id", "visitreason_id")
    }
    slots = [(s, reason_of[r]) for s, r in slots if r in reason_of][:count]
    patients = Patient.objects.using(alias).bulk_create(
        [
            Patient(first_name="Bench", last_name=f"P{n}", birth_date=datetime.date(1980, 1, 1))
            for n in range(len(slots))
        ]
    )
    return [
        (slot, patient.pk, reason) for (slot, reason), patient in zip(slots, patients, strict=True)
    ]


def p1_service(pairs) -> float:
    patients = {p.pk: p for p in Patient.objects.filter(pk__in=[p for _, p, _ in pairs])}
    started = time.perf_counter()
    with acting(actor="bench", channel="command"):
        for slot, patient, reason in pairs:
            service.book(slot=slot, reason=reason, patient=patients[patient], channel="api")
    return len(pairs) / (time.perf_counter() - started)


# The statements the service sends for one booking (captured with
# CaptureQueriesContext), with the ids pgbench cannot compute looked up first.
PGBENCH_SCRIPT = """
SELECT b.slot_id AS slot, b.patient_id AS patient, b.reason_id AS reason, s.agenda_id AS agenda, s.rule_id AS rule, a.department_id AS department, a.practitioner_id AS practitioner, d.specialty_id AS specialty FROM bench_pairs b JOIN scheduling_slot s ON s.id = b.slot_id JOIN scheduling_agenda a ON a.id = s.agenda_id JOIN hospital_department d ON d.id = a.department_id WHERE b.n = nextval('bench_n') \\gset
BEGIN;
SELECT set_config('audit.actor', 'bench', false), set_config('audit.channel', 'command', false), set_config('audit.request_id', '', false);
SELECT * FROM scheduling_patient WHERE id = :patient LIMIT 21 FOR UPDATE;
SELECT * FROM scheduling_slot WHERE id IN (:slot) ORDER BY id FOR UPDATE;
SELECT * FROM scheduling_visitreason WHERE id = :reason LIMIT 21;
SELECT 1 FROM scheduling_booking WHERE slot_id = :slot AND NOT status = 'cancelled' LIMIT 1;
SELECT * FROM scheduling_openingrule WHERE id = :rule LIMIT 21;
SELECT 1 FROM scheduling_visitreason v INNER JOIN scheduling_openingrule_reasons r ON (v.id = r.visitreason_id) WHERE r.openingrule_id = :rule AND v.id = :reason LIMIT 1;
SELECT 1 FROM scheduling_booking b INNER JOIN scheduling_slot s ON (b.slot_id = s.id) WHERE b.patient_id = :patient AND s.start >= now() AND b.status = 'booked' AND NOT b.id IS NULL AND s."end" > now() AND s.start < now() + interval '1 year' LIMIT 1;
SELECT * FROM scheduling_agenda WHERE id = :agenda LIMIT 21;
SELECT * FROM hospital_department WHERE id = :department LIMIT 21;
SELECT COUNT(*) FROM scheduling_booking b INNER JOIN scheduling_slot s ON (b.slot_id = s.id) INNER JOIN scheduling_agenda a ON (s.agenda_id = a.id) INNER JOIN hospital_department d ON (a.department_id = d.id) WHERE b.patient_id = :patient AND s.start >= now() AND b.status = 'booked' AND NOT b.id IS NULL AND d.specialty_id = :specialty;
SELECT * FROM scheduling_agenda a INNER JOIN hospital_practitioner p ON (a.practitioner_id = p.id) INNER JOIN hospital_department d ON (a.department_id = d.id) INNER JOIN hospital_establishment e ON (d.establishment_id = e.id) WHERE a.id = :agenda LIMIT 21;
SELECT 1 FROM hospital_affiliation f WHERE (f.end_date IS NULL OR f.end_date >= current_date) AND f.start_date <= current_date AND f.department_id = :department AND f.practitioner_id = :practitioner LIMIT 1;
INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel, status, created_at, created_by_id, cancelled_at, cancelled_by_id, cancel_reason, idempotency_key) VALUES (gen_random_uuid(), :slot, :patient, :reason, 'api', 'booked', now(), NULL, NULL, NULL, '', NULL) RETURNING id;
COMMIT;
"""


def p1_pgbench(pairs, clients: int) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_pairs; DROP SEQUENCE IF EXISTS bench_n;")
        cursor.execute(
            "CREATE TABLE bench_pairs (n bigint PRIMARY KEY, slot_id bigint, patient_id bigint, reason_id bigint)"
        )
        cursor.execute("CREATE SEQUENCE bench_n")
        for n, (slot, patient, reason) in enumerate(pairs, start=1):
            cursor.execute(
                "INSERT INTO bench_pairs VALUES (%s, %s, %s, %s)", [n, slot, patient, reason]
            )
    db = settings.DATABASES["default"]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT)
    per_client = len(pairs) // clients
    result = subprocess.run(
        [
            "pgbench",
            "-n",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            "-c",
            str(clients),
            "-j",
            str(clients),
            "-t",
            str(per_client),
            "-f",
            script.name,
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""},
        check=True,
    )
    tps = [line for line in result.stdout.splitlines() if line.startswith("tps")]
    booked = Booking.objects.filter(slot_id__in=[s for s, _, _ in pairs]).count()
    if booked != per_client * clients:
        raise SystemExit(
            f"pgbench booked {booked} of {per_client * clients}: its SQL is not the service's"
        )
    return float(tps[0].split()[2])


def p1_service_threads(pairs, clients: int) -> float:
    chunks = [pairs[i::clients] for i in range(clients)]

    def worker(chunk):
        try:
            p1_service(chunk)
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(pairs) / (time.perf_counter() - started)


# --- P2/P3: search latency -------------------------------------------------------


def search_latencies(alias: str, runs: int, seed: int) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    specialties = list(
        Specialty.objects.using(alias)
        .filter(departments__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    window = SearchWindow.from_now()
    orm, raw = [], []
    with connections[alias].cursor() as cursor:
        for _ in range(runs):
            specialty = rng.choice(specialties)
            queryset = free_slots(specialty=specialty, window=window).using(alias)[:RESULTS]
            started = time.perf_counter()
            found = list(queryset)
            orm.append(time.perf_counter() - started)
            sql, params = queryset.query.sql_with_params()
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            raw.append(time.perf_counter() - started)
            assert len(rows) == len(found)
    return orm, raw


# --- P4: simultaneous attempts ------------------------------------------------------


def attempts(pairs, workers: int) -> tuple[float, int]:
    patients = {p.pk: p for p in Patient.objects.filter(pk__in=[p for _, p, _ in pairs])}
    barrier = threading.Barrier(workers)
    lock = threading.Lock()
    queue, successes = list(pairs), [0]

    def worker():
        try:
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    slot, patient, reason = queue.pop()
                try:
                    service.book(slot=slot, reason=reason, patient=patients[patient], channel="api")
                    with lock:
                        successes[0] += 1
                except BookingRefused:
                    pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, successes[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--searches", type=int, default=400)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run on PostgreSQL")
    small_url = os.environ.get("BENCH_SMALL_URL")
    if small_url:
        settings.DATABASES["small"] = {
            **settings.DATABASES["default"],
            **dj_database_url.parse(small_url),
        }

    print(
        f"database: {settings.DATABASES['default']['NAME']}, "
        f"{Slot.objects.count():,} slots, {Booking.objects.count():,} bookings"
    )

    print("\nP1 bookings per second (booking service vs pgbench, identical SQL, audit on)")
    for clients in (1, args.clients):
        service_rate = p1_service_threads(_free_pairs(args.bookings), clients)
        pgbench_rate = p1_pgbench(_free_pairs(args.bookings), clients)
        print(
            f"  {clients:>2} client(s): service {service_rate:7.0f}/s, pgbench {pgbench_rate:7.0f}/s,"
            f" ratio {service_rate / pgbench_rate:.2f} (target >= 0.30)"
        )

    print(f"\nP2 search latency, {args.searches} searches by specialty, first {RESULTS} free slots")
    orm, raw = search_latencies("default", args.searches, seed=1)
    print(f"  ORM: p50 {ms(statistics.median(orm))}  p99 {ms(percentile(orm, 99))}")
    print(f"  raw: p50 {ms(statistics.median(raw))}  p99 {ms(percentile(raw, 99))}")
    print(f"  p99 ratio {percentile(orm, 99) / percentile(raw, 99):.2f} (target <= 3)")

    if small_url:
        small_orm, _ = search_latencies("small", args.searches, seed=1)
        large_p99, small_p99 = percentile(orm, 99), percentile(small_orm, 99)
        print(
            f"\nP3 search p99: large {ms(large_p99)}, small {ms(small_p99)}, "
            f"ratio {large_p99 / small_p99:.2f} (target <= 1.5)"
        )

    print("\nP4 K simultaneous attempts: on one slot vs on K different slots")
    for k in (2, 16, 64, 256):
        workers = min(k, 80)  # PostgreSQL's default max_connections is 100
        one = _free_pairs(1)[0]
        patients = Patient.objects.bulk_create(
            [
                Patient(first_name="Race", last_name=f"R{n}", birth_date=datetime.date(1990, 1, 1))
                for n in range(k)
            ]
        )
        same = [(one[0], p.pk, one[2]) for p in patients]
        same_time, same_ok = attempts(same, workers)
        different = _free_pairs(k)
        diff_time, diff_ok = attempts(different, workers)
        print(
            f"  K={k:>3} ({workers} connections): one slot {ms(same_time)} -> {same_ok} success(es);"
            f" {k} slots {ms(diff_time)} -> {diff_ok} successes"
        )


if __name__ == "__main__":
    main()
