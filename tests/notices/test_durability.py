"""No notice lost, none sent twice, whatever process dies.

Real processes: `manage.py db_worker` (ours, with its lease) against the
test database, a real SMTP server (aiosmtpd) per worker, text messages to
files. 150 bookings make 300 notices (a mail and an SMS each); the SMTP
server kills the worker that is sending it a mail (SIGKILL) five times,
after the message's end of DATA and before answering it, and the worker is
started again under its id, as systemd does. Then: every notice arrived
exactly once (mail by Message-ID, SMS by idempotency key), no task is left
RUNNING, and every hold that lapsed during the drain was released within a
few seconds of its expiry.

The window no protocol closes — a crash after the server's 250 and before
the delivery's record commits (outbox/delivery.py, README) — is not what
these kills aim at: they land before the 250, where a notice used to be
lost with its task stuck RUNNING.
"""

import collections
import datetime
import email
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import delivery, queue
from scheduling.models import AgendaListing, Booking, Slot
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services.api_clients import create_client
from scheduling.services.notifications import notice_key
from tests import factories as f
from tests.deploy.servers import database_url as _database_url
from tests.deploy.servers import free_port as _free_port
from tests.helpers import ApiCaller, patient_body, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
BOOKINGS = 150
KILL_AT = {12, 37, 62, 87, 112}  # the n-th mail received, counted over both servers
HOLDS = 8
# A hold lapsing while its worker restarts is released by the restarted one
# at start: its startup time bounds the delay (4 s measured on a loaded machine).
RELEASE_BOUND = datetime.timedelta(seconds=10)


class Sink:
    """An SMTP server for one worker. It keeps the messages it accepted; at the
    mails numbered KILL_AT it kills its worker instead of answering."""

    def __init__(self, drain: "Drain", worker: str):
        self.drain, self.worker = drain, worker
        self.controller = Controller(self, hostname="127.0.0.1", port=_free_port())

    async def handle_DATA(self, server, session, envelope):
        if self.drain.count_mail() in KILL_AT:
            self.drain.kill(self.worker)
            return "421 the worker died before this answer"
        message = email.message_from_bytes(envelope.content)
        self.drain.accepted.append(message["Message-ID"])
        return "250 OK"


class Drain:
    """Two workers against the test database, each with its SMTP server,
    restarted under their ids when they die."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.accepted: list[str] = []
        self.kills = 0
        self._mails = 0
        self._lock = threading.Lock()
        self.sinks = {worker: Sink(self, worker) for worker in ("w1", "w2")}
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopping = False

    def count_mail(self) -> int:
        with self._lock:
            self._mails += 1
            return self._mails

    def _env(self, worker: str) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "TASK_HEARTBEAT_SECONDS": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.sinks[worker].controller.port),
            "SMS_BACKEND": "scheduling.sms.FileBackend",
            "VAR_DIR": str(self.folder),
            "LOG_LEVEL": "WARNING",
        }

    def start(self, worker: str) -> None:
        command = [sys.executable, "manage.py", "db_worker", "--worker-id", worker]
        command += ["--interval", "0.1", "--no-startup-delay", "--no-reload", "--skip-checks"]
        with (self.folder / f"{worker}.log").open("ab") as log:
            self.processes[worker] = subprocess.Popen(
                command, cwd=ROOT, env=self._env(worker), stdout=log, stderr=subprocess.STDOUT
            )

    def kill(self, worker: str) -> None:
        process = self.processes[worker]
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.kills += 1

    def __enter__(self) -> "Drain":
        for worker, sink in self.sinks.items():
            sink.controller.start()
            self.start(worker)
        self.keeper = threading.Thread(target=self._restart_the_dead, daemon=True)
        self.keeper.start()
        return self

    def _restart_the_dead(self) -> None:
        while not self.stopping:
            for worker, process in list(self.processes.items()):
                if process.poll() is not None and not self.stopping:
                    time.sleep(0.2)  # systemd's RestartSec, shortened
                    self.start(worker)
            time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self.stopping = True
        self.keeper.join(5)
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(30)
        for sink in self.sinks.values():
            sink.controller.stop()

    def texts(self) -> list[str]:
        folder = self.folder / "sms"
        lines = [
            line
            for log in folder.glob("*.log")
            for line in log.read_text(encoding="utf-8").splitlines()
        ]
        return [line.split(" ref ", 1)[1].rstrip(":") for line in lines if " ref " in line]

    def logs(self) -> str:
        return "\n".join(log.read_text()[-800:] for log in self.folder.glob("w*.log"))


def _bookings(actors) -> tuple[list[Booking], list]:
    """BOOKINGS appointments, each to be confirmed by mail and by SMS: 300
    notices, enqueued as the booking service does (the service itself is
    exercised by the other tests; here the worker is)."""
    start = timezone.now() + datetime.timedelta(days=3)
    slots = list(free_slots(reason=actors.first_visit, start=start)[: BOOKINGS + HOLDS])
    assert len(slots) == BOOKINGS + HOLDS
    made = []
    for n, slot in enumerate(slots[:BOOKINGS]):
        patient = f.patient(
            last_name=f"Patient{n}",
            email=f"patient{n}@example.org",
            phone=f"+336{10000000 + n}",
            sms_consent=True,
        )
        with transaction.atomic():
            booking = f.booking(slot, actors.first_visit, patient=patient, channel="phone")
            for channel in ("email", "sms"):
                queue.enqueue(
                    "send_notice",
                    booking.pk,
                    "confirmed",
                    channel=channel,
                    expected=booking.sequence,
                    language="fr",
                )
        made.append(booking)
    return made, slots[BOOKINGS:]


def _holds(actors, slots) -> list[Booking]:
    """API holds (no code to mail) lapsing 2, 4, … 16 seconds from now."""
    hold_minutes = datetime.timedelta(minutes=settings.BOOKING_HOLD_MINUTES)
    holds = []
    for n, slot in enumerate(slots):
        made, _code = service.hold(
            slot=slot,
            reason=actors.first_visit,
            patient=f.patient(last_name=f"Holder{n}", email=f"holder{n}@example.org"),
            returning=False,
            channel=Booking.Channel.API,
            maker="api:test",
            now=timezone.now() - hold_minutes + datetime.timedelta(seconds=2 * (n + 1)),
        )
        holds.append(made)
    return holds


def _due_or_running() -> int:
    return (
        DBTaskResult.objects.filter(status="RUNNING").count() + DBTaskResult.objects.ready().count()
    )


def test_workers_killed_mid_drain_lose_no_notice_and_send_none_twice(actors, db_tasks, tmp_path):
    bookings, free = _bookings(actors)
    expected_mail = {
        delivery.message_id(notice_key(b.pk, "confirmed", "email", 0)): b.pk for b in bookings
    }
    expected_texts = {notice_key(b.pk, "confirmed", "sms", 0) for b in bookings}
    holds = _holds(actors, free)

    with Drain(tmp_path) as drain:
        deadline = time.monotonic() + 90  # a slow, shared machine; ~15 s on a quiet one
        while time.monotonic() < deadline:
            arrived = set(drain.accepted) >= set(expected_mail) and set(drain.texts()) >= (
                expected_texts
            )
            lapsed = all(h.hold_expires_at < timezone.now() for h in holds)
            if arrived and lapsed and _due_or_running() == 0:
                break
            time.sleep(0.5)
        else:
            running = DBTaskResult.objects.filter(status="RUNNING").count()
            missing = len(set(expected_mail) - set(drain.accepted))
            pytest.fail(
                f"the queue did not drain: {running} tasks RUNNING, {missing} mails missing,"
                f" {len(expected_texts - set(drain.texts()))} SMS missing\n{drain.logs()}"
            )
        time.sleep(1)  # anything sent late would show now

    assert drain.kills == len(KILL_AT)
    mails, texts = collections.Counter(drain.accepted), collections.Counter(drain.texts())
    assert [expected_mail[m] for m in expected_mail if mails[m] == 0] == []  # lost
    assert [m for m, n in mails.items() if n > 1] == []  # sent twice
    assert set(mails) == set(expected_mail)
    assert sorted(expected_texts - set(texts)) == []
    assert [t for t, n in texts.items() if n > 1] == []
    assert DBTaskResult.objects.filter(status__in=["RUNNING", "FAILED"]).count() == 0
    late = []
    for hold in holds:
        hold.refresh_from_db()
        assert hold.status == "cancelled", hold.pk
        late.append(hold.cancelled_at - hold.hold_expires_at)
    assert max(late) <= RELEASE_BOUND, late


def test_a_lapsed_hold_frees_its_slot_and_a_starting_worker_lists_it_again(actors, db_tasks):
    """Its release task lost (a worker killed running it, under the old worker,
    or never written): the booking path and the search already count the slot
    free; the worker releases the hold when it starts, and the lists of first
    availability show the slot again."""
    call_command("refresh_availability")
    agenda = actors.neuro_agenda
    first = AgendaListing.objects.main().get(agenda=agenda).first_start
    slot = Slot.objects.get(agenda=agenda, start=first)
    hold, _code = service.hold(
        slot=slot,
        reason=actors.first_visit,
        patient=f.patient(),
        returning=False,
        channel=Booking.Channel.API,
        maker="api:test",
        now=timezone.now() - datetime.timedelta(minutes=11),
    )
    DBTaskResult.objects.filter(task_path="scheduling.tasks.release_hold").delete()
    assert AgendaListing.objects.main().get(agenda=agenda).first_start > slot.start
    assert slot in free_slots(reason=actors.first_visit, start=slot.start)

    run_worker()
    hold.refresh_from_db()
    assert (hold.status, hold.cancel_reason) == ("cancelled", "confirmation expired")
    assert AgendaListing.objects.main().get(agenda=agenda).first_start == slot.start


class CutOff:
    """Right after the next booking commits, the database stops accepting
    connections and the application's own is terminated (`restore` ends it)."""

    def __init__(self):
        db = connection.settings_dict
        self.admin = psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            autocommit=True,
        )
        self.name = psycopg.sql.Identifier(db["NAME"])
        self.done = False

    def _allow(self, allowed: bool) -> None:
        statement = "ALTER DATABASE {} ALLOW_CONNECTIONS " + ("true" if allowed else "false")
        self.admin.execute(psycopg.sql.SQL(statement).format(self.name))

    def on_booking(self, sender, instance, created, **kwargs) -> None:
        if not created or self.done:
            return
        pid = connection.connection.info.backend_pid

        def cut() -> None:
            self._allow(False)
            self.admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            self.done = True

        transaction.on_commit(cut)  # before any callback the booking's service registers

    def restore(self) -> None:
        self._allow(True)
        connection.close()


@pytest.fixture
def cut_off():
    cut_off = CutOff()
    post_save.connect(cut_off.on_booking, sender=Booking, dispatch_uid="cut_off")
    try:
        yield cut_off
    finally:
        post_save.disconnect(sender=Booking, dispatch_uid="cut_off")
        cut_off.restore()
        cut_off.admin.close()


@pytest.mark.postgres_only
def test_the_database_gone_right_after_the_commit_loses_no_notice(actors, db_tasks, cut_off):
    _client, token = create_client(
        name="PAS", establishments=[actors.hospital], can_read=True, can_book=True
    )
    start = timezone.now() + datetime.timedelta(days=4)
    slot = free_slots(reason=actors.first_visit, start=start).first()
    answer = ApiCaller(token).post(
        "/api/v1/bookings/",
        {"slot": slot.pk, "reason": actors.first_visit.pk, "patient": patient_body()},
    )
    assert cut_off.done and answer.status_code == 201, answer.content
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_database_url()).close()  # the database refuses connections

    cut_off.restore()
    run_worker()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["zoe@example.org"] and "confirmed" in confirmation.subject
