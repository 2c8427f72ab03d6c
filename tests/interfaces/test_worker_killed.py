"""A worker killed mid-send loses no message and sends none twice under two
control ids: real `manage.py db_worker` processes, a real MLLP listener.

Two workers deliver 10 appointments' S12 and S15 (20 messages). At the 4th
and the 13th message received, the listener kills every worker (SIGKILL)
before answering; each is started again, as systemd does. Then: every
message arrived, in order per appointment; the two in flight at the kills
arrived twice with their one control id (the receiver recognises the
repeat: MSH-10) — with the other worker's, when it was killed between the
receiver's ACK and its record — every other exactly once."""

import collections
import datetime
import threading
import time

import pytest
from django.utils import timezone

from interfaces.models import Dispatch, Endpoint
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import Workers
from tests.interfaces.listeners import MllpListener

pytestmark = pytest.mark.django_db(transaction=True)
KILL_AT = {4, 13}
BOOKINGS = 10


def test_killed_workers_lose_nothing_and_repeat_only_under_the_same_control_id(actors, tmp_path):
    _ = actors.neuro_agenda  # Dr Neuro's agenda, there before the interface is declared
    workers = Workers(tmp_path)
    count = iter(range(1, 1000))

    killed_during: list[str] = []

    def answer(received):
        if next(count) in KILL_AT:
            killed_during.append(received.control_id)
            workers.kill_all()
            return None  # the worker died before the ACK
        return "AA"

    with MllpListener(answer=answer) as his:
        Endpoint.objects.create(name="GAM", kind="mllp", address=his.address)
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

    assert workers.kills == len(KILL_AT)
    expected = set(Dispatch.objects.values_list("pk", flat=True))
    received = collections.Counter(r.control_id for r in his.received)
    assert set(received) == {f"RDV{pk}" for pk in expected}
    repeated = {control_id for control_id, n in received.items() if n > 1}
    # The message each kill interrupted comes again; so may the other
    # worker's, if it was between the receiver's ACK and its record.
    assert set(killed_during) <= repeated
    assert len(repeated) <= len(KILL_AT) * len(workers.processes)
    assert set(received.values()) <= {1, 2}
    for booking in bookings:
        first_seen = []
        for r in his.received:
            if r.appointment == str(booking.public_id) and r.trigger not in first_seen:
                first_seen.append(r.trigger)
        assert first_seen == ["S12", "S15"]
    assert not Dispatch.objects.filter(status="dead").exists()
