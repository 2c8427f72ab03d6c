"""Mixed load: a hospital's ordinary day, all at once, against gunicorn as deployed.

It starts gunicorn with deploy/gunicorn.conf.py and the documented production
settings, the task worker (`manage.py db_worker`: mail, hold releases,
waiting-list offers) and a Redis of its own (tests/deploy/servers.py), seeds a
world (a group of member hospitals, a dozen agendas with twelve weeks of
slots, booked appointments to move and cancel, past ones to record, today's to
check in, an API client, a secretary), then drives for a set time, from
several client threads at once:

- public pages (home, a specialty, a practitioner, an establishment) and searches;
- public holds then confirmations with the code the worker mailed (a file
  mail backend: the code is read from the mail, as the patient would);
- API bookings, availability and booking reads, moves, cancellations, outcomes;
- the secretaries' board and day view, their cancellations, moves and check-ins;
- the floor: /privacy/, a page that does nothing, measured in the same run.

It prints throughput, p50/p99 per kind next to the floor's, the number of 5xx
answers, and the deadlocks: PostgreSQL's own count for the database
(pg_stat_database.deadlocks, read after the servers stopped) and the lines
"deadlock detected" in gunicorn's and the worker's logs. Targets (issue 19):
0 5xx, 0 deadlocks, every kind's p99 at most 5x the floor's p99.

    .venv/bin/python bench/mixed_load.py --seconds 600        # PostgreSQL, h_mixed_load
    .venv/bin/python bench/mixed_load.py --seconds 600 --reuse  # from the same seeded state
    .venv/bin/python bench/mixed_load.py --seconds 60 --clients 6 --database h_mine
    .venv/bin/python bench/mixed_load.py --seconds 600 --on bench_aphp --database h_mixed_aphp
    .venv/bin/python bench/mixed_load.py ... --port 8386 --redis-url redis://127.0.0.1:6386/0

`--on DB` starts from a copy of a database seeded by `seed_demo --size aphp`
(12,400 practitioners, 2.6 million slots) and adds the mixed world's agendas
to it: the searches and the public lists then rank the institution's whole
registry, while bookings, moves and cancels land on the mixed world's agendas.

PostgreSQL only (SQLite has one writer: nothing to deadlock). Needs
redis-server. tests/deploy/test_mixed_load.py runs a short version in CI.
"""

import argparse
import datetime
import email
import email.header
import http.client
import itertools
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = "postgres://postgres@127.0.0.1:5432"
FLOOR = "floor"
TARGET_RATIO = 5.0
# How often each kind of request is picked (relative weights).
MIX = {
    FLOOR: 10,
    "page": 18,
    "search": 12,
    "public hold": 10,
    "public confirm": 10,
    "api book": 8,
    "api read": 10,
    "api move": 5,
    "api cancel": 4,
    "api outcome": 2,
    "staff board": 4,
    "staff cancel": 3,
    "staff move": 3,
    "staff check-in": 2,
}
WORDS = ["cardio", "neuro", "Paris", "Lyon", "dermato", "Martin", "pédiatrie", "Hôpital"]
FIRST = ["Alex", "Inès", "Louis", "Chloé", "Hugo", "Léa", "Nathan", "Jade", "Noé", "Zoé"]
LAST = ["Durand", "Martin", "Bernard", "Petit", "Robert", "Richard", "Moreau", "Simon"]


# --- the world ---------------------------------------------------------------------


@dataclass
class World:
    slots: list[int]  # future generated slots, three days ahead and more
    reasons: dict[int, int]  # slot's agenda -> an online reason of it
    slot_agenda: dict[int, int]
    pages: list[str]
    api_token: str
    staff: tuple[str, str]
    api_bookings: list[tuple[str, int]] = field(default_factory=list)  # (public id, agenda)
    past_bookings: list[str] = field(default_factory=list)  # public ids, to record
    today_bookings: list[int] = field(default_factory=list)  # pks, to check in
    staff_bookings: list[tuple[int, int]] = field(default_factory=list)  # (pk, agenda)


def seed(*, agendas: int = 12, booked: int = 200) -> World:
    """The world, through the ORM of the current Django connection (a test's
    database or the benchmark's own)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.utils import timezone

    from scheduling.models import OpeningRule, Slot
    from scheduling.services.api_clients import create_client
    from scheduling.services.slots import generate_slots
    from tests import factories as f

    specialties = [f.specialty(code) for code in ("cardiologie", "neurologie", "dermatologie")]
    hospitals = [
        f.establishment(name=f"Hôpital {name}", city=city)
        for name, city in (("Saint-Louis", "Paris"), ("Édouard-Herriot", "Lyon"))
    ]
    made = []
    for n in range(agendas):
        department = f.department(
            hospitals[n % 2], name=f"Service {n}", specialty=specialties[n % 3]
        )
        doctor = f.practitioner(first_name=FIRST[n % 10], last_name=f"{LAST[n % 8]}{n}")
        doctor.specialties.add(specialties[n % 3])
        agenda = f.agenda(doctor, department)
        reason = f.reason(agenda, minutes=20, label="Consultation")
        for weekday in range(7):
            rule = OpeningRule.objects.create(
                agenda=agenda,
                weekday=weekday,
                start_time=datetime.time(8),
                end_time=datetime.time(18),
                valid_from=datetime.date(2020, 1, 1),
            )
            rule.reasons.add(reason)
        generate_slots(agenda)
        made.append((agenda, reason, doctor, department))
    now = timezone.now()
    # This world's agendas only: on top of a seeded registry (--on), the others
    # are the institution's, there to be searched, not booked.
    future = Slot.objects.filter(
        agenda__in=[agenda for agenda, *_ in made], start__gte=now + datetime.timedelta(days=3)
    ).order_by("pk")
    slot_agenda = dict(future.values_list("pk", "agenda_id"))
    reasons = {agenda.pk: reason.pk for agenda, reason, _d, _p in made}
    client, token = create_client(
        name="HIS", establishments=hospitals, can_read=True, can_book=True
    )
    staff = f.user("secretariat", superuser=True)
    staff.password = PBKDF2PasswordHasher().encode("pw", PBKDF2PasswordHasher().salt())
    staff.save(update_fields=["password"])
    world = World(
        slots=list(slot_agenda),
        reasons=reasons,
        slot_agenda=slot_agenda,
        pages=_pages(made, specialties, hospitals),
        api_token=token,
        staff=("secretariat", "pw"),
    )
    _seed_bookings(world, made, booked, client.user, now)
    return world


def _pages(made, specialties, hospitals) -> list[str]:
    pages = ["/"]
    pages += [f"/specialties/{s.code}/" for s in specialties]
    pages += [f"/establishments/{h.finess}/" for h in hospitals]
    pages += [f"/practitioners/{doctor.rpps}/" for _a, _r, doctor, _d in made]
    return pages


def _seed_bookings(world: World, made, booked: int, api_user, now) -> None:
    """Booked appointments the load moves and cancels, past ones whose outcome
    it records, and today's it checks in (made through the ORM: the past
    cannot be booked through the service)."""
    from django.utils import timezone

    from scheduling.models import Booking, Slot
    from tests import factories as f

    for n, slot_id in enumerate(random.sample(world.slots, booked)):
        booking = f.booking(
            _slot(slot_id),
            None,
            patient=f.patient(last_name=f"Seed{n}", email=f"seed{n}@example.org"),
            channel=Booking.Channel.API,
            created_by=api_user,
        )
        if n % 2:
            world.api_bookings.append((str(booking.public_id), world.slot_agenda[slot_id]))
        else:
            world.staff_bookings.append((booking.pk, world.slot_agenda[slot_id]))
        world.slots.remove(slot_id)
    for n, (agenda, reason, _d, _p) in enumerate(made * 10):
        past = f.slot(agenda, start=now - datetime.timedelta(days=2, hours=n), by_hand=True)
        world.past_bookings.append(
            str(f.booking(past, reason, channel=Booking.Channel.API, created_by=api_user).public_id)
        )
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time())
    )
    for n, (agenda, reason, _d, _p) in enumerate(made):
        today = list(
            Slot.objects.filter(
                agenda=agenda, start__gt=now, start__date=timezone.localdate(now)
            ).order_by("start")[:4]
        )
        if not today:
            # The day's opening hours are over (a run in the evening): earlier
            # today, by hand, as history is written, so check-ins still happen.
            step = (now - midnight) / (4 * len(made) + 1)
            today = [
                f.slot(agenda, start=midnight + step * (4 * n + k + 1), minutes=1, by_hand=True)
                for k in range(4)
            ]
        world.today_bookings += [f.booking(slot, reason).pk for slot in today]


def _slot(slot_id: int):
    from scheduling.models import Slot

    return Slot.objects.get(pk=slot_id)


# --- the mail the worker sends ---------------------------------------------------


class Mailbox:
    """The codes the worker mailed, by recipient, read from the file backend's files."""

    def __init__(self, directory: Path):
        self.directory, self.codes, self.seen = directory, {}, set()
        self.lock = threading.Lock()

    def scan(self) -> None:
        for path in self.directory.iterdir():
            if path.name in self.seen:
                continue
            self.seen.add(path.name)
            for raw in path.read_text(errors="replace").split("-" * 79):
                message = email.message_from_string(raw.strip())
                subject = str(
                    email.header.make_header(email.header.decode_header(message.get("Subject", "")))
                )
                if found := re.search(r"\b(\d{6})\b", subject):
                    with self.lock:
                        self.codes[message.get("To", "").strip()] = found.group(1)

    def code_for(self, address: str) -> str | None:
        with self.lock:
            return self.codes.pop(address, None)


# --- the load ---------------------------------------------------------------------


@dataclass
class Failed:
    """A request that got no answer."""

    body: str
    status: int = 0
    seconds: float = 0.0


@dataclass
class Tally:
    timings: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    server_errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, response) -> None:
        with self.lock:
            self.timings[kind].append(response.seconds)
            self.statuses[kind][response.status] += 1
            if response.status >= 500 or response.status == 0:
                self.server_errors.append((kind, response.status, response.body[:300]))


class Load:
    """Client threads picking requests by MIX until the time is up."""

    def __init__(self, port: int, world: World, mailbox: Mailbox, *, think: float):
        from tests.deploy.servers import Browser

        self.port, self.world, self.mailbox, self.think = port, world, mailbox, think
        self.Browser = Browser
        self.tally = Tally()
        self.lock = threading.Lock()
        self.holds: list[tuple] = []  # (browser, confirm path, address)
        self.addresses = itertools.count(1)
        self.agenda_slots = defaultdict(list)
        for slot, agenda in world.slot_agenda.items():
            self.agenda_slots[agenda].append(slot)

    def browser(self):
        address = f"198.51.{random.randint(0, 255)}.{random.randint(1, 254)}"
        return self.Browser(self.port, address=address)

    def run(self, seconds: float, clients: int) -> Tally:
        staff = [self._staff_login() for _ in range(clients)]
        self.began = time.monotonic()
        stop = self.began + seconds
        scanning = threading.Event()

        def scan():
            while not scanning.is_set():
                self.mailbox.scan()
                time.sleep(0.3)

        crashes: list[str] = []

        def client(n: int):
            kinds, weights = list(MIX), list(MIX.values())
            while time.monotonic() < stop:
                kind = random.choices(kinds, weights)[0]
                try:
                    getattr(self, "_" + kind.replace(" ", "_").replace("-", "_"))(staff[n])
                except (OSError, http.client.HTTPException) as error:
                    # No answer at all (a worker killed mid-request): worse than
                    # a 5xx, and counted with them (status 0).
                    self.tally.add(kind, Failed(f"{type(error).__name__}: {error}"))
                except Exception:
                    # The script's own fault: the run would go on with fewer
                    # clients and print figures for a lighter load. Stop it.
                    crashes.append(traceback.format_exc())
                    return
                time.sleep(random.uniform(0, self.think))

        threads = [threading.Thread(target=scan)]
        threads += [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads[1:]:
            thread.join()
        scanning.set()
        threads[0].join()
        if crashes:
            raise RuntimeError(f"{len(crashes)} client thread(s) crashed:\n{crashes[0]}")
        return self.tally

    def _staff_login(self):
        browser = self.Browser(self.port, address="10.1.2.3")
        name, password = self.world.staff
        answer = browser.post(
            "/admin/login/", {"username": name, "password": password, "next": "/admin/"}
        )
        if answer.status != 302:
            raise RuntimeError(f"staff login failed: {answer.status} {answer.body[:300]}")
        return browser

    # Each kind: one step a user takes, recorded under its name.

    def _floor(self, _staff):
        self.tally.add(FLOOR, self.browser().get("/privacy/"))

    def _page(self, _staff):
        self.tally.add("page", self.browser().get(random.choice(self.world.pages)))

    def _search(self, _staff):
        query = _quote(random.choice(WORDS))
        self.tally.add("search", self.browser().get(f"/?q={query}"))

    def _free_slot(self) -> int:
        return random.choice(self.world.slots)

    def _person(self) -> dict:
        n = next(self.addresses)
        return {
            "first_name": random.choice(FIRST),
            "last_name": f"{random.choice(LAST)}-{secrets.token_hex(3)}",
            "birth_date": f"{random.randint(1940, 2010)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}",
            "email": f"mix{n}-{secrets.token_hex(3)}@example.org",
            "phone": "06 12 34 56 78",
        }

    def _public_hold(self, _staff):
        slot = self._free_slot()
        browser, person = self.browser(), self._person()
        form = browser.get(f"/book/{slot}/")
        self.tally.add("public hold", form)
        token = re.search(r'name="form_token" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            return
        details = {
            **person,
            "reason": self.world.reasons[self.world.slot_agenda[slot]],
            "seen_before": "new",
            "for_whom": "self",
            "consent": "on",
            "form_token": token.group(1),
        }
        held = browser.request("POST", f"/book/{slot}/", details)
        self.tally.add("public hold", held)
        if held.status == 302 and "/book/confirm/" in held.location:
            with self.lock:
                self.holds.append((browser, held.location, person["email"], time.monotonic()))

    def _public_confirm(self, _staff):
        with self.lock:
            ready = [h for h in self.holds if h[2] in self.mailbox.codes]
            stale = [h for h in self.holds if time.monotonic() - h[3] > 120]
            # A hold both ready and stale is taken once.
            for hold in {id(h): h for h in ready[:1] + stale}.values():
                self.holds.remove(hold)
        if not ready:
            return
        browser, path, address, _t = ready[0]
        code = self.mailbox.code_for(address)
        self.tally.add("public confirm", browser.request("POST", path, {"code": code}))

    def _api(self, method: str, path: str, body: dict | None = None, key: bool = False):
        headers = {"Authorization": f"Bearer {self.world.api_token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if key:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        return self.browser().request(
            method, f"/api/v1/{path}", headers=headers, body=json.dumps(body) if body else None
        )

    def _api_book(self, _staff):
        slot = self._free_slot()
        person = {k: v for k, v in self._person().items()}
        body = {
            "slot": slot,
            "reason": self.world.reasons[self.world.slot_agenda[slot]],
            "patient": person,
            "returning": False,
        }
        answer = self._api("POST", "bookings/", body, key=True)
        self.tally.add("api book", answer)
        if answer.status == 201:
            with self.lock:
                made = (json.loads(answer.body)["id"], self.world.slot_agenda[slot])
                self.world.api_bookings.append(made)

    def _api_read(self, _staff):
        if random.random() < 0.5 and self.world.api_bookings:
            booking, _agenda = random.choice(self.world.api_bookings)
            answer = self._api("GET", f"bookings/{booking}/")
        else:
            day = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(
                days=random.randint(3, 40)
            )
            answer = self._api(
                "GET", f"availability/?start={day}&end={day + datetime.timedelta(days=2)}"
            )
        self.tally.add("api read", answer)

    def _api_move(self, _staff):
        if self.world.api_bookings:
            booking, agenda = random.choice(self.world.api_bookings)
            slot = random.choice(self.agenda_slots[agenda])  # in the same agenda
            self.tally.add(
                "api move", self._api("POST", f"bookings/{booking}/move/", {"slot": slot})
            )

    def _api_cancel(self, _staff):
        with self.lock:
            if not self.world.api_bookings:
                return
            booking, _agenda = self.world.api_bookings.pop(
                random.randrange(len(self.world.api_bookings))
            )
        self.tally.add(
            "api cancel",
            self._api("POST", f"bookings/{booking}/cancel/", {"reason": "le patient a appelé"}),
        )

    def _api_outcome(self, _staff):
        with self.lock:
            if not self.world.past_bookings:
                return
            booking = self.world.past_bookings.pop()
        self.tally.add(
            "api outcome", self._api("POST", f"bookings/{booking}/outcome/", {"honoured": True})
        )

    def _staff_board(self, staff):
        path = random.choice(["/admin/scheduling/booking/board/", "/admin/scheduling/booking/day/"])
        self.tally.add("staff board", staff.get(path))

    def _staff_booking(self) -> tuple[int, int] | None:
        with self.lock:
            if not self.world.staff_bookings:
                return None
            return self.world.staff_bookings.pop(random.randrange(len(self.world.staff_bookings)))

    def _staff_cancel(self, staff):
        if picked := self._staff_booking():
            path = f"/admin/scheduling/booking/{picked[0]}/cancel/"
            self.tally.add("staff cancel", staff.post(path, {"reason": "absent"}))

    def _staff_move(self, staff):
        # Straight to the POST, as the board's move does: the move form's page
        # lists every free slot of the agenda (seconds to render, see README).
        if picked := self._staff_booking():
            booking, agenda = picked
            slot = random.choice(self.agenda_slots[agenda])
            path = f"/admin/scheduling/booking/{booking}/move/"
            self.tally.add("staff move", staff.request("POST", path, {"slot": slot}))
            with self.lock:
                self.world.staff_bookings.append(picked)

    def _staff_check_in(self, staff):
        with self.lock:
            if not self.world.today_bookings:
                return
            booking = self.world.today_bookings.pop()
        self.tally.add(
            "staff check-in",
            staff.request("POST", f"/admin/scheduling/booking/{booking}/check-in/", {}),
        )


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


# --- the servers, the count of deadlocks, the report ---------------------------


def deadlocks(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute("SELECT pg_stat_clear_snapshot()")
        return db.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()[0]


@dataclass
class Result:
    seconds: float
    requests: int
    rows: list[dict]
    server_errors: int
    deadlocks_counted: int  # pg_stat_database, this database, during the run
    deadlocks_logged: int  # "deadlock detected" in gunicorn's and the worker's logs
    floor_p99_ms: float
    worst_ratio: float
    server_error_samples: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return (
            self.server_errors == 0
            and self.deadlocks_counted == 0
            and self.deadlocks_logged == 0
            and self.worst_ratio <= TARGET_RATIO
        )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def drive(
    database_url: str,
    world: World,
    *,
    seconds: float,
    clients: int,
    think: float,
    workers: int,
    directory: Path,
    redis_url: str | None = None,
    port: int = 0,
) -> Result:
    """Start the servers on `database_url`, run the load, stop them, count.
    gunicorn listens on `port` (0: a free one); `redis_url`: a Redis already
    running, else one of the run's own."""
    from tests.deploy.servers import gunicorn, redis_server

    mail = directory / "mail"
    mail.mkdir(exist_ok=True)
    before = deadlocks(database_url)
    with _redis(directory, redis_url, redis_server) as redis:
        with gunicorn(
            directory,
            worker=True,
            port=port,
            DATABASE_URL=database_url,
            REDIS_URL=redis,
            CACHE_KEY_PREFIX=f"mixed-{secrets.token_hex(4)}",
            BOOKING_RATE="100000/h",
            SEARCH_RATE="100000/m",
            API_RATE="100000/m",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(mail),
            GUNICORN_WORKERS=str(workers),
        ) as port:
            load = Load(port, world, Mailbox(mail), think=think)
            tally = load.run(seconds, clients)
            elapsed = time.monotonic() - load.began
    time.sleep(1)  # the servers' connections report their counts as they close
    logs = (directory / "gunicorn.log").read_text(errors="replace")
    logs += (directory / "worker.log").read_text(errors="replace")
    return _result(
        tally, elapsed, deadlocks(database_url) - before, logs.count("deadlock detected")
    )


def _redis(directory: Path, url: str | None, redis_server):
    import contextlib

    if url:
        return contextlib.nullcontext(url)

    @contextlib.contextmanager
    def own():
        with redis_server(directory) as server:
            yield server.url

    return own()


def _result(tally: Tally, elapsed: float, counted: int, logged: int) -> Result:
    floor_p99 = _percentile(tally.timings[FLOOR], 0.99)
    rows = []
    for kind in MIX:
        timings = tally.timings.get(kind, [])
        p99 = _percentile(timings, 0.99)
        rows.append(
            {
                "kind": kind,
                "requests": len(timings),
                "per_second": len(timings) / elapsed,
                "p50_ms": _percentile(timings, 0.5),
                "p99_ms": p99,
                "p99_over_floor": p99 / floor_p99 if floor_p99 else 0.0,
                "statuses": dict(sorted(tally.statuses.get(kind, {}).items())),
            }
        )
    return Result(
        seconds=elapsed,
        requests=sum(len(t) for t in tally.timings.values()),
        rows=rows,
        server_errors=len(tally.server_errors),
        deadlocks_counted=counted,
        deadlocks_logged=logged,
        floor_p99_ms=floor_p99,
        worst_ratio=max((r["p99_over_floor"] for r in rows if r["requests"]), default=0.0),
        server_error_samples=tally.server_errors[:5],
    )


def report(result: Result) -> str:
    lines = [
        f"{result.requests} requests in {result.seconds:.0f} s: {result.requests / result.seconds:.1f}/s"
        f"  (load average {os.getloadavg()[0]:.2f})",
        f"{'kind':<16}{'requests':>9}{'/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'p99/floor':>10}  statuses",
    ]
    for row in result.rows:
        lines.append(
            f"{row['kind']:<16}{row['requests']:>9}{row['per_second']:>8.1f}{row['p50_ms']:>9.0f}"
            f"{row['p99_ms']:>9.0f}{row['p99_over_floor']:>10.2f}  {row['statuses']}"
        )
    lines += [
        f"5xx or no answer: {result.server_errors}",
        f"deadlocks: {result.deadlocks_counted} counted by PostgreSQL,"
        f" {result.deadlocks_logged} 'deadlock detected' in the logs",
        f"worst p99 / floor p99: {result.worst_ratio:.2f} (target <= {TARGET_RATIO:.0f})",
        "targets met" if result.met else "TARGETS NOT MET",
    ]
    return "\n".join(lines)


# --- standalone: a database of its own ------------------------------------------


def _prepare(
    name: str, agendas: int, booked: int, *, reuse: bool, on: str | None = None
) -> tuple[str, World]:
    """A fresh database `name` (empty, or a copy of `on`), seeded; the seeded
    state is kept as the template `<name>_seed` (and its world as JSON) so that
    `--reuse` starts the next run from the very same state in seconds rather
    than minutes."""
    import psycopg

    url, template = f"{SERVER}/{name}", f"{name}_seed"
    world_file = Path(tempfile.gettempdir()) / f"{template}.json"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        kept = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if reuse and kept and world_file.exists():
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return url, _world_from(json.loads(world_file.read_text()))
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{on}"' if on else ""))
    world = _seed_database(url, agendas, booked, on_registry=bool(on))
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}"')
        admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
    world_file.write_text(json.dumps(world.__dict__))
    return url, world


def _seed_database(url: str, agendas: int, booked: int, *, on_registry: bool = False) -> World:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(
        {"DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    )
    import django

    django.setup()
    if on_registry:
        # The factories number FINESS and RPPS from 1, as seed_demo numbers its
        # own: start far above the demo's 12,420 so that no number is taken twice.
        import itertools

        from tests import factories

        factories._counter = itertools.count(900_000)
    began = time.monotonic()
    world = seed(agendas=agendas, booked=booked)
    if on_registry:
        world.pages += _registry_pages()
    print(f"seeded {len(world.slots)} free slots in {time.monotonic() - began:.0f} s", flush=True)
    from django.db import connections

    connections.close_all()
    return world


def _registry_pages(every: int = 400) -> list[str]:
    """Pages of the seeded registry's own practitioners and member hospitals (one in
    `every`), read as often as the mixed world's own."""
    from hospital.models import Establishment, Practitioner

    rpps = Practitioner.objects.order_by("pk").values_list("rpps", flat=True)[::every]
    members = Establishment.objects.filter(is_member=True).order_by("pk")
    finess = members.values_list("finess", flat=True)[::4]
    return [f"/practitioners/{n}/" for n in rpps] + [f"/establishments/{n}/" for n in finess]


def _world_from(saved: dict) -> World:
    saved["reasons"] = {int(k): v for k, v in saved["reasons"].items()}
    saved["slot_agenda"] = {int(k): v for k, v in saved["slot_agenda"].items()}
    saved["staff"] = tuple(saved["staff"])
    saved["api_bookings"] = [tuple(b) for b in saved["api_bookings"]]
    saved["staff_bookings"] = [tuple(b) for b in saved["staff_bookings"]]
    return World(**saved)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--think", type=float, default=0.05, help="seconds, at most, between steps")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--agendas", type=int, default=12)
    parser.add_argument("--booked", type=int, default=300)
    parser.add_argument("--database", default="h_mixed_load")
    parser.add_argument(
        "--reuse", action="store_true", help="start from the state the last seeding kept"
    )
    parser.add_argument(
        "--on", help="a database seeded with seed_demo --size aphp, copied then added to"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--port", type=int, default=0, help="gunicorn's port (default: a free one, checked free)"
    )
    parser.add_argument(
        "--redis-url",
        help="a Redis already running (default: one of the run's own, on a free port)",
    )
    args = parser.parse_args()
    url, world = _prepare(args.database, args.agendas, args.booked, reuse=args.reuse, on=args.on)
    directory = tempfile.mkdtemp(prefix="mixed-load-")  # kept: the servers' logs
    result = drive(
        url,
        world,
        seconds=args.seconds,
        clients=args.clients,
        think=args.think,
        workers=args.workers,
        directory=Path(directory),
        redis_url=args.redis_url,
        port=args.port,
    )
    print(report(result), flush=True)
    print(f"gunicorn's and the worker's logs: {directory}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(result.__dict__ | {"met": result.met}, indent=2))
    return 0 if result.met else 1


if __name__ == "__main__":
    sys.exit(main())
