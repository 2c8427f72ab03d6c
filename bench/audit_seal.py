"""What sealing the audit trail costs one big transaction, before and after
issue 23, measured on PostgreSQL in one run.

Writes N events in one transaction (one INSERT of N rows into an audited
table: each row's trigger queues its event), then times the COMMIT, which
seals them. "before" is the seal of rules 0024 (one deferred trigger per
event, each updating the chain head: O(n²) in one transaction), swapped in
from its frozen SQL; "after" is the seal the migrations install today (one
seal request per transaction, one pass, one update of the head). Both are
read the way the migrations install them: the frozen versions folded
(scheduling/rules/frozen.py), whole-program files up to 0037, then one
file per object. Both seals write the same chain: the run ends with
`audit_verify`, and with `rules_drift` (today's seal is put back with its
frozen hashes, so the database is left as the migrations left it). Run it
against a scratch database:

    createdb -h 127.0.0.1 -U postgres bench_seal
    export DEBUG=0 SECRET_KEY=bench SITE_URL=https://bench.invalid DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_seal
    .venv/bin/python manage.py migrate --skip-checks
    .venv/bin/python bench/audit_seal.py --events 10000 20000 40000
"""

import argparse
import io
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from scheduling.migrations._frozen_rules import _localised, stamp  # noqa: E402
from scheduling.rules.drift import drift  # noqa: E402
from scheduling.rules.frozen import Frozen, fold  # noqa: E402

# The seal's moving parts: what 0029 changed.
SEAL_FUNCTIONS = {"audit_write", "audit_seal_later", "audit_seal"}
SEALS = {
    # (the version whose seal it is, None: the latest; the table its triggers are on)
    "before": ("0024_rules_seal_last", "audit_pending"),
    "after": (None, "audit_seal_request"),
}


def seal_objects(which: str) -> list[Frozen]:
    """One seal's functions and the deferred triggers on its table, as the
    migrations installed them (up to its version)."""
    version, table = SEALS[which]
    return [
        o
        for o in fold("postgresql", up_to=version).values()
        if (o.kind == "function" and o.name in SEAL_FUNCTIONS)
        or (o.kind == "trigger" and o.name.startswith(table + "."))
    ]


def install_seal(which: str) -> None:
    """Swap in one seal; the other one's triggers are dropped. Today's seal is
    stamped with its frozen hashes, as its migration did (rules_drift)."""
    statements = []
    for other in SEALS:
        if other != which:
            statements += [o.drop for o in seal_objects(other) if o.kind == "trigger"]
    objects = seal_objects(which)
    for o in objects:
        create = _localised(o.create)
        statements += [o.drop, create] if o.kind == "trigger" else [create]
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for statement in statements:
            cursor.execute(statement)
        if which == "after":
            for o in objects:
                stamp(connection, o.kind, o.name, o.drop, o.hash)
        cursor.execute("COMMIT")


def commit_events(count: int) -> tuple[float, float]:
    """(seconds to write, seconds to COMMIT) `count` events in one transaction."""
    tag = uuid.uuid4().hex[:8]
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        started = time.perf_counter()
        cursor.execute(
            "INSERT INTO hospital_specialty (code, name)"
            " SELECT %s || '-' || n, 'Bench ' || %s || ' ' || n FROM generate_series(1, %s) n",
            [tag, tag, count],
        )
        written = time.perf_counter()
        cursor.execute("COMMIT")
        committed = time.perf_counter()
        cursor.execute("SELECT count(*) FROM audit_pending")
        assert cursor.fetchone()[0] == 0, "events left unsealed"
    return written - started, committed - written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--only", choices=sorted(SEALS), help="measure one seal only")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/audit_seal.py measures PostgreSQL's seal: set DATABASE_URL")
    connection.ensure_connection()
    connection.connection.autocommit = True
    results: dict[str, list[tuple[int, float, float]]] = {}
    try:
        for which in [args.only] if args.only else ["before", "after"]:
            install_seal(which)
            for count in args.events:
                write, commit = commit_events(count)
                results.setdefault(which, []).append((count, write, commit))
                print(
                    f"{which:>6}  {count:>6} events  write {write:6.2f} s  commit {commit:7.2f} s",
                    flush=True,
                )
    finally:
        install_seal("after")
    call_command("audit_verify", stdout=io.StringIO())
    print("audit_verify: the chain verifies")
    left = drift()
    print("rules_drift: " + ("; ".join(map(str, left)) or "the database holds today's rules"))
    print()
    print("events   | " + " | ".join(f"commit {which} (s)" for which in results))
    for i, count in enumerate(args.events):
        print(f"{count:>8} | " + " | ".join(f"{rows[i][2]:>15.2f}" for rows in results.values()))


if __name__ == "__main__":
    main()
