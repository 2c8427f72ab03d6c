"""Engine P1 (the booking service in 1 and N processes, bench/engine.py)
A/B, interleaved: each round runs every version once, the order rotated
round by round, after a VACUUM of every database (autovacuum may be off on a
development server, and the audit trail's pending table leaves dead rows
behind each transaction). Each version runs its own code from its own
worktree on its own seeded database:

    .venv/bin/python bench/engine_ab.py --rounds 5 \\
        bd259e2=/work/wt/apiold=apiold_medium main=/work/wt/seal=apinew_medium

The first version is the reference of the ratios (median of each round's
ratio). A worktree needs .venv; the database is on the DATABASE_URL's server.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

# Run inside a version's worktree: its own bench/engine.py (and code) books.
CHILD = """
import os, sys
sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
import engine
for clients in [int(c) for c in sys.argv[2].split(",")]:
    rate = engine.p1_service_processes(engine._free_pairs(int(sys.argv[1])), clients)
    print("P1", clients, rate, flush=True)
"""


def run(worktree: str, database: str, bookings: int, clients: str) -> list[float]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "SITE_URL": "https://bench.invalid",
        "DATABASE_URL": f"{os.environ.get('BENCH_SERVER', 'postgres://postgres@127.0.0.1:5432')}/{database}",
    }
    out = subprocess.run(
        [".venv/bin/python", "-c", CHILD, str(bookings), clients],
        cwd=worktree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [float(line.split()[2]) for line in out.splitlines() if line.startswith("P1 ")]


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atqc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


# Load-independent: what the audit seal read of the pending table per
# transaction sealed (blocks, heap and index, inserts included), and how many
# sequential scans of it ran, since the counters were reset at the start.
PENDING_READS = """
SELECT s.heap_blks_hit + s.heap_blks_read + coalesce(s.idx_blks_hit + s.idx_blks_read, 0),
       t.seq_scan, (SELECT count(*) FROM scheduling_booking)
  FROM pg_statio_user_tables s JOIN pg_stat_user_tables t USING (relid)
 WHERE s.relname = 'audit_pending'
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("versions", nargs="+", help="name=worktree=database")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--clients", default="1,8")
    args = parser.parse_args()
    versions = [tuple(v.split("=", 2)) for v in args.versions]
    counts = args.clients.split(",")
    rates: dict[str, list[list[float]]] = {name: [] for name, _w, _d in versions}
    bookings_before: dict[str, int] = {}
    for n in range(args.rounds):
        order = versions[n % len(versions) :] + versions[: n % len(versions)]
        for _name, _worktree, database in order:
            psql(database, "VACUUM")
            if n == 0:
                psql(database, "SELECT pg_stat_reset()")
                bookings_before[database] = int(psql(database, PENDING_READS).split("|")[2])
        for name, worktree, database in order:
            rates[name].append(run(worktree, database, args.bookings, args.clients))
            load = os.getloadavg()[0]
            print(
                f"round {n + 1} {name}: {rates[name][-1]} load {load:.1f} {time.strftime('%H:%M:%S')}"
            )
            sys.stdout.flush()
    reference = versions[0][0]
    for i, clients in enumerate(counts):
        print(
            f"\nP1, {clients} process(es), bookings/s: median (min-max), median ratio to {reference}"
        )
        for name, _w, _d in versions:
            values = [r[i] for r in rates[name]]
            ratios = [r[i] / ref[i] for r, ref in zip(rates[name], rates[reference], strict=True)]
            print(
                f"  {name}: {statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f}),"
                f" ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
            )
    print("\naudit_pending, per booking made in the rounds: blocks read, sequential scans")
    for name, _w, database in versions:
        blocks, scans, bookings = (int(v) for v in psql(database, PENDING_READS).split("|"))
        made = bookings - bookings_before[database]
        print(f"  {name}: {blocks / made:.1f} blocks, {scans / made:.1f} scans ({made} bookings)")


if __name__ == "__main__":
    main()
