"""fhirpy pages through every free slot at the size the issue measured
(about 6,000 slots in one client's scope, where fetch_all used to stop at
100), over real HTTP: each slot once, none missing, `total` true."""

import datetime

import pytest
from django.utils import timezone

from scheduling.models import Slot
from scheduling.selectors.search import free_slots
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)  # a live server in its own thread
MEDIUM = 6_000


def _medium_agenda(actors):
    agenda = f.agenda(f.practitioner(last_name="Moyen"), actors.neuro_agenda.department)
    f.reason(agenda, minutes=20)
    rule = f._factory_rule(agenda)
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=2)
    step = datetime.timedelta(minutes=20)
    Slot.objects.bulk_create(
        Slot(agenda=agenda, start=start + i * step, end=start + (i + 1) * step, rule=rule)
        for i in range(MEDIUM)
    )
    return agenda


def test_fhirpy_fetch_all_pages_through_every_slot_at_medium_size(actors, live_server):
    from fhirpy import SyncFHIRClient

    _medium_agenda(actors)
    other = actors.other_slot.agenda.department_id
    expected = {
        str(pk)
        for pk in free_slots().exclude(agenda__department_id=other).values_list("pk", flat=True)
    }
    assert len(expected) >= MEDIUM
    client = SyncFHIRClient(
        f"{live_server.url}/fhir", authorization=f"Bearer {actors.api_clients.hospital.http.token}"
    )
    search = client.resources("Slot").search(status="free").limit(100)
    # Bundle.total, not the page size (fhirpy's count() sends Aidbox's
    # _totalMethod, which this server refuses as any unknown parameter).
    assert search.fetch_raw()["total"] == len(expected)
    seen = [slot.id for slot in search.fetch_all()]
    assert len(seen) == len(set(seen)) == len(expected)
    assert set(seen) == expected
