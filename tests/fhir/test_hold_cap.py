"""An API client holds at most API_OPEN_HOLDS_PER_CLIENT slots at once:
beyond it, $hold answers 429 with an OperationOutcome that says so, until one
of its holds is booked or lapses; counted right under concurrent holds."""

import datetime
import json

import pytest
from django.utils import timezone

from scheduling.models import Booking
from scheduling.services import booking as booking_service
from scheduling.services.booking import makers
from scheduling.services.patients import PatientDetails
from tests.threads import attempt_all

FHIR_JSON = "application/fhir+json"


def _free_slots(actors, count: int) -> list:
    later = timezone.now() + datetime.timedelta(days=2)
    return list(actors.neuro_agenda.slots.filter(start__gte=later).order_by("start")[:count])


def _hold_body(actors, slot, n: int) -> str:
    appointment = {
        "resourceType": "Appointment",
        "slot": [{"reference": f"Slot/{slot.pk}"}],
        "reasonCode": [{"coding": [{"code": str(actors.first_visit.pk)}]}],
        "contained": [
            {
                "resourceType": "Patient",
                "name": [{"family": f"Patient{n}", "given": ["Zoé"]}],
                "birthDate": "1990-04-12",
            }
        ],
    }
    return json.dumps(
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "appointment", "resource": appointment}],
        }
    )


def _hold(actors, slot, n: int, client=None):
    client = client or actors.api_clients.hospital.http
    return client.http.post(
        "/fhir/Appointment/$hold",
        _hold_body(actors, slot, n),
        content_type=FHIR_JSON,
        headers={"Authorization": f"Bearer {client.token}"},
    )


@pytest.mark.django_db
def test_past_the_cap_a_hold_is_a_429_until_one_is_booked_or_lapses(actors, settings):
    settings.API_OPEN_HOLDS_PER_CLIENT = 3
    slots = _free_slots(actors, 6)
    held = [_hold(actors, slot, n) for n, slot in enumerate(slots[:3])]
    assert [r.status_code for r in held] == [200, 200, 200]

    refused = _hold(actors, slots[3], 3)
    assert refused.status_code == 429, refused.content
    outcome = refused.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "throttled"
    assert outcome["issue"][0]["details"]["coding"][0]["code"] == "too_many_holds"
    assert "3 slots" in outcome["issue"][0]["diagnostics"]
    assert Booking.objects.count() == 3

    first = held[0].json()["id"]
    book = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "appointment", "resource": {"resourceType": "Appointment", "id": first}}
        ],
    }
    booked = actors.api_clients.hospital.http.http.post(
        "/fhir/Appointment/$book",
        json.dumps(book),
        content_type=FHIR_JSON,
        headers={"Authorization": f"Bearer {actors.api_clients.hospital.http.token}"},
    )
    assert booked.status_code == 200, booked.content
    assert _hold(actors, slots[3], 3).status_code == 200  # a booked hold no longer counts

    Booking.objects.filter(public_id=held[1].json()["id"]).update(
        hold_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert _hold(actors, slots[4], 4).status_code == 200  # nor does a lapsed one
    assert _hold(actors, slots[5], 5).status_code == 429


@pytest.mark.django_db
def test_the_cap_is_per_client(actors, settings):
    settings.API_OPEN_HOLDS_PER_CLIENT = 1
    slots = _free_slots(actors, 2)
    assert _hold(actors, slots[0], 0).status_code == 200
    assert _hold(actors, slots[1], 1).status_code == 429
    # Another client of the same hospital holds on its own count.
    from scheduling.services.api_clients import create_client
    from tests.helpers import ApiCaller

    _client, token = create_client(
        name="Centre d'appels", establishments=[actors.hospital], can_book=True
    )
    calls = ApiCaller(token)
    assert _hold(actors, slots[1], 1, client=calls).status_code == 200


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_of_one_client_never_pass_the_cap(actors, settings):
    """Twenty holds of twenty slots for twenty patients, at once, from one
    client capped at five: exactly five hold."""
    settings.API_OPEN_HOLDS_PER_CLIENT = 5
    slots, client = _free_slots(actors, 20), actors.api_clients.hospital.record

    def hold(n: int) -> str:
        try:
            booking_service.hold(
                slot=slots[n].pk,
                reason=actors.first_visit,
                patient=PatientDetails(
                    "Zoé", f"Patient{n}", datetime.date(1990, 4, 12), f"p{n}@example.org", ""
                ),
                returning=False,
                channel=Booking.Channel.API,
                api_client=client,
                maker=makers.api_client(client),
            )
        except booking_service.BookingRefused as refusal:
            return str(refusal.code)
        return "held"

    outcomes = attempt_all(list(range(20)), workers=10, outcome=hold)
    assert outcomes == {"held": 5, "too_many_holds": 15}, outcomes
    assert Booking.objects.filter(status=Booking.Status.PENDING).count() == 5
