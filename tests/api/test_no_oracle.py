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


def _at_nord(world, start: datetime.datetime, specialty=None) -> tuple:
    """An agenda of Hôpital Nord (PAS Nord's scope, not PAS Pitié's) with a slot at `start`."""
    name = f"Service {Slot.objects.count()}"
    department = f.department(world["other_hospital"], name=name, specialty=specialty)
    agenda = f.agenda(f.practitioner(last_name="Nord"), department)
    reason = f.reason(agenda)
    return f.slot(agenda, start=start), reason


def _blocked_world(api_world, settings) -> Slot:
    """A slot of the Pitié for which neither Zoé nor Léa may be booked: Zoé has
    an appointment at that time at Hôpital Nord; Léa as many upcoming
    appointments in neurosurgery, at Hôpital Nord, as may be booked."""
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 2
    proposal = find(api_world, 1)[0]
    wanted = Slot.objects.get(pk=proposal["slot"][0]["reference"].removeprefix("Slot/"))
    slot, reason = _at_nord(api_world, wanted.start)
    service.book(slot=slot, reason=reason, patient=_person(ZOE), channel="api", returning=False)
    for days in (20, 21):
        start = wanted.start + datetime.timedelta(days=days)
        slot, reason = _at_nord(api_world, start, specialty=api_world["specialty"])
        service.book(slot=slot, reason=reason, patient=_person(LEA), channel="api", returning=False)
    return wanted


def _rest_book(world, slot: Slot, who: dict, api: str = "api"):
    body = {
        "slot": slot.pk,
        "reason": world["first"].pk,
        "patient": patient_body(**who, email="someone@example.org"),
    }
    return world[api].post("/api/v1/bookings/", body)


def _fhir_appointment(world, slot: Slot, who: dict) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": "p",
        "name": [{"family": who["last_name"], "given": [who["first_name"]]}],
        "birthDate": who["birth_date"],
        "telecom": [{"system": "email", "value": "someone@example.org"}],
    }
    proposal = find(world, 1)[0]
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


def _says_nothing(text: str, world) -> None:
    for secret in ["at this time", "upcoming", "Nord", "overlap", "cap_reached"]:
        assert secret not in text, secret


def test_rest_out_of_scope_gets_one_generic_refusal_whatever_blocks(api_world, settings):
    wanted = _blocked_world(api_world, settings)
    zoe, lea = _rest_book(api_world, wanted, ZOE), _rest_book(api_world, wanted, LEA)

    assert zoe.status_code == lea.status_code == 422
    assert zoe.json() == lea.json()
    assert zoe.json()["code"] == "person_conflict"
    _says_nothing(zoe.content.decode(), api_world)
    assert not Booking.objects.filter(slot=wanted).exists()


def test_rest_in_scope_is_told_precisely(api_world, settings):
    _blocked_world(api_world, settings)
    zoes = Booking.objects.get(patient__first_name="Zoé")
    slot, _reason = _at_nord(api_world, zoes.slot.start)
    body = {
        "slot": slot.pk,
        "reason": _reason.pk,
        "patient": patient_body(**ZOE, email="someone@example.org"),
    }
    response = api_world["nord_api"].post("/api/v1/bookings/", body)
    assert response.status_code == 422
    assert response.json()["code"] == "overlap"


def test_rest_move_out_of_scope_is_refused_generically(api_world, settings):
    wanted = _blocked_world(api_world, settings)
    elsewhere = find(api_world, 40)[-1]
    first = Slot.objects.get(pk=elsewhere["slot"][0]["reference"].removeprefix("Slot/"))
    booked = _rest_book(api_world, first, ZOE)
    assert booked.status_code == 201, booked.content
    moved = api_world["api"].post(
        f"/api/v1/bookings/{booked.json()['id']}/move/", {"slot": wanted.pk}
    )
    assert moved.status_code == 422
    assert moved.json() == _rest_book(api_world, wanted, LEA).json()


@pytest.mark.parametrize("operation", ["$hold", "$book"])
def test_fhir_out_of_scope_gets_one_generic_refusal_whatever_blocks(api_world, settings, operation):
    wanted = _blocked_world(api_world, settings)
    path = f"Appointment/{operation}"
    zoe = fhir_post(api_world, path, _fhir_appointment(api_world, wanted, ZOE))
    lea = fhir_post(api_world, path, _fhir_appointment(api_world, wanted, LEA))

    assert zoe.status_code == lea.status_code == 422
    assert valid(zoe, "OperationOutcome") == valid(lea, "OperationOutcome")
    issue = zoe.json()["issue"][0]
    assert issue["details"]["coding"][0]["code"] == "person_conflict"
    _says_nothing(zoe.content.decode(), api_world)
    assert not Booking.objects.filter(slot=wanted).exists()
