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


def test_metadata_is_a_capability_statement_of_the_iti_operations(actors):
    body = valid(actors.api_clients.hospital.http.http.get("/fhir/metadata"), "CapabilityStatement")
    appointment = next(r for r in body["rest"][0]["resource"] if r["type"] == "Appointment")
    assert {o["name"] for o in appointment["operation"]} == {"find", "hold", "book"}


def test_practitioner_and_organization_carry_rpps_and_finess(actors):
    doctor = valid(fhir_get(actors, f"Practitioner/{actors.neurosurgeon.rpps}"), "Practitioner")
    assert doctor["identifier"][0] == {**doctor["identifier"][0], "system": RPPS_SYSTEM}
    assert doctor["identifier"][0]["value"] == actors.neurosurgeon.rpps
    finess = actors.hospital.finess
    hospital = valid(fhir_get(actors, f"Organization/{finess}"), "Organization")
    assert hospital["identifier"] == [{"system": FINESS_SYSTEM, "value": finess}]
    outside = fhir_get(actors, f"Organization/{actors.other_hospital.finess}")
    assert outside.status_code == 404
    assert valid(outside, "OperationOutcome")["issue"][0]["code"] == "not-found"


def test_schedule_and_slot_search_within_the_scope(actors):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    schedules = valid(fhir_get(actors, "Schedule"), "Bundle")
    assert [e["resource"]["id"] for e in schedules["entry"]] == [str(actors.neuro_agenda.pk)]
    slots = valid(
        fhir_get(
            actors,
            "Slot",
            {
                "schedule": f"Schedule/{actors.neuro_agenda.pk}",
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
        fhir_get(actors, "Slot", {"schedule": f"Schedule/{actors.other_slot.agenda_id}"}),
        "Bundle",
    )
    assert elsewhere["total"] == 0
    assert fhir_get(actors, f"Schedule/{actors.other_slot.agenda_id}").status_code == 404


def test_find_hold_book_then_read_and_search_the_appointment(actors):
    proposals = find(actors)
    assert [p["status"] for p in proposals] == ["proposed", "proposed"]
    held = fhir_post(actors, "Appointment/$hold", parameters(with_patient(proposals[0])))
    assert held.status_code == 200, held.content
    held = valid(held, "Appointment")
    assert held["status"] == "pending"
    booked = valid(
        fhir_post(
            actors,
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
    read = valid(fhir_get(actors, f"Appointment/{held['id']}"), "Appointment")
    assert read["slot"] == proposals[0]["slot"]
    patient = read["participant"][0]["actor"]["reference"]
    found = valid(
        fhir_get(actors, "Appointment", {"patient": patient, "status": "booked"}), "Bundle"
    )
    assert [e["resource"]["id"] for e in found["entry"]] == [held["id"]]
    assert (
        fhir_get(
            actors, f"Appointment/{held['id']}", client=actors.api_clients.other_hospital.http
        ).status_code
        == 404
    )


def test_book_a_proposal_at_once_with_an_idempotency_key(actors):
    proposal = with_patient(find(actors, 1)[0])
    first = fhir_post(actors, "Appointment/$book", parameters(proposal), key="k1")
    again = fhir_post(actors, "Appointment/$book", parameters(proposal), key="k1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert valid(again, "Appointment")["id"] == valid(first, "Appointment")["id"]
    assert Booking.objects.count() == 1
    taken = fhir_post(actors, "Appointment/$book", parameters(proposal))
    assert taken.status_code == 409
    outcome = valid(taken, "OperationOutcome")
    assert outcome["issue"][0]["details"]["coding"][0] == {
        "system": code_system("refusal"),
        "code": "slot_taken",
    }


def test_hold_of_a_slot_in_another_scope_or_with_another_agendas_reason_is_refused(actors):
    proposal = with_patient(find(actors, 1)[0])
    elsewhere = {**proposal, "slot": [{"reference": f"Slot/{actors.other_slot.pk}"}]}
    assert fhir_post(actors, "Appointment/$hold", parameters(elsewhere)).status_code == 404
    from tests import factories as f

    second = f.agenda(f.practitioner(last_name="Second"), actors.neuro_agenda.department)
    wrong = f.reason(second, label="Autre")
    coding = {"system": code_system("visit-reason"), "code": str(wrong.pk)}
    other_reason = {**proposal, "reasonCode": [{"coding": [coding]}]}
    refused = fhir_post(actors, "Appointment/$hold", parameters(other_reason))
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
def test_malformed_operations_answer_an_operation_outcome(actors, body):
    for operation in ("$find", "$hold", "$book"):
        response = fhir_post(actors, f"Appointment/{operation}", body)
        assert response.status_code == 400, (operation, response.content)
        assert valid(response, "OperationOutcome")["issue"][0]["code"] == "invalid"


def test_without_a_token_the_answer_is_a_401_operation_outcome(actors):
    response = actors.api_clients.hospital.http.http.get("/fhir/Schedule")
    assert response.status_code == 401
    assert valid(response, "OperationOutcome")["issue"][0]["code"] == "login"


# The trail is written at COMMIT on PostgreSQL: real transactions.
@pytest.mark.django_db(transaction=True)
def test_reading_and_finding_appointments_is_audited_with_the_client_as_actor(actors):
    proposal = with_patient(find(actors, 1)[0])
    booked = valid(fhir_post(actors, "Appointment/$book", parameters(proposal)), "Appointment")
    pk = str(Booking.objects.get().pk)
    earlier = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    valid(fhir_get(actors, f"Appointment/{booked['id']}"), "Appointment")
    valid(fhir_get(actors, "Appointment", {"status": "booked"}), "Bundle")
    valid(fhir_get(actors, "Appointment", {"status": "cancelled"}), "Bundle")  # none shown
    # The trail outlives a test's flush (append-only): only this test's events count.
    reads = AuditEvent.objects.filter(
        pk__gt=earlier, object_type="scheduling_booking", action="read"
    )
    assert [(e.object_id, e.channel) for e in reads.order_by("pk")] == [(pk, "api"), (pk, "api")]
    assert {e.actor for e in reads} == {
        f"user:{actors.api_clients.hospital.record.user.pk}:api:PAS Pitié"
    }
