"""What keeping the first-availability listing costs a booking (P1).

Books random free slots across the institution through the booking service,
one transaction each, as the engine benchmark's P1 does (1 process, then N),
alternating rounds with the listing's booking triggers on and off, in one
run; prints each round and the ratio of the means. Afterwards the agendas
booked while the triggers were off are recomputed, so the database stays
consistent for the page benchmark.

    export DEBUG=0 SECRET_KEY=bench SITE_URL=https://bench.invalid DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_large
    .venv/bin/python bench/listing_cost.py --bookings 600 --rounds 3
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from engine import _free_pairs, p1_service_processes  # noqa: E402  (sets Django up)

TRIGGERS = ["scheduling_listing"]  # the deferred trigger of bookings (scheduling/rules/listing.py)


def set_listing(enabled: bool) -> None:
    with connection.cursor() as cursor:
        for trigger in TRIGGERS:
            action = "ENABLE" if enabled else "DISABLE"
            cursor.execute(f"ALTER TABLE scheduling_booking {action} TRIGGER {trigger}")


def repair(since: float) -> None:
    """Recompute the agendas booked while the triggers were off."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT scheduling_listing_refresh(array_agg(DISTINCT s.agenda_id), NULL)
                 FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id
                WHERE b.created_at >= to_timestamp(%s)""",
            [since],
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or settings.DEBUG:
        raise SystemExit("run on PostgreSQL with DEBUG=0")
    started = time.time()
    try:
        for clients in (1, args.clients):
            rates: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(args.rounds):
                for enabled in (True, False):
                    set_listing(enabled)
                    rates[enabled].append(p1_service_processes(_free_pairs(args.bookings), clients))
            on, off = statistics.mean(rates[True]), statistics.mean(rates[False])
            rounds = ", ".join(
                f"{a:.0f}/{b:.0f}" for a, b in zip(rates[True], rates[False], strict=True)
            )
            print(
                f"  {clients:>2} client(s): with / without the listing per round {rounds};"
                f" means {on:.0f}/s / {off:.0f}/s -> the listing keeps {on / off:.0%}"
            )
    finally:
        set_listing(True)
        repair(started - 5)


if __name__ == "__main__":
    main()
