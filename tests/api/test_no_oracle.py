"""No health-data oracle through the APIs: a client whose scope does not cover
the person's other appointments gets one generic refusal, the same whatever
blocks the booking, where and when; a client whose scope covers them is told
precisely. REST and FHIR answer alike."""

import datetime

import pytest

from scheduling.models import Booking, Slot
from scheduling.services import booking as service
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.helpers import fhir_post, find, parameters, patient_body, valid

pytestmark = pytest.mark.django_db

ZOE = {"first_name": "Zoé", "last_name": "Lambert", "birth_date": "1990-04-12"}
LEA = {"first_name": "Léa", "last_name": "Morel", "birth_date": "1975-02-03"}


def _person(who: dict) -> PatientDetails:
    birth = datetime.date.fromisoformat(who["birth_date"])
    return PatientDetails(who["first_name"], who["last_name"], birth, "x@example.org")


def _at_nord(actors, start: datetime.datetime, specialty=None) -> tuple:
    """An agenda of Hôpital Nord (PAS Nord's scope, not PAS Pitié's) with a slot at `start`."""
    name = f"Service {Slot.objects.count()}"
    department = f.department(actors.other_hospital, name=name, specialty=specialty)
    agenda = f.agenda(f.practitioner(last_name="Nord"), department)
    reason = f.reason(agenda)
    return f.slot(agenda, start=start), reason


def _blocked_world(actors, settings) -> Slot:
    """A slot of the Pitié for which neither Zoé nor Léa may be booked: Zoé has
    an appointment at that time at Hôpital Nord; Léa as many upcoming
    appointments in neurosurgery, at Hôpital Nord, as may be booked."""
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 2
    proposal = find(actors, 1)[0]
    wanted = Slot.objects.get(pk=proposal["slot"][0]["reference"].removeprefix("Slot/"))
    slot, reason = _at_nord(actors, wanted.start)
    service.book(slot=slot, reason=reason, patient=_person(ZOE), channel="api", returning=False)
    for days in (20, 21):
        start = wanted.start + datetime.timedelta(days=days)
        slot, reason = _at_nord(actors, start, specialty=actors.neurosurgery)
        service.book(slot=slot, reason=reason, patient=_person(LEA), channel="api", returning=False)
    return wanted


def _rest_book(actors, slot: Slot, who: dict):
    body = {
        "slot": slot.pk,
        "reason": actors.first_visit.pk,
        "patient": patient_body(**who, email="someone@example.org"),
    }
    return actors.api_clients.hospital.http.post("/api/v1/bookings/", body)


def _fhir_appointment(actors, slot: Slot, who: dict) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": "p",
        "name": [{"family": who["last_name"], "given": [who["first_name"]]}],
        "birthDate": who["birth_date"],
        "telecom": [{"system": "email", "value": "someone@example.org"}],
    }
    proposal = find(actors, 1)[0]
    return parameters(
        {
            **proposal,
            "slot": [{"reference": f"Slot/{slot.pk}"}],
            "contained": [patient],
            "participant": [
                *proposal["participant"],
                {"actor": {"reference": "#p"}, "status": "accepted"},
            ],
        }
    )


def _says_nothing(text: str, actors) -> None:
    for secret in ["at this time", "upcoming", "Nord", "overlap", "cap_reached"]:
        assert secret not in text, secret


def test_rest_out_of_scope_gets_one_generic_refusal_whatever_blocks(actors, settings):
    wanted = _blocked_world(actors, settings)
    zoe, lea = _rest_book(actors, wanted, ZOE), _rest_book(actors, wanted, LEA)

    assert zoe.status_code == lea.status_code == 422
    assert zoe.json() == lea.json()
    assert zoe.json()["code"] == "person_conflict"
    _says_nothing(zoe.content.decode(), actors)
    assert not Booking.objects.filter(slot=wanted).exists()


def test_rest_in_scope_is_told_precisely(actors, settings):
    _blocked_world(actors, settings)
    zoes = Booking.objects.get(patient__first_name="Zoé")
    slot, _reason = _at_nord(actors, zoes.slot.start)
    body = {
        "slot": slot.pk,
        "reason": _reason.pk,
        "patient": patient_body(**ZOE, email="someone@example.org"),
    }
    response = actors.api_clients.other_hospital.http.post("/api/v1/bookings/", body)
    assert response.status_code == 422
    assert response.json()["code"] == "overlap"


def test_rest_move_out_of_scope_is_refused_generically(actors, settings):
    wanted = _blocked_world(actors, settings)
    elsewhere = find(actors, 40)[-1]
    first = Slot.objects.get(pk=elsewhere["slot"][0]["reference"].removeprefix("Slot/"))
    booked = _rest_book(actors, first, ZOE)
    assert booked.status_code == 201, booked.content
    moved = actors.api_clients.hospital.http.post(
        f"/api/v1/bookings/{booked.json()['id']}/move/", {"slot": wanted.pk}
    )
    assert moved.status_code == 422
    assert moved.json() == _rest_book(actors, wanted, LEA).json()


@pytest.mark.parametrize("operation", ["$hold", "$book"])
def test_fhir_out_of_scope_gets_one_generic_refusal_whatever_blocks(actors, settings, operation):
    wanted = _blocked_world(actors, settings)
    path = f"Appointment/{operation}"
    zoe = fhir_post(actors, path, _fhir_appointment(actors, wanted, ZOE))
    lea = fhir_post(actors, path, _fhir_appointment(actors, wanted, LEA))

    assert zoe.status_code == lea.status_code == 422
    assert valid(zoe, "OperationOutcome") == valid(lea, "OperationOutcome")
    issue = zoe.json()["issue"][0]
    assert issue["details"]["coding"][0]["code"] == "person_conflict"
    _says_nothing(zoe.content.decode(), actors)
    assert not Booking.objects.filter(slot=wanted).exists()
