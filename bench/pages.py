"""HTTP benchmark of the public pages, next to the framework's floor.

For each size (medium: 200 practitioners, large: 2,000, aphp: 12,400), it
makes (or reuses) a seeded PostgreSQL database, starts gunicorn on it
(DEBUG=0, 2 workers of 4 threads under deploy/gunicorn.conf.py, as production
runs it: one server per size, all at once), and drives every public page with
wrk (8 connections), one server at a time:
throughput and p50/p99 latency, next to a trivial page of the same server
(/privacy/: the floor). Two logged-in pages are measured the same way, on
the demo practitioner's department (seed_demo brings it to 60 practitioners;
a database seeded before that has fewer, and the report says how many): the
staff board of its busiest day (as the demo secretary) and the portal week
(as the demo practitioner). The machine is shared: each page is measured in
rounds of a few seconds, each right after a floor run on the same server, a
round going through every size in turn, and the ratios are the medians of
each round's ratio. Then it checks the targets of issues 12 and 23:

- every page serves at least 0.15x the floor's throughput, at every size;
- specialty and search pages, the board and the portal week: p99 at most 5x
  the floor's p99, at every size;
- every page keeps at least 0.8x its medium throughput at larger sizes,
  compared floor to floor within each round (page/floor at that size over
  page/floor at medium, measured seconds apart), since the machine's speed
  drifts;
- API bookings over HTTP at least 0.25x pgbench running the same SQL with
  as many clients (bench/api_throughput.py, run on the size's database: it
  writes an API client and a few hundred bookings there).

    apt-get install wrk redis-server postgresql-client   # pgbench
    .venv/bin/python bench/pages.py                   # seeds what is missing, then measures
    .venv/bin/python bench/pages.py --reuse --json bench/results.json
    .venv/bin/python bench/pages.py --reuse --sizes medium,aphp \\
        --database medium=pages_medium --database aphp=bench_aphp

Long: seeding aphp takes about 12 minutes, each size's measurement about 5
(all sizes' pages together, then each size's API bookings).
Never part of `make test` or CI.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SERVER = "postgres://postgres@127.0.0.1:5432"
FLOOR = "/privacy/"
LISTINGS = {"search", "search: profession + city", "specialty"}
STAFF = {"board (staff day)", "portal week"}
TAILED = LISTINGS | STAFF  # p99 at most 5x the floor's
API_TARGET = 0.25


@dataclass
class Measure:
    page: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _run(*command: str, env: dict | None = None, quiet: bool = False) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=quiet, text=True, timeout=7200
    )
    return done.stdout or ""


def _env(database: str, **extra: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{SERVER}/{database}",
        "LOG_LEVEL": "WARNING",
        # One client address sends every request: the rate limits would answer 429.
        "SEARCH_RATE": "100000000/h",
        # As production runs: counters in Redis (started by main()), https links.
        "SITE_URL": "https://bench.invalid",
        **extra,
    }


def _exists(database: str) -> bool:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
    return found is not None


def prepare(database: str, size: str, reuse: bool) -> None:
    if reuse and _exists(database):
        print(f"reusing {database}")
        # The code measured is today's: a database seeded before a new migration follows it.
        _run(PYTHON, "manage.py", "migrate", "-v0", env=_env(database))
        # The planner's statistics as production's autovacuum keeps them: each
        # run's API bookings add rows, and this machine's PostgreSQL runs
        # without autovacuum (CI's conf.d): after run 11 the board's plans
        # still counted 394 bookings of 2,076 at medium.
        with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
            conn.execute("ANALYZE")
    else:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
            conn.execute(f'CREATE DATABASE "{database}"')
        _run(PYTHON, "manage.py", "migrate", "-v0", env=_env(database))
        print(f"seeding {database} (--size {size})")
        started = time.monotonic()
        _run(PYTHON, "manage.py", "seed_demo", "--size", size, env=_env(database))
        print(f"  seeded in {time.monotonic() - started:.0f} s")
        with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    _run(PYTHON, "manage.py", "refresh_availability", env=_env(database), quiet=True)


def pages(database: str) -> dict[str, str]:
    """The URLs to measure, picked in the data: the first cardiologist's page
    on the week of their first availability, a free slot of theirs to book."""
    with psycopg.connect(f"{SERVER}/{database}") as conn:
        agenda, rpps, first, finess = conn.execute(
            """SELECT l.agenda_id, p.rpps, l.first_start, e.finess
                 FROM scheduling_agendalisting l
                 JOIN hospital_specialty s ON s.id = l.specialty_id AND s.code = 'cardiologie'
                 JOIN hospital_practitioner p ON p.id = l.practitioner_id
                 JOIN hospital_establishment e ON e.id = l.establishment_id
                WHERE l.first_start IS NOT NULL
                ORDER BY l.first_start, l.agenda_id LIMIT 1"""
        ).fetchone()
        (slot,) = conn.execute(
            """SELECT s.id FROM scheduling_slot s
                WHERE s.agenda_id = %s AND s.start >= %s AND s.status = 'open'
                  AND NOT EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id = s.id)
                ORDER BY s.start LIMIT 1""",
            [agenda, first],
        ).fetchone()
    monday = first.date() - datetime.timedelta(days=first.weekday())
    return {
        # Every search fills its first page at every size (12 paediatricians
        # in Paris at medium size): the same work, whatever the institution.
        "search": "/?q=Paris",
        "search: profession + city": "/?q=p%C3%A9diatre+paris",
        "specialty": "/specialties/cardiologie/",
        "establishment": f"/establishments/{finess}/",
        "practitioner week": f"/practitioners/{rpps}/?week={monday.isoformat()}",
        "booking form": f"/book/{slot}/",
    }


# Run inside Django on the size's database: the demo practitioner's department,
# its busiest day of the next two weeks, and a session for each login.
_LOGGED_IN = """
import datetime, json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from scheduling.models import Agenda, Slot

users = get_user_model().objects
practitioner = users.get(username="praticien").practitioner
department = Agenda.objects.filter(practitioner=practitioner).first().department
now = timezone.now()
busiest = (
    Slot.objects.filter(agenda__department=department, start__gte=now + datetime.timedelta(days=1))
    .filter(start__lt=now + datetime.timedelta(days=15))
    .annotate(day=TruncDate("start", tzinfo=timezone.get_current_timezone()))
    .values("day").annotate(n=Count("pk")).order_by("-n", "day")[0]
)
day = busiest["day"]
monday = day - datetime.timedelta(days=day.weekday())

def session(username):
    client = Client()
    client.force_login(users.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

print(json.dumps({
    "practitioners": department.agendas.filter(is_active=True).values("practitioner").distinct().count(),
    "slots": busiest["n"],
    "board": [f"{reverse('admin:scheduling_board')}?department={department.pk}&day={day}", session("secretaire")],
    "portal": [f"{reverse('portal:week')}?week={monday}", session("praticien")],
}))
"""


def logged_in_pages(database: str) -> tuple[dict[str, tuple[str, str]], str]:
    """The board and the portal week, each with its session cookie."""
    output = _run(PYTHON, "manage.py", "shell", "-c", _LOGGED_IN, env=_env(database), quiet=True)
    found = json.loads(output.strip().splitlines()[-1])  # after the shell's own notice
    about = f"department of {found['practitioners']} practitioners, {found['slots']} slots that day"
    return {
        "board (staff day)": tuple(found["board"]),
        "portal week": tuple(found["portal"]),
    }, about


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    database: str, workers: int, port: int = 0, threads: int = 0
) -> tuple[subprocess.Popen, str, Path | None]:
    """gunicorn as production runs it (deploy/gunicorn.conf.py: gthread
    workers, its JSON access log, kept in a file to see which worker served
    what) with `threads` threads per worker; with threads=0, gunicorn's
    default sync workers, which runs 1 to 9 measured (no access log)."""
    port = port or _free_port()
    bind = f"127.0.0.1:{port}"
    if threads:
        command = [GUNICORN, "config.wsgi", "-c", "deploy/gunicorn.conf.py"]
        extra = {"GUNICORN_WORKERS": str(workers), "GUNICORN_THREADS": str(threads)}
    else:
        command = [GUNICORN, "config.wsgi", "--workers", str(workers)]
        extra = {}
    log = Path(tempfile.mkstemp(prefix=f"pages-{database}-", suffix=".log")[1]) if threads else None
    server = subprocess.Popen(
        [*command, "--bind", bind],
        cwd=ROOT,
        env=_env(database, **extra),
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab") if log else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + FLOOR, timeout=2)
            return server, base, log
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def check(base: str, path: str, cookie: str | None = None) -> None:
    """Each page answers 200 with something on it, before it is measured."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read().decode()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    if path.startswith(("/?", "/specialties/")) and body.count('class="card"') < 10:
        raise SystemExit(f"{path} lists fewer than ten: it would not measure a full page")
    if cookie and response.url != base + path:
        raise SystemExit(f"{path} sent the session to {response.url}: not logged in")


_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(
    base: str, page: str, path: str, duration: int, connections: int, cookie: str | None = None
) -> Measure:
    output = _run(
        "wrk",
        *("-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "30s"),
        "--latency",
        *(("-H", f"Cookie: {cookie}") if cookie else ()),
        base + path,
        quiet=True,
    )
    latency = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(output)}
    errors = sum(
        int(n)
        for n in re.findall(r"(?:Non-2xx or 3xx responses|Socket errors:.*?timeout) (\d+)", output)
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Measure(page, path, rps, latency["50"], latency["99"], errors)


_SERVED_BY = re.compile(rb"pid=<(\d+)>")


def one_worker_served(log: Path | None, since: int, workers: int) -> bool:
    """Whether a run was served by one gunicorn worker while the others
    idled, read in the access log's lines written since offset `since`.
    On this bench a few of wrk's runs, the floor's as well as a page's, see
    all eight connections land on one worker for their whole four seconds
    (its rate halves; no request stalls); such a run measures the kernel's
    accept race, not the page, and its round is measured again."""
    if log is None or workers < 2:
        return False
    with log.open("rb") as lines:
        lines.seek(since)
        served = Counter(_SERVED_BY.findall(lines.read()))
    total = sum(served.values())
    return total > 0 and (len(served) < workers or min(served.values()) < 0.1 * total)


@dataclass
class Paired:
    """A page measured in rounds, each right after the floor, on a shared machine."""

    page: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    floor_rps: float
    floor_p99_ms: float
    share: float  # median over rounds of page req/s / floor req/s
    tail: float  # median over rounds of page p99 / floor p99
    # median over rounds of this share / the first size's (medium) share in the same round
    kept: float
    redone: int  # floor/page pairs measured again: one of the two ran on one worker alone


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure_page(page: str, targets: dict[str, tuple], args) -> dict[str, Paired]:
    """Floor, page, floor, page...: each round's ratio compares two runs a few
    seconds apart, so the other loads of a shared machine cancel out. With
    several sizes (targets: size -> base, path, cookie), each round measures
    every size in turn, starting from a different one each round, and each
    size's rate is compared with the first size's (medium) of the same round."""
    sizes = list(targets)
    floors = {size: [] for size in sizes}
    runs = {size: [] for size in sizes}
    redone = dict.fromkeys(sizes, 0)
    for round_ in range(args.rounds):
        for size in sizes[round_ % len(sizes) :] + sizes[: round_ % len(sizes)]:
            base, log, path, cookie = targets[size]
            for attempt in range(3):
                # The requests a slow page left queued are served before the floor is timed.
                urllib.request.urlopen(base + FLOOR, timeout=60).read()
                since = log.stat().st_size if log else 0
                floor = wrk(base, "floor", FLOOR, args.duration, args.connections)
                between = log.stat().st_size if log else 0
                run = wrk(base, page, path, args.duration, args.connections, cookie)
                lopsided = one_worker_served(log, since, args.workers) or one_worker_served(
                    log, between, args.workers
                )
                if not lopsided or attempt == 2:
                    break
                redone[size] += 1
            floors[size].append(floor)
            runs[size].append(run)
    reference = sizes[0]

    def share(size, i):
        return runs[size][i].rps / floors[size][i].rps

    measured = {}
    for size in sizes:
        rounds = range(args.rounds)
        measured[size] = Paired(
            page,
            targets[size][2],
            rps=_median([m.rps for m in runs[size]]),
            p50_ms=_median([m.p50_ms for m in runs[size]]),
            p99_ms=_median([m.p99_ms for m in runs[size]]),
            errors=sum(m.errors for m in runs[size] + floors[size]),
            floor_rps=_median([m.rps for m in floors[size]]),
            floor_p99_ms=_median([m.p99_ms for m in floors[size]]),
            share=_median([share(size, i) for i in rounds]),
            tail=_median([runs[size][i].p99_ms / floors[size][i].p99_ms for i in rounds]),
            kept=_median([share(size, i) / share(reference, i) for i in rounds]),
            redone=redone[size],
        )
    return measured


def keep_clock(database: str) -> None:
    """Move the listing clock, as production's task worker does every minute
    (scheduling.tasks.keep_listing_clock). Without it the listing's rows fall
    behind five minutes after prepare()'s refresh, and the pages measured
    later in a run, on a working day, took the path of a stopped clock
    (its first availabilities asked of the slots) where the pages measured
    first did not (issue 23)."""
    _run(PYTHON, "manage.py", "refresh_availability", env=_env(database), quiet=True)


def measure_sizes(databases: dict[str, str], args) -> dict[str, dict]:
    """Every size measured side by side: one server per size, all started at
    once, and each page's rounds go through the sizes in turn (floor, page on
    one size's server, then the next size's), the order rotated every round.
    A page's rate at one size is then compared with its rate at medium
    measured seconds apart, not ten minutes apart: run 10 measured the
    sizes one after the other, and the machine's drift in between (its floor
    ran at 184-509 req/s within one run) was wider than the 0.8 it checked."""
    found = {}
    for size, database in databases.items():
        urls = {page: (path, None) for page, path in pages(database).items()}
        staff, department = logged_in_pages(database)
        urls.update(staff)
        if args.pages:
            wanted = args.pages.split(",")
            urls = {page: url for page, url in urls.items() if any(w in page for w in wanted)}
        found[size] = (urls, department)
    servers = {}
    try:
        for offset, (size, database) in enumerate(databases.items()):
            port = args.port + offset if args.port else 0
            servers[size] = start_server(database, args.workers, port, args.threads)
        for size, (urls, _department) in found.items():
            base = servers[size][1]
            for path, cookie in [(FLOOR, None), *urls.values()]:
                check(base, path, cookie)
                wrk(base, "warm-up", path, 2, args.connections, cookie)
        measured = {size: [] for size in databases}
        for page in found[next(iter(databases))][0]:
            for database in databases.values():
                keep_clock(database)
            targets = {size: (*servers[size][1:], *found[size][0][page]) for size in databases}
            for size, paired in measure_page(page, targets, args).items():
                measured[size].append(paired)
    finally:
        for server, _base, _log in servers.values():
            server.send_signal(signal.SIGTERM)
        for server, _base, log in servers.values():
            server.wait(30)
            if log:
                log.unlink()
    load = os.getloadavg()[1]
    results = {}
    for size, database in databases.items():
        api = api_booking(database, args) if args.api_bookings else None
        results[size] = {
            "pages": measured[size],
            "load": load,
            "department": found[size][1],
            "api": api,
        }
    return results


_API_RATES = re.compile(r"API over HTTP (\d+)/s, pgbench (\d+)/s, ratio ([\d.]+)")


def api_booking(database: str, args) -> dict:
    """bench/api_throughput.py on this database: bookings posted to the API
    over HTTP by as many clients as wrk's connections, alternating in rounds
    with pgbench running the SQL one API booking sent (captured), with as
    many clients."""
    try:
        output = _run(
            PYTHON,
            "bench/api_throughput.py",
            *("--bookings", str(args.api_bookings), "--clients", str(args.connections)),
            *("--rounds", str(args.rounds)),
            env=_env(database, CACHE_KEY_PREFIX=f"bench-pages-{database}"),
            quiet=True,
        )
    except subprocess.CalledProcessError as failed:
        print(
            f"api_throughput.py failed on {database}:\n{failed.stdout[-2000:]}{failed.stderr[-2000:]}"
        )
        return {"api_per_s": 0.0, "pgbench_per_s": 0.0, "ratio": 0.0}
    api, pgbench, ratio = _API_RATES.search(output).groups()
    return {"api_per_s": float(api), "pgbench_per_s": float(pgbench), "ratio": float(ratio)}


def report(results: dict[str, dict]) -> bool:
    met = True
    medium = results.get("medium")
    for size, result in results.items():
        floors = [m.floor_rps for m in result["pages"]]
        print(
            f"\n{size}: floor {FLOOR} {min(floors):,.0f}-{max(floors):,.0f} req/s over the run"
            f" (machine load {result['load']:.1f}); board and portal: {result['department']}"
        )
        print(
            f"  {'page':<28}{'req/s':>7}{'floor':>7}{'x floor':>9}{'p50 ms':>8}{'p99 ms':>8}"
            f"{'floor p99':>10}{'p99 x floor':>12}{'vs medium':>10}"
        )
        for m in result["pages"]:
            ok = m.share >= 0.15 and m.errors == 0 and (m.page not in TAILED or m.tail <= 5)
            flat = ""
            if medium and size != "medium":
                flat = f"{m.kept:.2f}"
                ok = ok and m.kept >= 0.8
            met = met and ok
            print(
                f"  {m.page:<28}{m.rps:>7,.0f}{m.floor_rps:>7,.0f}{m.share:>9.2f}{m.p50_ms:>8.1f}"
                f"{m.p99_ms:>8.1f}{m.floor_p99_ms:>10.1f}{m.tail:>12.1f}{flat:>10}"
                f"  {'met' if ok else 'MISSED'}"
                + (f" ({m.errors} errors)" if m.errors else "")
                + (f" ({m.redone} pairs redone: one worker alone)" if m.redone else "")
            )
        if api := result["api"]:
            ok = api["ratio"] >= API_TARGET
            met = met and ok
            print(
                f"  API booking over HTTP {api['api_per_s']:.0f}/s, pgbench running its SQL"
                f" {api['pgbench_per_s']:.0f}/s: {api['ratio']:.2f}x  {'met' if ok else 'MISSED'}"
            )
    print(
        "\ntargets: every page >= 0.15x the floor; specialty, search, board and portal p99 <= 5x"
        " the floor's; >= 0.8x its medium throughput (floor-normalised); API booking >= 0.25x"
        " pgbench: " + ("all met" if met else "MISSED")
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="medium,large,aphp")
    parser.add_argument("--prefix", default="bench_", help="database names: PREFIX + size")
    parser.add_argument("--reuse", action="store_true", help="keep databases already seeded")
    parser.add_argument(
        "--database",
        action="append",
        default=[],
        metavar="SIZE=NAME",
        help="this size's database instead of PREFIX + size (repeatable)",
    )
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="floor/page pairs per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker, under deploy/gunicorn.conf.py as in production (default 4,"
        " its own); 0: gunicorn's sync worker, as runs 1-9 measured",
    )
    parser.add_argument(
        "--api-bookings",
        type=int,
        default=200,
        help="API bookings (and as many by pgbench) per size; 0: no API measurement",
    )
    parser.add_argument(
        "--pages",
        help="only the pages whose name holds one of these words (comma-separated: board,portal)",
    )
    parser.add_argument("--json", help="write the figures there")
    # Helpers benchmarking side by side each give their own ports: a free
    # port picked here may be taken by another run before its server binds it.
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument(
        "--redis-port", type=int, default=0, help="the Redis started here (default: a free one)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    if args.api_bookings and shutil.which("pgbench") is None:
        raise SystemExit("pgbench is not installed (apt-get install postgresql-client)")
    redis_port = args.redis_port or _free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    try:
        results, met = _measure_all(args)
    finally:
        redis.terminate()
    sys.exit(0 if met else 1)


def _measure_all(args) -> tuple[dict, bool]:
    named = dict(pair.split("=", 1) for pair in args.database)
    sizes = args.sizes.split(",")
    # Medium first: the other sizes are compared with it, round by round.
    sizes.sort(key=lambda size: size != "medium")
    databases = {size: named.get(size, args.prefix + size) for size in sizes}
    for size, database in databases.items():
        prepare(database, size, args.reuse)
    print(f"measuring {', '.join(databases)} side by side ...", flush=True)
    results = measure_sizes(databases, args)
    met = report(results)
    if args.json:
        serialisable = {
            size: {**r, "pages": [asdict(m) for m in r["pages"]]} for size, r in results.items()
        }
        Path(args.json).write_text(json.dumps(serialisable, indent=2))
    return results, met


if __name__ == "__main__":
    main()
