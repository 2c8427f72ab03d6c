"""$hold and $book naming the patient by reference (Patient/{id}, one the
client already sees) instead of a contained Patient, over real HTTP: the
appointment goes to that very record; a patient outside the client's scope
is not found (404, OperationOutcome), and nothing is held."""

import datetime

import pytest
import requests
from django.utils import timezone

from scheduling.models import Booking, Patient
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import FHIR_JSON

pytestmark = pytest.mark.django_db(transaction=True)  # a live server in its own thread


class Fhir:
    """One API client talking to the live server's /fhir/ with requests."""

    def __init__(self, live_server, caller):
        self.base = f"{live_server.url}/fhir"
        self.headers = {
            "Authorization": f"Bearer {caller.token}",
            "Accept": FHIR_JSON,
            "Content-Type": FHIR_JSON,
        }

    def post(self, path: str, body: dict) -> requests.Response:
        return requests.post(f"{self.base}/{path}", json=body, headers=self.headers, timeout=30)

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{self.base}/{path}", headers=self.headers, timeout=30)


def valid(response: requests.Response, kind: str) -> dict:
    from fhir.resources.R4B import get_fhir_model_class

    assert response.headers["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    assert body["resourceType"] == kind, body
    return body


def seen_patient(slot, reason) -> Patient:
    """A patient of a (cancelled) booking in the scope: one the client sees."""
    booking = f.booking(slot, reason, patient=f.patient(first_name="Inès", sms_consent=False))
    service.cancel(booking, reason="Reporté")
    return booking.patient


def proposal(fhir: Fhir, actors) -> dict:
    body = {
        "resourceType": "Parameters",
        "parameter": [
            {
                "name": "start",
                "valueDateTime": (timezone.now() + datetime.timedelta(days=2)).isoformat(),
            },
            {"name": "reason-code", "valueCode": str(actors.first_visit.pk)},
            {"name": "_count", "valueInteger": 1},
        ],
    }
    return valid(fhir.post("Appointment/$find", body), "Bundle")["entry"][0]["resource"]


def naming(appointment: dict, reference: str) -> dict:
    participants = [*appointment["participant"], {"actor": {"reference": reference}}]
    return {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "appointment", "resource": {**appointment, "participant": participants}}
        ],
    }


def _later_slot(actors):
    return actors.neuro_agenda.slots.filter(
        start__gte=timezone.now() + datetime.timedelta(days=20)
    )[0]


def test_hold_then_book_with_a_patient_reference_goes_to_that_record(actors, live_server):
    fhir = Fhir(live_server, actors.api_clients.hospital.http)
    person = seen_patient(_later_slot(actors), actors.first_visit)
    patients_before = Patient.objects.count()
    offered = proposal(fhir, actors)

    held = fhir.post("Appointment/$hold", naming(offered, f"Patient/{person.public_id}"))
    assert held.status_code == 200, held.text
    held = valid(held, "Appointment")
    assert held["status"] == "pending"
    assert {"reference": f"Patient/{person.public_id}"} in [p["actor"] for p in held["participant"]]
    booking = Booking.objects.get(public_id=held["id"])
    assert booking.patient_id == person.pk and Patient.objects.count() == patients_before

    confirm = {"resourceType": "Appointment", "id": held["id"], "participant": held["participant"]}
    booked = valid(
        fhir.post(
            "Appointment/$book",
            {
                "resourceType": "Parameters",
                "parameter": [{"name": "appointment", "resource": confirm}],
            },
        ),
        "Appointment",
    )
    assert booked["status"] == "booked"
    assert Booking.objects.get(public_id=held["id"]).patient_id == person.pk


def test_book_at_once_with_an_absolute_patient_reference(actors, live_server):
    fhir = Fhir(live_server, actors.api_clients.hospital.http)
    person = seen_patient(_later_slot(actors), actors.first_visit)
    reference = f"{fhir.base}/Patient/{person.public_id}"
    answer = fhir.post("Appointment/$book", naming(proposal(fhir, actors), reference))
    assert answer.status_code == 201, answer.text
    booked = valid(answer, "Appointment")
    assert Booking.objects.get(public_id=booked["id"]).patient_id == person.pk


def test_a_patient_outside_the_clients_scope_is_not_found_and_nothing_is_held(actors, live_server):
    fhir = Fhir(live_server, actors.api_clients.hospital.http)
    nord = seen_patient(actors.other_slot, actors.other_reason)  # Nord's, not ours
    nobody = f.patient(first_name="Personne")  # no booking anywhere: no client sees them
    assert fhir.get(f"Patient/{nord.public_id}").status_code == 404  # as a read says
    offered = proposal(fhir, actors)
    for person in (nord, nobody):
        for operation in ("$hold", "$book"):
            answer = fhir.post(
                f"Appointment/{operation}", naming(offered, f"Patient/{person.public_id}")
            )
            assert answer.status_code == 404, answer.text
            assert valid(answer, "OperationOutcome")["issue"][0]["code"] == "not-found"
    assert not Booking.objects.exclude(status=Booking.Status.CANCELLED).exists()


def test_a_malformed_patient_reference_is_a_400(actors, live_server):
    fhir = Fhir(live_server, actors.api_clients.hospital.http)
    answer = fhir.post("Appointment/$hold", naming(proposal(fhir, actors), "Patient/not-an-id"))
    assert answer.status_code == 400
    assert valid(answer, "OperationOutcome")["issue"][0]["severity"] == "error"
    without = fhir.post("Appointment/$hold", naming(proposal(fhir, actors), "Practitioner/1"))
    assert without.status_code == 400
    assert "Patient" in valid(without, "OperationOutcome")["issue"][0]["diagnostics"]
