"""Helpers that several test modules share, in one place: a test module never
imports another test module (tests/rules/test_test_imports.py checks it).

Objects are made by tests/factories.py; the named actors are tests/actors.py.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock
from zoneinfo import ZoneInfo

import psycopg
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import DatabaseError, connection, transaction
from django.template.base import Node
from django.test import Client
from django.utils import timezone

if TYPE_CHECKING:
    from interfaces.models import Endpoint
    from scheduling.models import Booking, Slot
    from tests.actors import Actors

REPOSITORY = Path(__file__).resolve().parents[1]

# --- time ------------------------------------------------------------------------


def in_hours(hours: float) -> datetime.datetime:
    """Now, to the second, plus `hours`."""
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)


# --- the staff's and practitioners' screens ---------------------------------------


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def nodes_rendered(request) -> tuple[int, object]:
    """How many template nodes (tags and variables, plain text aside) the
    request `request()` renders, and its response."""
    counted = 0
    original = Node.render_annotated

    def counting(node, context):
        nonlocal counted
        counted += 1
        return original(node, context)

    with mock.patch.object(Node, "render_annotated", counting):
        response = request()
    return counted, response


def messages_of(response) -> str:
    """The messages (django.contrib.messages) a page shows, in one string."""
    return " ".join(str(m) for m in response.context["messages"])


def caller(**overrides) -> dict:
    """The phone booking form's caller: a new patient, Jeanne Morel."""
    return {
        "last_name": "Morel",
        "first_name": "Jeanne",
        "birth_date": "1950-02-03",
        "phone": "01 45 67 89 10",
        "email": "",
        "seen_before": "new",
        **overrides,
    }


# --- the call centre's console ------------------------------------------------------

CONSOLE = "/call-centre/"
NEW_CALLER = {
    "patient": "new",
    "last_name": "Morel",
    "first_name": "Jeanne",
    "birth_date": "1950-02-03",
    "phone": "01 45 67 89 10",
}


# --- the public site ---------------------------------------------------------------


def booking_form(actors: Actors, **overrides) -> dict:
    """The public booking form, filled for Alex Durand, new, for Dr Neuro's first visit."""
    return {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Alex",
        "last_name": "Durand",
        "birth_date": "1980-05-17",
        "email": "alex.durand@example.org",
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": overrides.pop("form_token", "token-1"),
        **overrides,
    }


def first_slot(actors: Actors) -> Slot:
    """Dr Neuro's first free slot three days ahead: outside the cancellation cutoff."""
    from scheduling.selectors.search import free_slots

    later_ = timezone.now() + datetime.timedelta(days=3)
    return free_slots(reason=actors.first_visit, start=later_).first()


def code_from_outbox() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)


def book_and_confirm(client: Client, actors: Actors) -> Booking:
    from scheduling.models import Booking

    slot = first_slot(actors)
    response = client.post(f"/book/{slot.pk}/", booking_form(actors))
    assert response.status_code == 302
    response = client.post(response.url, {"code": code_from_outbox()})
    assert response.status_code == 302
    return Booking.objects.get(slot=slot)


# --- the REST API ------------------------------------------------------------------


class ApiCaller:
    """A system calling the API with its bearer token (Django's test client)."""

    def __init__(self, token: str):
        self.token = token
        self.http = Client()

    def _headers(self, key: str | None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"}
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def get(self, path: str, params: dict | None = None):
        return self.http.get(path, params or {}, headers=self._headers(None))

    def post(self, path: str, body: dict, *, key: str | None = None, content_type=None):
        return self.http.post(
            path,
            body,
            content_type=content_type or "application/json",
            headers=self._headers(key),
        )


def patient_body(**overrides) -> dict:
    return {
        "first_name": "Zoé",
        "last_name": "Lambert",
        "birth_date": "1990-04-12",
        "email": "zoe@example.org",
        "phone": "06 12 34 56 78",
        **overrides,
    }


# --- FHIR ----------------------------------------------------------------------------

FHIR_JSON = "application/fhir+json"


def valid(response, kind: str | None = None) -> dict:
    """The response's body, after checking it is the FHIR resource it says it is."""
    from fhir.resources.R4B import get_fhir_model_class

    assert response["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    model = get_fhir_model_class(body["resourceType"])
    model.model_validate(body)  # raises on anything R4B does not allow
    if kind:
        assert body["resourceType"] == kind, body
    return body


def fhir_get(actors: Actors, path, params=None, client: ApiCaller | None = None):
    """GET on FHIR as the hospital's patient administration, or `client`."""
    client = client or actors.api_clients.hospital.http
    return client.http.get(
        f"/fhir/{path}",
        params or {},
        headers={"Authorization": f"Bearer {client.token}", "Accept": FHIR_JSON},
    )


def fhir_post(actors: Actors, path, body, client: ApiCaller | None = None, key=None):
    """POST on FHIR as the hospital's patient administration, or `client`."""
    client = client or actors.api_clients.hospital.http
    headers = {"Authorization": f"Bearer {client.token}", "Accept": FHIR_JSON}
    if key:
        headers["Idempotency-Key"] = key
    return client.http.post(
        f"/fhir/{path}", json.dumps(body), content_type=FHIR_JSON, headers=headers
    )


def find(actors: Actors, count=2) -> list[dict]:
    """Appointment/$find for Dr Neuro's first visit from two days ahead: the proposals."""
    in_two_days = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    body = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "start", "valueDateTime": in_two_days},
            {"name": "reason-code", "valueCode": str(actors.first_visit.pk)},
            {"name": "_count", "valueInteger": count},
        ],
    }
    bundle = valid(fhir_post(actors, "Appointment/$find", body), "Bundle")
    return [entry["resource"] for entry in bundle["entry"]]


def with_patient(appointment: dict) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": "p",
        "name": [{"family": "Lambert", "given": ["Zoé"]}],
        "birthDate": "1990-04-12",
        "telecom": [{"system": "email", "value": "zoe@example.org"}],
    }
    participants = [
        *appointment["participant"],
        {"actor": {"reference": "#p"}, "status": "accepted"},
    ]
    return {**appointment, "contained": [patient], "participant": participants}


def parameters(appointment: dict) -> dict:
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "appointment", "resource": appointment}],
    }


# --- the hospital information systems ------------------------------------------------


WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def next_free(actors: Actors, after: datetime.datetime) -> Slot | None:
    """The first free slot of the first visit after `after`."""
    from scheduling.selectors.search import free_slots

    return free_slots(reason=actors.first_visit, start=after).first()


def mllp_endpoint(address: str) -> Endpoint:
    """The patient administration system (GAM) listening over MLLP at `address`."""
    from interfaces.models import Endpoint

    return Endpoint.objects.create(
        name="GAM", kind="mllp", address=address, receiving_application="GAM"
    )


# --- the application's database role ---------------------------------------------------

APP_ROLE = "hospital_app_test"


def ensure_app_role(cursor) -> None:
    """The PostgreSQL role the application connects as, created once per server."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
    if cursor.fetchone() is None:
        try:
            cursor.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
        except DatabaseError:  # created meanwhile by a concurrent test run
            pass


@dataclass
class Attacker:
    """Runs SQL with the application's rights, each call one transaction: on
    PostgreSQL connected as APP_ROLE (given its rights by `manage.py
    grant_application_role`), on SQLite the application's own connection.
    tests/conftest.py serves it as the `attacker` fixture."""

    vendor: str
    _pg: psycopg.Connection | None = None

    def run(self, *statements) -> None:
        """Run every statement, then COMMIT; any refusal rolls all of it back
        and is raised as a DatabaseError."""
        if self._pg is not None:
            try:
                with self._pg.transaction(), self._pg.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(*_split(statement))
            except psycopg.Error as error:
                raise DatabaseError(str(error)) from error
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(*_split(statement))

    @contextlib.contextmanager
    def orm(self):
        """Django itself connected with the application's rights."""
        if self.vendor != "postgresql":
            yield
            return
        saved = connection.settings_dict["USER"]
        connection.close()
        connection.settings_dict["USER"] = APP_ROLE
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["USER"] = saved


def _split(statement) -> tuple:
    return statement if isinstance(statement, tuple) else (statement, None)


# --- the adversarial suite's referee (tests/institution) --------------------------------
# It reads the outcome with plain SQL and Python, none of the project's rule code.


def when(moment: datetime.datetime):
    """A datetime as raw SQL gives it: SQLite stores one canonical UTC text."""
    if connection.vendor != "sqlite":
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def bookings_state() -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, status, slot_id, reason_id, patient_id FROM scheduling_booking")
        return {row[0]: row[1:] for row in cursor.fetchall()}


def bookings_resolving_outside() -> list[int]:
    """Bookings not cancelled, past ones included, that do not resolve inside
    as of their slot's time: a membership period of the establishment and an
    affiliation containing the slot's local date, a reason of the slot's
    agenda, and (active ones whose slot has not ended) an open agenda —
    computed here from the rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.id, b.status, s.start, s."end", a.id, a.is_active, a.practitioner_id,
                      a.department_id, d.establishment_id, r.agenda_id
                 FROM scheduling_booking b
                 LEFT JOIN scheduling_slot s ON s.id = b.slot_id
                 LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
                 LEFT JOIN hospital_department d ON d.id = a.department_id
                 LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
                WHERE b.status <> 'cancelled'"""
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT practitioner_id, department_id, start_date, end_date FROM hospital_affiliation"
        )
        affiliations = cursor.fetchall()
        cursor.execute("SELECT establishment_id, starts_on, ends_on FROM hospital_membership")
        memberships = cursor.fetchall()
    now, zone = datetime.datetime.now(datetime.UTC), ZoneInfo(settings.TIME_ZONE)
    outside = []
    for row in rows:
        booking, status, start, end, agenda, active, practitioner, department = row[:8]
        establishment, r_agenda = row[8:]
        start, end = _aware(start), _aware(end)
        day = start.astimezone(zone).date() if start else None
        covered = day is not None and any(
            (p, d) == (practitioner, department)
            and _date(s) <= day
            and (e is None or _date(e) >= day)
            for p, d, s, e in affiliations
        )
        member = day is not None and any(
            m == establishment and _date(s) <= day and (e is None or _date(e) >= day)
            for m, s, e in memberships
        )
        needs_open = status in ("booked", "pending") and end is not None and end > now
        if not (member and (active or not needs_open) and r_agenda == agenda and covered):
            outside.append(booking)
    return outside


def _aware(value):
    if value is None or isinstance(value, datetime.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def fresh_uuid() -> str:
    return uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4())


# --- the task queue (django-tasks' database backend) ------------------------------------

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker(*options: str) -> None:
    """What `manage.py db_worker` does in production, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", *options, verbosity=0)


def clock_reaches(moment: datetime.datetime) -> None:
    """Tasks scheduled up to `moment` become due now (the queue's clock moves on)."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY", run_after__lte=moment).update(
        run_after=timezone.now()
    )


def pending_tasks(name: str) -> list:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(status="READY", task_path__endswith=name))


# --- task workers ---------------------------------------------------------------------


class Workers:
    """Real `manage.py db_worker` processes, logging into `folder`, that a test
    kills (SIGKILL) and keeps alive (starts again), as systemd does."""

    def __init__(self, folder: Path):
        self.folder, self.processes, self.stopping = folder, {}, False
        self.kills = 0

    def start(self, worker: str) -> None:
        from tests.deploy.servers import ROOT, database_url

        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "TASK_HEARTBEAT_SECONDS": "1",
            "INTERFACE_TIMEOUT_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "manage.py", "db_worker", "--worker-id", worker]
        command += ["--interval", "0.2", "--no-startup-delay", "--no-reload", "--skip-checks"]
        with (self.folder / f"{worker}.log").open("ab") as log:
            self.processes[worker] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def kill_all(self) -> None:
        for process in list(self.processes.values()):
            process.send_signal(signal.SIGKILL)
            process.wait()
        self.kills += 1

    def keep_alive(self) -> None:
        while not self.stopping:
            for worker, process in list(self.processes.items()):
                if process.poll() is not None and not self.stopping:
                    self.start(worker)
            time.sleep(0.1)

    def stop(self) -> None:
        self.stopping = True
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(30)


# --- the browser (Playwright's page) ---------------------------------------------------

# htmx swaps #board in place (no navigation to wait for): the page marks the
# board, or the body, before an action and waits until a new one replaced it.
_MARK = "(document.getElementById('board') || document.body).dataset.stale = '1'"
# While the next page loads, its document may have no body yet: not replaced yet.
_REPLACED = (
    "() => { const e = document.getElementById('board') || document.body;"
    " return !!e && !e.dataset.stale; }"
)


def answered(page, action) -> None:
    """Run `action` (a click, a key) and wait for the page it brings."""
    page.evaluate(_MARK)
    action()
    page.wait_for_function(_REPLACED)
    page.wait_for_load_state()


class Clicks:
    """Clicks the user makes, counted (typing in a field is not a click)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector: str, *, answers: bool = True) -> None:
        target = self.page.locator(selector).first
        if answers:
            answered(self.page, target.click)
        else:
            target.click()
        self.count += 1


# Where a failing browser test leaves its screenshot, and axe-core (npm).
ARTIFACTS = REPOSITORY / "test-artifacts"
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """WCAG 2.x A and AA violations on the current page, per axe-core."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )


def page_weight(page) -> int:
    """Bytes transferred for the current page and everything it loaded."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                 .reduce((total, entry) => total + entry.transferSize, 0)"""
    )


def sign_in(page, url: str, username: str) -> None:
    """Sign in on the login page at `url` and wait for the page it leads to."""
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw")
    answered(page, lambda: page.locator("input[name=password]").press("Enter"))


def sign_in_without_waiting(page, url: str, username: str) -> None:
    """Sign in on the login page at `url`; the caller waits for what it expects."""
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw")
    page.locator("input[name=password]").press("Enter")


# --- a PostgreSQL primary and its standby (tests/replica) ------------------------------


@dataclass
class Cluster:
    data: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5)


def wait_for_replay(primary: Cluster, standby: Cluster, timeout: float = 30) -> None:
    with primary.connect() as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + timeout
    with standby.connect() as conn:
        while time.monotonic() < deadline:
            caught_up = conn.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()[0]
            if caught_up:
                return
            time.sleep(0.05)
    raise AssertionError("the standby did not catch up with the primary")


def step(env: dict, name: str, **extra) -> dict:
    """Run one step of tests/replica/scenario.py in a process of its own."""
    script = [sys.executable, str(REPOSITORY / "tests" / "replica" / "scenario.py"), name]
    done = subprocess.run(
        script, env={**env, **extra}, cwd=REPOSITORY, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the fuzz --------------------------------------------------------------------------


class LeanClient(Client):
    """Django's test client without the template instrumentation: it copies
    every template context of every page, which would make the fuzz slow.
    Exceptions still propagate: a server error fails the test with its traceback."""

    def request(self, **request):
        environ = self._base_environ(**request)
        uid = f"request-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        self.check_exception(response)
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


class FuzzFigures:
    """What a fuzz run sent and received, for the session's closing report."""

    def __init__(self) -> None:
        self.sent: Counter = Counter()  # requests sent, per endpoint
        self.answers: Counter = Counter()  # status codes received


FUZZ_FIGURES = {"fuzz": FuzzFigures(), "json fuzz": FuzzFigures()}


# --- the trail, and the database owner's power --------------------------------------


def last_seq() -> int:
    from audit.models import Event

    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def events_after(seq: int, **filters):
    from audit.models import Event

    return Event.objects.filter(seq__gt=seq, **filters).order_by("seq")


@contextlib.contextmanager
def triggers_disabled(table: str):
    """The attacker with the most power: the database's owner (PostgreSQL) or
    whoever holds the SQLite file, who can switch the triggers off to rewrite
    history. audit_verify and the routing report must catch what they do; the
    application's own role cannot do it (tests/institution)."""
    from scheduling.rules.connection import maintenance

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser's switch: every trigger of the session is off, this
            # table's included.
            cursor.execute("SET session_replication_role = replica")
            try:
                yield cursor
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            return
        # The file's holder is not the application: its connections' guard is off.
        with maintenance():
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {name}")
            try:
                yield cursor
            finally:
                for _name, sql in saved:
                    cursor.execute(sql)
