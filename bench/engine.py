"""Scheduling engine benchmark: P1–P4 of the engine issue, printed in one run.

Needs two PostgreSQL databases seeded with `seed_demo` (which generates 12
weeks of slots): a large one (--size large: 40 establishments, 2,000
practitioners) and one with 10x fewer practitioners (--size medium).
`bench/run_engine.sh` creates, seeds and measures both; see bench/README.md.
"""

import argparse
import datetime
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import dj_database_url  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.context import acting  # noqa: E402
from hospital.models import Specialty  # noqa: E402
from scheduling.models import Booking, Patient, Slot  # noqa: E402
from scheduling.selectors.search import SearchWindow, free_slots  # noqa: E402
from scheduling.services import booking as service  # noqa: E402
from scheduling.services.booking import BookingRefused  # noqa: E402
from scheduling.services.locking import advisory_key  # noqa: E402
from scheduling.services.patients import identity_key  # noqa: E402

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
        .filter(
            openingrule_id__in={r for _, r in slots},
            visitreason__online_bookable=True,
            visitreason__for_new_patients=True,  # the bench's patients are new
        )
        .values_list("openingrule_id", "visitreason_id")
    }
    slots = [(s, reason_of[r]) for s, r in slots if r in reason_of][:count]
    # A new person each: the cap per specialty counts a person's bookings across runs.
    run = secrets.token_hex(4)
    patients = Patient.objects.using(alias).bulk_create(
        [
            Patient(
                first_name="Bench", last_name=f"P{run}-{n}", birth_date=datetime.date(1980, 1, 1)
            )
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
            service.book(
                slot=slot, reason=reason, patient=patients[patient], channel="api", returning=False
            )
    return len(pairs) / (time.perf_counter() - started)


# The statements the service sends for one booking (captured with
# CaptureQueriesContext), with the ids pgbench cannot compute looked up first.
PGBENCH_SCRIPT = """
SELECT b.slot_id AS slot, b.patient_id AS patient, b.reason_id AS reason, b.person_key AS person_key, s.rule_id AS rule, s.agenda_id AS agenda, (EXTRACT(EPOCH FROM s."end" - s.start) / 60)::int AS minutes, a.department_id AS department, a.practitioner_id AS practitioner, (s.start AT TIME ZONE 'Europe/Paris')::date AS day, p.birth_date AS birth_date, p.last_name AS last_name, p.first_name AS first_name FROM bench_pairs b JOIN scheduling_slot s ON s.id = b.slot_id JOIN scheduling_agenda a ON a.id = s.agenda_id JOIN scheduling_patient p ON p.id = b.patient_id WHERE b.n = (SELECT nextval('bench_n')) \\gset
BEGIN;
SELECT pg_advisory_xact_lock(1, :person_key);
SELECT "scheduling_slot"."id", "scheduling_slot"."agenda_id", "scheduling_slot"."start", "scheduling_slot"."end", "scheduling_slot"."status", "scheduling_slot"."rule_id", "scheduling_agenda"."id", "scheduling_agenda"."practitioner_id", "scheduling_agenda"."department_id", "scheduling_agenda"."is_active", "hospital_practitioner"."id", "hospital_practitioner"."first_name", "hospital_practitioner"."last_name", "hospital_practitioner"."rpps", "hospital_practitioner"."user_id", "hospital_department"."id", "hospital_department"."establishment_id", "hospital_department"."name", "hospital_department"."specialty_id", "hospital_establishment"."id", "hospital_establishment"."name", "hospital_establishment"."finess", "hospital_establishment"."address", "hospital_establishment"."postal_code", "hospital_establishment"."city", "hospital_establishment"."is_member" FROM "scheduling_slot" INNER JOIN "scheduling_agenda" ON ("scheduling_slot"."agenda_id" = "scheduling_agenda"."id") INNER JOIN "hospital_practitioner" ON ("scheduling_agenda"."practitioner_id" = "hospital_practitioner"."id") INNER JOIN "hospital_department" ON ("scheduling_agenda"."department_id" = "hospital_department"."id") INNER JOIN "hospital_establishment" ON ("hospital_department"."establishment_id" = "hospital_establishment"."id") WHERE "scheduling_slot"."id" IN (:slot) ORDER BY "scheduling_slot"."id" ASC FOR UPDATE OF "scheduling_slot";
SELECT "scheduling_visitreason"."id", "scheduling_visitreason"."agenda_id", "scheduling_visitreason"."label", "scheduling_visitreason"."duration_minutes", "scheduling_visitreason"."online_bookable", "scheduling_visitreason"."for_new_patients", "scheduling_visitreason"."for_returning_patients", "scheduling_visitreason"."instructions" FROM "scheduling_visitreason" WHERE "scheduling_visitreason"."id" = :reason LIMIT 21;
SELECT "scheduling_booking"."id", "scheduling_booking"."public_id", "scheduling_booking"."slot_id", "scheduling_booking"."patient_id", "scheduling_booking"."reason_id", "scheduling_booking"."channel", "scheduling_booking"."status", "scheduling_booking"."created_at", "scheduling_booking"."created_by_id", "scheduling_booking"."cancelled_at", "scheduling_booking"."cancelled_by_id", "scheduling_booking"."cancel_reason", "scheduling_booking"."hold_expires_at", "scheduling_booking"."confirmation_digest", "scheduling_booking"."confirmation_attempts", "scheduling_booking"."idempotency_key" FROM "scheduling_booking" WHERE ("scheduling_booking"."slot_id" = :slot AND NOT ("scheduling_booking"."status" = 'cancelled'));
SELECT 1 AS "a" FROM "scheduling_visitreason" INNER JOIN "scheduling_openingrule_reasons" ON ("scheduling_visitreason"."id" = "scheduling_openingrule_reasons"."visitreason_id") WHERE ("scheduling_visitreason"."agenda_id" = :agenda AND "scheduling_visitreason"."duration_minutes" <= :minutes AND "scheduling_visitreason"."online_bookable" AND "scheduling_openingrule_reasons"."openingrule_id" = :rule AND "scheduling_visitreason"."id" = :reason) LIMIT 1;
SELECT "scheduling_slot"."start" AS "slot__start", "scheduling_slot"."end" AS "slot__end", "hospital_department"."specialty_id" AS "slot__agenda__department__specialty_id" FROM "scheduling_booking" INNER JOIN "scheduling_slot" ON ("scheduling_booking"."slot_id" = "scheduling_slot"."id") INNER JOIN "scheduling_agenda" ON ("scheduling_slot"."agenda_id" = "scheduling_agenda"."id") INNER JOIN "hospital_department" ON ("scheduling_agenda"."department_id" = "hospital_department"."id") WHERE (NOT ("scheduling_booking"."status" = 'cancelled') AND NOT ("scheduling_booking"."hold_expires_at" <= now() AND "scheduling_booking"."hold_expires_at" IS NOT NULL AND "scheduling_booking"."status" = 'pending') AND "scheduling_booking"."patient_id" IN (SELECT U0."id" AS "pk" FROM "scheduling_patient" U0 WHERE (U0."birth_date" = ':birth_date'::date AND UPPER(U0."last_name"::text) = UPPER(':last_name') AND UPPER(U0."first_name"::text) = UPPER(':first_name'))) AND "scheduling_booking"."status" IN ('booked', 'pending') AND "scheduling_slot"."start" >= now() AND NOT ("scheduling_booking"."id" IS NULL));
SELECT 1 AS "a" FROM "hospital_affiliation" WHERE (("hospital_affiliation"."end_date" IS NULL OR "hospital_affiliation"."end_date" >= ':day'::date) AND "hospital_affiliation"."start_date" <= ':day'::date AND "hospital_affiliation"."department_id" = :department AND "hospital_affiliation"."practitioner_id" = :practitioner) LIMIT 1;
INSERT INTO "scheduling_booking" ("public_id", "slot_id", "patient_id", "reason_id", "channel", "status", "created_at", "created_by_id", "cancelled_at", "cancelled_by_id", "cancel_reason", "hold_expires_at", "confirmation_digest", "confirmation_attempts", "idempotency_key") VALUES (gen_random_uuid(), :slot, :patient, :reason, 'api', 'booked', now(), NULL, NULL, NULL, '', NULL, '', 0, NULL) RETURNING "scheduling_booking"."id";
COMMIT;
"""


def p1_pgbench(pairs, clients: int) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_pairs; DROP SEQUENCE IF EXISTS bench_n;")
        cursor.execute(
            "CREATE TABLE bench_pairs (n bigint PRIMARY KEY, slot_id bigint, patient_id bigint,"
            " reason_id bigint, person_key int)"
        )
        cursor.execute("CREATE SEQUENCE bench_n")
        patients = Patient.objects.in_bulk([p for _, p, _ in pairs])
        for n, (slot, patient, reason) in enumerate(pairs, start=1):
            # the key of the person's lock, which pgbench cannot compute
            key = advisory_key(identity_key(patients[patient]))
            cursor.execute(
                "INSERT INTO bench_pairs VALUES (%s, %s, %s, %s, %s)",
                [n, slot, patient, reason, key],
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


def p1_service_processes(pairs, clients: int) -> float:
    """Like the web servers: one process per client, each with its connection."""
    import multiprocessing

    chunks = [pairs[i::clients] for i in range(clients)]
    connections.close_all()  # children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    workers = [context.Process(target=_book_chunk, args=(chunk,)) for chunk in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    if any(w.exitcode for w in workers):
        raise SystemExit("a booking process failed")
    return len(pairs) / elapsed


def _book_chunk(chunk) -> None:
    try:
        p1_service(chunk)
    finally:
        connections.close_all()


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
                    service.book(
                        slot=slot,
                        reason=reason,
                        patient=patients[patient],
                        channel="api",
                        returning=False,
                    )
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
    if settings.DEBUG:
        raise SystemExit("run with DEBUG=0 (and any SECRET_KEY): DEBUG records every query")
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

    print(
        "\nP1 bookings per second (booking service vs pgbench, identical SQL, audit on;"
        " N clients = N processes / N pgbench connections)"
    )
    for clients in (1, args.clients):
        service_rate = p1_service_processes(_free_pairs(args.bookings), clients)
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
                Patient(
                    first_name="Race", last_name=f"R{k}-{n}", birth_date=datetime.date(1990, 1, 1)
                )
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
