"""The APIs over real HTTP (a live server): a system books, moves and cancels
through REST, and finds, holds and books through FHIR, on SQLite and
PostgreSQL; 100 simultaneous bookings of one slot make exactly one booking."""

import datetime
from collections import Counter

import pytest
import requests
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from scheduling.models import Booking, Patient
from tests.api.live import start
from tests.helpers import patient_body
from tests.threads import attempt_all

pytestmark = pytest.mark.django_db(transaction=True)


class Session:
    def __init__(self, base: str, token: str):
        self.base, self.http = base, requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def get(self, path, **params):
        return self.http.get(self.base + path, params=params, timeout=30)

    def post(self, path, body, **headers):
        return self.http.post(self.base + path, json=body, headers=headers, timeout=60)


def _after_cutoff() -> str:
    return (timezone.now() + datetime.timedelta(days=2)).isoformat()


def test_rest_session_books_moves_and_cancels(actors, live_server):
    api = Session(live_server.url, actors.api_clients.hospital.http.token)
    slots = api.get(
        "/api/v1/availability/", reason=actors.first_visit.pk, start=_after_cutoff(), limit=2
    ).json()
    body = {"slot": slots[0]["id"], "reason": actors.first_visit.pk, "patient": patient_body()}
    booked = api.post("/api/v1/bookings/", body, **{"Idempotency-Key": "http-1"})
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["id"]
    moved = api.post(f"/api/v1/bookings/{booking_id}/move/", {"slot": slots[1]["id"]})
    assert (moved.status_code, moved.json()["id"], moved.json()["slot"]) == (
        200,
        booking_id,
        slots[1]["id"],
    )
    cancelled = api.post(f"/api/v1/bookings/{booking_id}/cancel/", {"reason": "annulé par le SIH"})
    assert cancelled.json()["status"] == "cancelled"
    booking = Booking.objects.get()
    assert (str(booking.public_id), booking.slot_id, booking.status) == (
        booking_id,
        slots[1]["id"],
        "cancelled",
    )


def test_fhir_session_finds_holds_and_books(actors, live_server):
    fhir = Session(live_server.url, actors.api_clients.hospital.http.token)
    find = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "start", "valueDateTime": _after_cutoff()},
            {"name": "reason-code", "valueCode": str(actors.first_visit.pk)},
            {"name": "_count", "valueInteger": 1},
        ],
    }
    bundle = fhir.post("/fhir/Appointment/$find", find).json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    proposal = bundle["entry"][0]["resource"]
    proposal["contained"] = [
        {
            "resourceType": "Patient",
            "id": "p",
            "name": [{"family": "Lambert", "given": ["Zoé"]}],
            "birthDate": "1990-04-12",
        }
    ]
    hold = fhir.post(
        "/fhir/Appointment/$hold",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "appointment", "resource": proposal}],
        },
    )
    assert hold.status_code == 200, hold.text
    assert hold.headers["Content-Type"].startswith("application/fhir+json")
    held = get_fhir_model_class("Appointment").model_validate(hold.json())
    assert held.status == "pending"
    book = fhir.post(
        "/fhir/Appointment/$book",
        {
            "resourceType": "Appointment",
            "id": held.id,
            "status": "pending",
            "participant": hold.json()["participant"],
        },
    )
    booked = get_fhir_model_class("Appointment").model_validate(book.json())
    assert (booked.id, booked.status) == (held.id, "booked")
    assert Booking.objects.get().status == Booking.Status.BOOKED


@pytest.mark.postgres_only
def test_a_hundred_simultaneous_bookings_of_one_slot_make_one(actors, settings):
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 1000
    server = start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        api = Session(base, actors.api_clients.hospital.http.token)
        slot = api.get("/api/v1/availability/", reason=actors.first_visit.pk, limit=1).json()[0]

        def attempt(n: int) -> str:
            body = {
                "slot": slot["id"],
                "reason": actors.first_visit.pk,
                "patient": patient_body(first_name=f"Patient{n}", email=f"p{n}@example.org"),
            }
            response = requests.post(
                f"{base}/api/v1/bookings/",
                json=body,
                headers={"Authorization": f"Bearer {api.http.headers['Authorization'][7:]}"},
                timeout=120,
            )
            return f"{response.status_code} {response.json().get('code', 'booked')}"

        outcomes = attempt_all(list(range(100)), 100, attempt)
    finally:
        server.terminate()
    assert outcomes == Counter({"201 booked": 1, "409 slot_taken": 99})
    assert Booking.objects.filter(slot_id=slot["id"]).count() == 1
    assert Patient.objects.count() == 1  # a refused booking leaves no patient record behind
