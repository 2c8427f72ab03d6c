"""Cancelling and moving through FHIR (issue 22), over real HTTP: PUT of the
whole Appointment (fhirpy's save), PATCH (JSON Patch, or fhirpy's partial
resource), and IHE ITI-117's $book of a booked appointment; the client's
scope, If-Match and OperationOutcome errors; every change made by the
booking service."""

import json
from dataclasses import dataclass

import pytest
import requests
from django.test import RequestFactory
from fhir.resources.R4B import get_fhir_model_class
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import OperationOutcome

from scheduling.fhir import resources as r
from scheduling.fhir.views import _expectation
from scheduling.models import Booking, Slot
from scheduling.selectors.search import free_slots
from scheduling.services import booking as booking_service
from scheduling.services.refusals import BookingRefused, RefusalCode
from tests import factories as f
from tests.helpers import FHIR_JSON, ApiCaller, with_patient

# Real HTTP: the live server's thread sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def checked(response: requests.Response, status: int) -> dict:
    """The body, a valid FHIR resource, of an answer with this status."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    return body


@dataclass
class BookedToMove:
    """An appointment of the client's scope, booked by the API, and a free slot to move it to."""

    booking: Booking
    target: Slot


@pytest.fixture
def booked(actors) -> BookedToMove:
    """An appointment of the client's scope, booked by the API, and a free slot to move it to."""
    slots = list(free_slots(reason=actors.first_visit).filter(agenda=actors.neuro_agenda)[20:40])
    booking = f.booking(slots[0], actors.first_visit, channel="api")
    return BookedToMove(booking=booking, target=slots[10])


@pytest.fixture
def http(actors, live_server):
    def session(client: ApiCaller | None = None) -> requests.Session:
        """A session of the hospital's patient administration, or of `client`."""
        client = client or actors.api_clients.hospital.http
        caller = requests.Session()
        caller.headers.update({"Authorization": f"Bearer {client.token}", "Accept": FHIR_JSON})
        return caller

    session.url = f"{live_server.url}/fhir"
    return session


def _send(http, method, path, body, client=None, content_type=FHIR_JSON, if_match=None):
    headers = {"Content-Type": content_type}
    if if_match:
        headers["If-Match"] = if_match
    return http(client).request(
        method, f"{http.url}/{path}", data=json.dumps(body), headers=headers, timeout=30
    )


def _refusal(outcome: dict) -> str:
    return outcome["issue"][0]["details"]["coding"][0]["code"]


def test_fhirpy_cancels_an_appointment_by_saving_it(actors, booked, live_server):
    booking = booked.booking
    client = SyncFHIRClient(
        f"{live_server.url}/fhir", authorization=f"Bearer {actors.api_clients.hospital.http.token}"
    )
    appointment = client.reference("Appointment", str(booking.public_id)).to_resource()
    appointment["status"] = "cancelled"
    appointment["cancelationReason"] = {"text": "Patient hospitalisé ailleurs"}
    appointment.save()  # a PUT of the whole resource
    assert appointment["status"] == "cancelled"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancel_reason == "Patient hospitalisé ailleurs"
    assert booking.cancelled_by == actors.api_clients.hospital.record.user


def test_fhirpy_patch_moves_an_appointment_to_another_slot(actors, booked, live_server):
    booking, target = booked.booking, booked.target
    client = SyncFHIRClient(
        f"{live_server.url}/fhir", authorization=f"Bearer {actors.api_clients.hospital.http.token}"
    )
    appointment = client.reference("Appointment", str(booking.public_id)).to_resource()
    appointment.patch(slot=[{"reference": f"Slot/{target.pk}"}])  # a merge patch
    assert appointment["start"] == r.instant(target.start)
    booking.refresh_from_db()
    assert (booking.slot_id, booking.status, booking.sequence) == (
        target.pk,
        Booking.Status.BOOKED,
        1,
    )


def test_json_patch_with_if_match_moves_and_a_stale_version_is_a_412(actors, booked, http):
    booking, target = booked.booking, booked.target
    path = f"Appointment/{booking.public_id}"
    read = http().get(f"{http.url}/{path}", timeout=30)
    version = read.headers["ETag"]
    patch = [
        {"op": "test", "path": "/status", "value": "booked"},
        {"op": "replace", "path": "/slot/0/reference", "value": f"Slot/{target.pk}"},
    ]
    moved = _send(
        http, "PATCH", path, patch, content_type="application/json-patch+json", if_match=version
    )
    body = checked(moved, 200)
    assert body["slot"] == [{"reference": f"Slot/{target.pk}"}]
    assert moved.headers["ETag"] == f'W/"{body["meta"]["versionId"]}"' != version
    # The version read before the move no longer names the appointment: nothing changes.
    cancel = [{"op": "replace", "path": "/status", "value": "cancelled"}]
    stale = _send(
        http, "PATCH", path, cancel, content_type="application/json-patch+json", if_match=version
    )
    assert _refusal(checked(stale, 412)) == "version_changed"
    booking.refresh_from_db()
    assert (booking.slot_id, booking.status) == (target.pk, Booking.Status.BOOKED)


def test_a_failed_json_patch_test_or_a_bad_pointer_changes_nothing(actors, booked, http):
    path = f"Appointment/{booked.booking.public_id}"
    for patch in (
        [
            {"op": "test", "path": "/status", "value": "pending"},
            {"op": "replace", "path": "/status", "value": "cancelled"},
        ],
        [{"op": "replace", "path": "/nowhere/0", "value": "x"}],
        [{"op": "jump", "path": "/status"}],
        {"resourceType": "Appointment", "status": 12},
    ):
        answer = _send(http, "PATCH", path, patch, content_type="application/json-patch+json")
        assert checked(answer, 400)["issue"][0]["code"] == "invalid", patch
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_put_that_changes_what_the_platform_says_is_a_422(actors, booked, http):
    booking = booked.booking
    path = f"Appointment/{booking.public_id}"
    current = checked(http().get(f"{http.url}/{path}", timeout=30), 200)
    other_patient = {**current, "participant": current["participant"][1:]}
    both = {
        **current,
        "status": "cancelled",
        "slot": [{"reference": f"Slot/{booked.target.pk}"}],
    }
    start_only = {**current, "start": r.instant(booked.target.start)}
    for body in (other_patient, both, start_only, {**current, "status": "pending"}):
        refused = checked(_send(http, "PUT", path, body), 422)
        assert refused["issue"][0]["code"] == "business-rule"
    assert checked(_send(http, "PUT", path, {**current, "id": "x"}), 400)
    booking.refresh_from_db()
    assert (booking.status, booking.slot_id) == (Booking.Status.BOOKED, booked.booking.slot_id)


def test_outside_the_scope_the_appointment_is_not_found_and_a_reader_may_not_write(
    actors, booked, http
):
    booking = booked.booking
    path = f"Appointment/{booking.public_id}"
    current = checked(http().get(f"{http.url}/{path}", timeout=30), 200)
    cancelled = {**current, "status": "cancelled", "cancelationReason": {"text": "x"}}
    assert checked(
        _send(http, "PUT", path, cancelled, client=actors.api_clients.other_hospital.http), 404
    )
    assert checked(_send(http, "PUT", path, cancelled, client=actors.api_clients.reader.http), 403)
    # A slot outside the scope is refused like a slot that does not exist.
    elsewhere = {**current, "slot": [{"reference": f"Slot/{actors.other_slot.pk}"}]}
    assert _refusal(checked(_send(http, "PUT", path, elsewhere), 422)) == "unknown_slot"
    nowhere = {**current, "slot": [{"reference": "Slot/999999999"}]}
    assert _refusal(checked(_send(http, "PUT", path, nowhere), 422)) == "unknown_slot"
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_put_cancel_without_a_reason_is_refused_and_a_repeat_changes_nothing(actors, booked, http):
    path = f"Appointment/{booked.booking.public_id}"
    current = checked(http().get(f"{http.url}/{path}", timeout=30), 200)
    bare = _send(http, "PUT", path, {**current, "status": "cancelled"})
    assert _refusal(checked(bare, 422)) == "reason_required"
    coded = {"coding": [{"code": "pat", "display": "Patient"}]}
    body = {**current, "status": "cancelled", "cancelationReason": coded}
    first = checked(_send(http, "PUT", path, body), 200)
    again = checked(_send(http, "PUT", path, body), 200)  # PUT is idempotent
    assert first["status"] == again["status"] == "cancelled"
    assert Booking.objects.get().cancel_reason == "Patient"


def test_book_of_a_booked_appointment_reschedules_then_cancels_it(actors, booked, http):
    """IHE ITI-117: $book given an existing appointment updates it."""
    booking, target = booked.booking, booked.target
    path = f"Appointment/{booking.public_id}"
    read = http().get(f"{http.url}/{path}", timeout=30)
    current = checked(read, 200)

    def book(appointment: dict, if_match=None):
        body = {
            "resourceType": "Parameters",
            "parameter": [{"name": "appointment", "resource": appointment}],
        }
        return _send(http, "POST", "Appointment/$book", body, if_match=if_match)

    moved = book(
        {
            "resourceType": "Appointment",
            "id": current["id"],
            "status": "booked",
            "slot": [{"reference": f"Slot/{target.pk}"}],
            "participant": current["participant"],
        }
    )
    assert checked(moved, 200)["start"] == r.instant(target.start)
    stale = book(
        {"resourceType": "Appointment", "id": current["id"]}, if_match=read.headers["ETag"]
    )
    assert _refusal(checked(stale, 412)) == "version_changed"
    cancelled = book(
        {
            "resourceType": "Appointment",
            "id": current["id"],
            "status": "cancelled",
            "cancelationReason": {"text": "Reprogrammé par le service"},
            "participant": current["participant"],
        },
        if_match=moved.headers["ETag"],
    )
    assert checked(cancelled, 200)["status"] == "cancelled"
    booking.refresh_from_db()
    assert (booking.slot_id, booking.status) == (target.pk, Booking.Status.CANCELLED)
    other = _send(
        http,
        "POST",
        "Appointment/$book",
        {
            "resourceType": "Parameters",
            "parameter": [
                {
                    "name": "appointment",
                    "resource": {
                        "resourceType": "Appointment",
                        "id": current["id"],
                        "status": "cancelled",
                    },
                }
            ],
        },
        client=actors.api_clients.other_hospital.http,
    )
    assert checked(other, 404)


def test_if_match_is_checked_again_on_the_locked_booking(actors, booked):
    """A change committed between the view's check and the service's lock is
    not overwritten: the service sees the version has moved on."""
    booking, target = booked.booking, booked.target
    read = Booking.objects.select_related("reason").get(pk=booking.pk)
    version = r.etag(r.appointment(read))
    booking_service.move(
        booking, to_slot=target.pk, by=actors.api_clients.hospital.record.user, channel="api"
    )
    request = RequestFactory().put("/", headers={"If-Match": version})
    with pytest.raises(BookingRefused) as refused:
        booking_service.cancel(
            read,
            reason="x",
            by=actors.api_clients.hospital.record.user,
            expect=_expectation(request),
        )
    assert refused.value.code == RefusalCode.VERSION_CHANGED
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_fhirpy_sees_a_refusal_as_an_operation_outcome(actors, booked, live_server):
    client = SyncFHIRClient(
        f"{live_server.url}/fhir", authorization=f"Bearer {actors.api_clients.hospital.http.token}"
    )
    appointment = client.reference("Appointment", str(booked.booking.public_id)).to_resource()
    appointment["status"] = "entered-in-error"
    with pytest.raises(OperationOutcome):
        appointment.save()


def test_ihe_parameter_names_and_answers_hold_and_book_by_reference(actors, http):
    """IHE ITI Scheduling 1.0: proposals carry ids; $hold with
    appointment-resource, $book with appointment-reference to the held
    appointment; each answered with a searchset Bundle of the appointment."""
    find = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "reason-code", "valueCode": str(actors.first_visit.pk)},
            {"name": "_count", "valueInteger": 1},
        ],
    }
    bundle = checked(_send(http, "POST", "Appointment/$find", find), 200)
    proposal = bundle["entry"][0]["resource"]
    slot = proposal["slot"][0]["reference"].removeprefix("Slot/")
    assert proposal["id"] == f"proposed-{slot}-{actors.first_visit.pk}"
    # The proposal's id alone says its slot and reason.
    bare = {k: v for k, v in with_patient(proposal).items() if k not in ("slot", "reasonCode")}
    hold = {
        "resourceType": "Parameters",
        "parameter": [{"name": "appointment-resource", "resource": bare}],
    }
    answer = checked(_send(http, "POST", "Appointment/$hold", hold), 200)
    assert (answer["resourceType"], answer["type"], answer["total"]) == ("Bundle", "searchset", 1)
    held = answer["entry"][0]["resource"]
    assert (held["status"], held["slot"]) == ("pending", proposal["slot"])
    reference = {"reference": f"{http.url}/Appointment/{held['id']}"}
    book = {
        "resourceType": "Parameters",
        "parameter": [{"name": "appointment-reference", "valueReference": reference}],
    }
    booked = checked(_send(http, "POST", "Appointment/$book", book), 200)["entry"][0]["resource"]
    assert (booked["id"], booked["status"]) == (held["id"], "booked")
    # A client using the platform's own parameter name keeps the bare Appointment.
    plain = {
        "resourceType": "Parameters",
        "parameter": [{"name": "appointment", "resource": booked}],
    }
    assert checked(_send(http, "POST", "Appointment/$book", plain), 200)["resourceType"] == (
        "Appointment"
    )
    for wrong in ({"reference": "Slot/1"}, {"reference": "Appointment/proposed-x"}):
        refused = {
            "resourceType": "Parameters",
            "parameter": [{"name": "appointment-reference", "valueReference": wrong}],
        }
        assert checked(_send(http, "POST", "Appointment/$book", refused), 400)
