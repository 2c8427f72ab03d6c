"""A FHIR Subscription's notifications survive killed workers: real
`manage.py db_worker` processes POST to a real HTTP receiver, which kills
every worker (SIGKILL) before answering the 3rd and the 8th POST. Restarted,
they send everything: each appointment's changes in order, every one at
least once, a repeat only under its one X-Request-Id (the receiver can tell)
and only of a message a kill left unconfirmed: one in flight at both kills
may come three times, never one the workers had recorded as delivered."""

import collections
import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.utils import timezone

from interfaces.models import Dispatch, Endpoint
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import FHIR_JSON, Workers

pytestmark = pytest.mark.django_db(transaction=True)
KILL_AT = {3, 8}
BOOKINGS = 6


class KillingReceiver:
    """Keeps (X-Request-Id, Appointment id, status) of each POST; at the
    POSTs numbered in KILL_AT, kills the workers and closes unanswered."""

    def __init__(self, workers: Workers):
        self.received: list[tuple[str, str, str]] = []
        self.killed_during: list[str] = []
        # At each kill, the messages taken whose delivery no worker had
        # recorded: the only ones the restarted workers may send again.
        self.unconfirmed_at_kills: list[set[str]] = []
        self.count = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                control_id = self.headers["X-Request-Id"]
                receiver.received.append((control_id, body["id"], body["status"]))
                receiver.count += 1
                if receiver.count in KILL_AT:
                    receiver.killed_during.append(control_id)
                    workers.kill_all()
                    # Read once the workers are dead: read before, a worker could
                    # still take a message, send it and die before recording it.
                    receiver.unconfirmed_at_kills.append(receiver.unconfirmed())
                    self.close_connection = True
                    return  # the worker died before the answer
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def unconfirmed(self) -> set[str]:
        """Taken by a worker (its claim counts an attempt) and not recorded as
        delivered: in flight, even if its POST has not reached us yet."""
        try:
            taken = Dispatch.objects.filter(attempts__gt=0).exclude(status="delivered")
            return {f"RDV{pk}" for pk in taken.values_list("pk", flat=True)}
        finally:
            connection.close()  # this request's thread's own connection

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_killed_workers_lose_no_notification(actors, tmp_path):
    workers = Workers(tmp_path)
    receiver = KillingReceiver(workers)
    try:
        Endpoint.objects.create(
            name="FHIR Subscription GAM",
            kind=Endpoint.Kind.REST_HOOK,
            address=receiver.url,
            client=actors.api_clients.hospital.record,
            criteria="Appointment",
            payload=FHIR_JSON,
        )
        start = timezone.now() + datetime.timedelta(days=3)
        slots = list(free_slots(reason=actors.first_visit, start=start)[:BOOKINGS])
        bookings = [f.booking(slot, actors.first_visit) for slot in slots]
        for booking in bookings:
            service.cancel(booking, reason="Annulé")
        for worker in ("w1", "w2"):
            workers.start(worker)
        keeper = threading.Thread(target=workers.keep_alive, daemon=True)
        keeper.start()
        try:
            deadline = time.monotonic() + 90
            while Dispatch.objects.exclude(status="delivered").exists():
                assert time.monotonic() < deadline, [
                    p.read_text()[-800:] for p in tmp_path.glob("*.log")
                ]
                time.sleep(0.2)
        finally:
            workers.stop()
            keeper.join(5)
    finally:
        receiver.close()

    assert workers.kills == len(KILL_AT)
    expected = {f"RDV{pk}" for pk in Dispatch.objects.values_list("pk", flat=True)}
    received = collections.Counter(control_id for control_id, _id, _status in receiver.received)
    assert set(received) == expected and len(expected) == 2 * BOOKINGS
    repeated = {control_id for control_id, n in received.items() if n > 1}
    assert set(receiver.killed_during) <= repeated
    for control_id, count in received.items():
        exposed = sum(control_id in unconfirmed for unconfirmed in receiver.unconfirmed_at_kills)
        assert count - 1 <= exposed, (control_id, count, receiver.unconfirmed_at_kills)
    for booking in bookings:
        statuses = []
        for _control_id, appointment, status in receiver.received:
            if appointment == str(booking.public_id) and status not in statuses:
                statuses.append(status)
        assert statuses == ["booked", "cancelled"]
    assert not Dispatch.objects.filter(status="dead").exists()
