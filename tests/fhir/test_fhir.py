"""FHIR R4: every response is a valid resource (fhir.resources' R4B models),
scoped to the client, and the IHE ITI operations book through the services."""

import datetime

import pytest
from django.utils import timezone

from audit.models import Event as AuditEvent
from scheduling.fhir.resources import FINESS_SYSTEM, RPPS_SYSTEM, code_system
from scheduling.models import Booking
from tests.helpers import fhir_get, fhir_post, find, parameters, valid, with_patient

pytestmark = pytest.mark.django_db


def _in_two_days() -> str:
    return (timezone.now() + datetime.timedelta(days=2)).isoformat()


def test_metadata_is_a_capability_statement_of_the_iti_operations(api_world):
    body = valid(api_world["api"].http.get("/fhir/metadata"), "CapabilityStatement")
    appointment = next(r for r in body["rest"][0]["resource"] if r["type"] == "Appointment")
    assert {o["name"] for o in appointment["operation"]} == {"find", "hold", "book"}


def test_practitioner_and_organization_carry_rpps_and_finess(api_world):
    doctor = valid(fhir_get(api_world, f"Practitioner/{api_world['doctor'].rpps}"), "Practitioner")
    assert doctor["identifier"][0] == {**doctor["identifier"][0], "system": RPPS_SYSTEM}
    assert doctor["identifier"][0]["value"] == api_world["doctor"].rpps
    finess = api_world["hospital"].finess
    hospital = valid(fhir_get(api_world, f"Organization/{finess}"), "Organization")
    assert hospital["identifier"] == [{"system": FINESS_SYSTEM, "value": finess}]
    outside = fhir_get(api_world, f"Organization/{api_world['other_hospital'].finess}")
    assert outside.status_code == 404
    assert valid(outside, "OperationOutcome")["issue"][0]["code"] == "not-found"


def test_schedule_and_slot_search_within_the_scope(api_world):
    schedules = valid(fhir_get(api_world, "Schedule"), "Bundle")
    assert [e["resource"]["id"] for e in schedules["entry"]] == [str(api_world["agenda"].pk)]
    slots = valid(
        fhir_get(
            api_world,
            "Slot",
            {
                "schedule": f"Schedule/{api_world['agenda'].pk}",
                "status": "free",
                "service-type": "neurochirurgie",
                "start": f"ge{_in_two_days()[:10]}",
            },
        ),
        "Bundle",
    )
    assert slots["total"] > 0
    assert {e["resource"]["status"] for e in slots["entry"]} == {"free"}
    elsewhere = valid(
        fhir_get(api_world, "Slot", {"schedule": f"Schedule/{api_world['other_slot'].agenda_id}"}),
        "Bundle",
    )
    assert elsewhere["total"] == 0
    assert fhir_get(api_world, f"Schedule/{api_world['other_slot'].agenda_id}").status_code == 404


def test_find_hold_book_then_read_and_search_the_appointment(api_world):
    proposals = find(api_world)
    assert [p["status"] for p in proposals] == ["proposed", "proposed"]
    held = fhir_post(api_world, "Appointment/$hold", parameters(with_patient(proposals[0])))
    assert held.status_code == 200, held.content
    held = valid(held, "Appointment")
    assert held["status"] == "pending"
    booked = valid(
        fhir_post(
            api_world,
            "Appointment/$book",
            parameters(
                {
                    "resourceType": "Appointment",
                    "id": held["id"],
                    "status": "pending",
                    "participant": held["participant"],
                }
            ),
        ),
        "Appointment",
    )
    assert (booked["id"], booked["status"]) == (held["id"], "booked")
    booking = Booking.objects.get()
    assert booking.channel == Booking.Channel.API and booking.status == Booking.Status.BOOKED
    read = valid(fhir_get(api_world, f"Appointment/{held['id']}"), "Appointment")
    assert read["slot"] == proposals[0]["slot"]
    patient = read["participant"][0]["actor"]["reference"]
    found = valid(
        fhir_get(api_world, "Appointment", {"patient": patient, "status": "booked"}), "Bundle"
    )
    assert [e["resource"]["id"] for e in found["entry"]] == [held["id"]]
    assert fhir_get(api_world, f"Appointment/{held['id']}", api="nord_api").status_code == 404


def test_book_a_proposal_at_once_with_an_idempotency_key(api_world):
    proposal = with_patient(find(api_world, 1)[0])
    first = fhir_post(api_world, "Appointment/$book", parameters(proposal), key="k1")
    again = fhir_post(api_world, "Appointment/$book", parameters(proposal), key="k1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert valid(again, "Appointment")["id"] == valid(first, "Appointment")["id"]
    assert Booking.objects.count() == 1
    taken = fhir_post(api_world, "Appointment/$book", parameters(proposal))
    assert taken.status_code == 409
    outcome = valid(taken, "OperationOutcome")
    assert outcome["issue"][0]["details"]["coding"][0] == {
        "system": code_system("refusal"),
        "code": "slot_taken",
    }


def test_hold_of_a_slot_in_another_scope_or_with_another_agendas_reason_is_refused(api_world):
    proposal = with_patient(find(api_world, 1)[0])
    elsewhere = {**proposal, "slot": [{"reference": f"Slot/{api_world['other_slot'].pk}"}]}
    assert fhir_post(api_world, "Appointment/$hold", parameters(elsewhere)).status_code == 404
    from tests import factories as f

    second = f.agenda(f.practitioner(last_name="Second"), api_world["agenda"].department)
    wrong = f.reason(second, label="Autre")
    coding = {"system": code_system("visit-reason"), "code": str(wrong.pk)}
    other_reason = {**proposal, "reasonCode": [{"coding": [coding]}]}
    refused = fhir_post(api_world, "Appointment/$hold", parameters(other_reason))
    assert refused.status_code == 422
    assert (
        valid(refused, "OperationOutcome")["issue"][0]["details"]["coding"][0]["code"]
        == "wrong_reason"
    )
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        {"resourceType": "Parameters", "parameter": "x"},
        {
            "resourceType": "Parameters",
            "parameter": [
                {
                    "name": "appointment",
                    "resource": {
                        "resourceType": "Appointment",
                        "slot": [{"reference": "Slot/99999999999999999999"}],
                    },
                }
            ],
        },
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "start", "valueDateTime": "9999-99-99"}],
        },
        {"resourceType": "Parameters", "parameter": [{"name": "_count", "valueInteger": 10**9}]},
    ],
)
def test_malformed_operations_answer_an_operation_outcome(api_world, body):
    for operation in ("$find", "$hold", "$book"):
        response = fhir_post(api_world, f"Appointment/{operation}", body)
        assert response.status_code == 400, (operation, response.content)
        assert valid(response, "OperationOutcome")["issue"][0]["code"] == "invalid"


def test_without_a_token_the_answer_is_a_401_operation_outcome(api_world):
    response = api_world["api"].http.get("/fhir/Schedule")
    assert response.status_code == 401
    assert valid(response, "OperationOutcome")["issue"][0]["code"] == "login"


# The trail is written at COMMIT on PostgreSQL: real transactions.
@pytest.mark.django_db(transaction=True)
def test_reading_and_finding_appointments_is_audited_with_the_client_as_actor(api_world):
    proposal = with_patient(find(api_world, 1)[0])
    booked = valid(fhir_post(api_world, "Appointment/$book", parameters(proposal)), "Appointment")
    pk = str(Booking.objects.get().pk)
    earlier = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    valid(fhir_get(api_world, f"Appointment/{booked['id']}"), "Appointment")
    valid(fhir_get(api_world, "Appointment", {"status": "booked"}), "Bundle")
    valid(fhir_get(api_world, "Appointment", {"status": "cancelled"}), "Bundle")  # none shown
    # The trail outlives a test's flush (append-only): only this test's events count.
    reads = AuditEvent.objects.filter(
        pk__gt=earlier, object_type="scheduling_booking", action="read"
    )
    assert [(e.object_id, e.channel) for e in reads.order_by("pk")] == [(pk, "api"), (pk, "api")]
    assert {e.actor for e in reads} == {f"user:{api_world['pas'].user.pk}:api:PAS Pitié"}
