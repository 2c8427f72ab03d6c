"""Run by tests/replica/test_replica.py in a process of its own, with
DATABASE_URL on the primary and DATABASE_REPLICA_URL on its standby: the
settings as a deployment has them. Prints what a patient would see, as JSON."""

import datetime
import itertools
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.context import acting  # noqa: E402
from scheduling.services.listing_clock import refresh_clock  # noqa: E402
from tests import factories as f  # noqa: E402


def doctor(last_name: str):
    specialty = f.specialty("cardiologie")
    hospital = f.establishment(name=f"Hôpital {last_name}")
    agenda = f.agenda(
        f.practitioner(first_name="Lisa", last_name=last_name),
        f.department(hospital, specialty=specialty),
    )
    reason = f.reason(agenda, label="Consultation")
    start = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=3)
    slot = f.slot(agenda, start=start)
    return agenda, reason, slot


def shows(client: Client, url: str, text: str) -> bool:
    return text in client.get(url).content.decode()


def main(step: str) -> dict:
    seen: dict = {}
    # Each step is a process of its own: identifiers must not repeat.
    first = {"write-first": 1, "write-while-paused": 5000}.get(step, 9000)
    f._counter = itertools.count(int(os.environ.get("FIRST_ID", first)))
    if step == "write-doctor":  # Dr Lisa <DOCTOR>, cardiologist, with a slot
        with acting(actor="test:replica", channel="command"):
            refresh_clock()
            doctor(os.environ["DOCTOR"])
        return seen
    if step == "write-first":
        with acting(actor="test:replica", channel="command"):
            refresh_clock()
            doctor("Streamed")
        return seen
    if step == "write-while-paused":
        with acting(actor="test:replica", channel="command"):
            agenda, reason, slot = doctor("Lagging")
        seen["slot"] = slot.pk
        return seen
    visitor = Client()
    specialty = "/specialties/cardiologie/"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        seen["streamed_listed"] = shows(visitor, specialty, "Lisa Streamed")
        seen["lagging_listed"] = shows(visitor, specialty, "Lisa Lagging")
        seen["lagging_found"] = shows(visitor, "/?q=lisa+lagging", "Lisa Lagging")
    seen["replica_queries"] = len(on_replica)
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        seen["replica_in_recovery"] = cursor.fetchone()[0]
    if step == "read-while-paused":
        slot = int(os.environ["SLOT"])
        # The booking form reads the primary: the new slot is there.
        seen["booking_form"] = visitor.get(f"/book/{slot}/").status_code
        # A visitor who has just written something reads the primary.
        visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
        seen["pinned_lagging_listed"] = shows(visitor, "/en" + specialty, "Lisa Lagging")
    return seen


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
