"""What the database's triggers cost a booking, measured on PostgreSQL.

Books N slots one transaction each, sequentially and from T threads, first
with the booking table's triggers of one kind on, then off, and prints the
throughputs and their ratio in one run. `--triggers audit` (the default)
measures the audit trail; `--triggers rules` the institution rule (its
commit-time re-check, the booking's lifecycle and identity guards). Run it
against a scratch database:

    createdb -h 127.0.0.1 -U postgres bench_audit
    export DEBUG=0 SECRET_KEY=bench SITE_URL=https://bench.invalid DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_audit
    .venv/bin/python manage.py migrate --skip-checks
    .venv/bin/python bench/audit_cost.py --bookings 1500 --threads 8 [--triggers rules]
"""

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.context import acting  # noqa: E402
from scheduling.models import Slot  # noqa: E402
from scheduling.services import booking as service  # noqa: E402
from tests import factories as f  # noqa: E402


def make_slots(count: int) -> list[Slot]:
    """Free slots of one agenda, offered by one opening rule, from two days ahead."""
    agenda = f.agenda()
    f.reason(agenda)
    rule = f.slot(agenda, start=timezone.now() - timedelta(days=30)).rule
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    slots = [
        Slot(
            agenda=agenda,
            rule=rule,
            start=start + timedelta(minutes=20 * i),
            end=start + timedelta(minutes=20 * i + 20),
        )
        for i in range(count)
    ]
    return Slot.objects.bulk_create(slots)


def book(slots: list[Slot], reason) -> None:
    with acting(actor="bench", channel="command"):
        for slot in slots:
            # a new person each time: the cap per specialty counts a person's bookings
            patient = f.patient(last_name=f"Bench{slot.pk}")
            service.book(
                slot=slot.pk, reason=reason, patient=patient, channel="api", returning=False
            )


def run(slots: list[Slot], threads: int) -> float:
    reason = slots[0].agenda.reasons.first()
    chunks = [slots[i::threads] for i in range(threads)]

    failures: list[Exception] = []

    def worker(chunk):
        try:
            book(chunk, reason)
        except Exception as error:  # reported below: a failed booking voids the figure
            failures.append(error)
        finally:
            connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if failures:
        raise SystemExit(f"{len(failures)} booking threads failed: {failures[0]!r}")
    return len(slots) / (time.perf_counter() - started)


# The institution rule as it stood before it was re-checked at COMMIT (issue 9):
# one BEFORE trigger on the booking table (frozen in scheduling/migrations/_rules_v1.py).
def _v1_booking_rule() -> list[str]:
    from scheduling.migrations import _rules_v1

    return [sql for sql in _rules_v1.POSTGRESQL if "scheduling_booking_institution_rule" in sql]


def set_v1_rule(enabled: bool) -> None:
    with connection.cursor() as cursor:
        if enabled:
            for statement in _v1_booking_rule():
                cursor.execute(statement)
        else:
            cursor.execute(
                "DROP TRIGGER IF EXISTS scheduling_booking_institution_rule ON scheduling_booking"
            )


TRIGGERS = {
    "audit": ["audit_row"],
    "rules": ["institution_rule", "scheduling_booking_lifecycle", "platform_immutable_identity"],
}


def set_triggers(kind: str, enabled: bool) -> None:
    with connection.cursor() as cursor:
        for trigger in TRIGGERS[kind]:
            cursor.execute(
                f"ALTER TABLE scheduling_booking {'ENABLE' if enabled else 'DISABLE'}"
                f" TRIGGER {trigger}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=6, help="alternating measurements")
    parser.add_argument("--triggers", choices=sorted(TRIGGERS), default="audit")
    parser.add_argument(
        "--against-v1",
        action="store_true",
        help="with --triggers rules: compare with the previous rule (one BEFORE trigger), not none",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run this on PostgreSQL (DATABASE_URL=postgres://...)")
    if settings.DEBUG:
        sys.exit("run with DEBUG=0 (and any SECRET_KEY): DEBUG records every query")
    kind = args.triggers
    other = "the previous rule" if args.against_v1 else "without"
    print(
        f"{args.bookings} bookings per measurement, one transaction each, in {args.rounds}"
        f" rounds alternating {kind} on / {other} (the machine is shared: each round's"
        " ratio is taken right away, and the median ratio is reported)"
    )
    per_round = max(1, args.bookings // args.rounds)

    def measure(enabled: bool, threads: int) -> float:
        set_triggers(kind, enabled)
        set_v1_rule(args.against_v1 and not enabled)
        try:
            return run(make_slots(per_round), threads)
        finally:
            set_v1_rule(False)
            set_triggers(kind, True)

    for threads in (1, args.threads):
        ratios, on_rates, off_rates = [], [], []
        for round_number in range(args.rounds):
            # ABBA: the machine's drift within a round favours neither side.
            order = (True, False) if round_number % 2 == 0 else (False, True)
            rates = {enabled: measure(enabled, threads) for enabled in order}
            on_rates.append(rates[True])
            off_rates.append(rates[False])
            ratios.append(rates[True] / rates[False])
        print(
            f"  {threads:>2} thread(s): {statistics.median(on_rates):8.0f}/s with {kind},"
            f" {statistics.median(off_rates):8.0f}/s {other} -> median ratio"
            f" {statistics.median(ratios):.0%} (rounds: {', '.join(f'{r:.0%}' for r in ratios)})"
        )


if __name__ == "__main__":
    main()
