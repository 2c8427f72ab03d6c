"""The REST API: reads in scope, bookings through the services, refusals as
structured 4xx, Idempotency-Key, the audit trail's actor and channel."""

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import Event as AuditEvent
from scheduling.models import ApiClient, Booking
from scheduling.services.api_clients import client_for_token
from tests import factories
from tests.helpers import patient_body

pytestmark = pytest.mark.django_db


def _free(actors, n=0):
    """The n-th free slot from the day after tomorrow (beyond the changes' cutoff)."""
    after = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    response = actors.api_clients.hospital.http.get(
        "/api/v1/availability/", {"reason": actors.first_visit.pk, "limit": n + 1, "start": after}
    )
    assert response.status_code == 200
    return response.json()[n]


def _book(actors, slot_id, *, key=None, client=None, reason=None, **patient):
    """Book `slot_id` for the first visit (or `reason`) as the hospital's client (or `client`)."""
    client = client or actors.api_clients.hospital.http
    body = {
        "slot": slot_id,
        "reason": (reason or actors.first_visit).pk,
        "patient": patient_body(**patient),
    }
    return client.post("/api/v1/bookings/", body, key=key)


def test_a_call_without_a_valid_token_is_refused(actors):
    anonymous = actors.api_clients.hospital.http.http.get("/api/v1/specialties/")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    forged = actors.api_clients.hospital.http.http.get(
        "/api/v1/specialties/", headers={"Authorization": "Bearer hsa_forged"}
    )
    assert forged.status_code == 401


def test_the_token_is_stored_only_as_its_digest(actors):
    client = actors.api_clients.hospital.record
    assert actors.api_clients.hospital.http.token not in client.token_digest
    assert client_for_token(actors.api_clients.hospital.http.token) == client


def test_reads_show_only_the_clients_scope(actors):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    establishments = actors.api_clients.hospital.http.get("/api/v1/establishments/").json()[
        "results"
    ]
    assert [e["finess"] for e in establishments] == [actors.hospital.finess]
    practitioners = actors.api_clients.hospital.http.get("/api/v1/practitioners/").json()["results"]
    assert [p["rpps"] for p in practitioners] == [actors.neurosurgeon.rpps]
    reasons = actors.api_clients.hospital.http.get("/api/v1/reasons/").json()["results"]
    # Only the reasons bookable online, as on the public site.
    assert {r["label"] for r in reasons} == {"Première consultation", "Suivi"}
    specialties = actors.api_clients.hospital.http.get("/api/v1/specialties/").json()["results"]
    assert [s["code"] for s in specialties] == ["neurochirurgie"]


def test_availability_keeps_the_public_window_and_the_scope(actors, settings):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    slots = actors.api_clients.hospital.http.get("/api/v1/availability/", {"limit": 100}).json()
    assert slots, "the hospital has free slots"
    earliest = timezone.now() + datetime.timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)
    assert all(datetime.datetime.fromisoformat(s["start"]) >= earliest for s in slots)
    assert {s["establishment"] for s in slots} == {actors.hospital.finess}
    assert actors.other_slot.pk not in {s["id"] for s in slots}


def test_a_read_only_client_cannot_book(actors):
    slot = _free(actors)
    response = _book(actors, slot["id"], client=actors.api_clients.reader.http)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Booking.objects.exists()


def test_book_move_record_and_cancel_keep_one_booking(actors):
    slot, later = _free(actors, 0), _free(actors, 1)
    booked = _book(actors, slot["id"])
    assert booked.status_code == 201, booked.content
    body = booked.json()
    assert body["status"] == "booked" and body["channel"] == "api"
    assert body["slot"] == slot["id"]

    moved = actors.api_clients.hospital.http.post(
        f"/api/v1/bookings/{body['id']}/move/", {"slot": later["id"]}
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["id"] == body["id"]  # the same booking, moved in place
    assert moved.json()["slot"] == later["id"]
    assert moved.json()["revision"] == body["revision"] + 1

    early = actors.api_clients.hospital.http.post(
        f"/api/v1/bookings/{body['id']}/outcome/", {"honoured": True}
    )
    assert early.status_code == 422
    assert early.json()["code"] == "not_yet"

    cancelled = actors.api_clients.hospital.http.post(
        f"/api/v1/bookings/{body['id']}/cancel/", {"reason": "le patient a appelé"}
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert Booking.objects.get().public_id == uuid.UUID(body["id"])


def test_a_booking_reads_its_slot_reason_and_scope_without_sorting_by_names(actors):
    """One slot, one reason and a set of department ids are read by key: the
    models' default order (establishment, department, practitioner names)
    would join the registry to sort them, at every API booking."""
    slot = _free(actors)
    with CaptureQueriesContext(connection) as queries:
        assert _book(actors, slot["id"]).status_code == 201
    order_bys = [q["sql"].partition("ORDER BY")[2] for q in queries]
    assert [o for o in order_bys if '"hospital_establishment"' in o] == []


# The trail is written at COMMIT on PostgreSQL: real transactions.
@pytest.mark.django_db(transaction=True)
def test_every_change_is_audited_with_the_client_as_actor_and_channel_api(actors):
    slot = _free(actors)
    booking_id = _book(actors, slot["id"]).json()["id"]
    actors.api_clients.hospital.http.post(
        f"/api/v1/bookings/{booking_id}/cancel/", {"reason": "erreur"}
    )
    pk = str(Booking.objects.get(public_id=booking_id).pk)
    events = AuditEvent.objects.filter(object_type="scheduling_booking", object_id=pk)
    actor = f"user:{actors.api_clients.hospital.record.user.pk}:api:PAS Pitié"
    assert {(e.action, e.actor, e.channel) for e in events} >= {
        ("insert", actor, "api"),
        ("update", actor, "api"),
    }


def test_a_retried_booking_with_the_same_key_returns_the_first(actors):
    slot = _free(actors)
    first = _book(actors, slot["id"], key="retry-1")
    again = _book(actors, slot["id"], key="retry-1")
    assert first.status_code == 201
    assert again.status_code in (200, 201)
    assert again.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1
    other = _book(actors, _free(actors, 1)["id"], key="retry-1")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_mismatch"


def test_a_retried_cancel_with_the_same_key_returns_the_first_result(actors):
    booking_id = _book(actors, _free(actors)["id"]).json()["id"]
    url = f"/api/v1/bookings/{booking_id}/cancel/"
    first = actors.api_clients.hospital.http.post(url, {"reason": "erreur"}, key="cancel-1")
    again = actors.api_clients.hospital.http.post(url, {"reason": "erreur"}, key="cancel-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    without_key = actors.api_clients.hospital.http.post(url, {"reason": "erreur"})
    assert without_key.status_code == 409
    assert without_key.json()["code"] == "not_active"


def test_a_slot_of_another_clients_scope_is_not_found(actors):
    response = _book(actors, actors.other_slot.pk)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    booking_id = _book(actors, _free(actors)["id"]).json()["id"]
    for path in ("", "cancel/", "move/"):
        url = f"/api/v1/bookings/{booking_id}/{path}"
        other = (
            actors.api_clients.other_hospital.http.get(url)
            if not path
            else actors.api_clients.other_hospital.http.post(url, {"reason": "x", "slot": 1})
        )
        assert other.status_code == 404, path
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_a_reason_of_another_agenda_is_refused(actors):
    from tests import factories as f

    second = f.agenda(f.practitioner(last_name="Second"), actors.neuro_agenda.department)
    second_reason = f.reason(second, label="Autre")
    response = _book(actors, _free(actors)["id"], reason=second_reason)
    assert response.status_code == 422
    assert response.json()["code"] == "wrong_reason"
    assert not Booking.objects.exists()


def test_a_slot_at_an_ex_member_hospital_is_not_found(actors):
    slot = _free(actors)
    hospital = actors.hospital
    factories.leave(hospital)
    response = _book(actors, slot["id"])
    assert response.status_code == 404
    assert not Booking.objects.exists()
    assert actors.api_clients.hospital.http.get("/api/v1/availability/").json() == []


def test_refusals_are_structured_never_a_server_error(actors):
    cases = [
        ({"slot": "x"}, 400),
        ({"slot": 2**63, "reason": 1, "patient": patient_body()}, 400),
        ({"slot": 1, "reason": 1, "patient": patient_body(birth_date="1800-01-01")}, 400),
        ({"slot": 1, "reason": 1, "patient": patient_body(first_name="\ud800")}, 400),
        ({"slot": 1, "reason": 1, "patient": patient_body(phone="12")}, 400),
    ]
    for body, expected in cases:
        response = actors.api_clients.hospital.http.post("/api/v1/bookings/", body)
        assert response.status_code == expected, (body, response.content)
        assert response.json()["code"] == "invalid"
    bad_json = actors.api_clients.hospital.http.post(
        "/api/v1/bookings/", "{", content_type="application/json"
    )
    assert bad_json.status_code == 400
    assert set(bad_json.json()) == {"code", "message"}


def test_the_per_client_rate_limit_answers_429(actors, settings):
    settings.API_RATE = "3/m"
    answers = [
        actors.api_clients.hospital.http.get("/api/v1/specialties/").status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    # Another client has its own count.
    assert actors.api_clients.other_hospital.http.get("/api/v1/specialties/").status_code == 200


# The trail is written at COMMIT on PostgreSQL: real transactions.
@pytest.mark.django_db(transaction=True)
def test_create_api_client_prints_the_token_once(actors, capsys):
    call_command(
        "create_api_client",
        "Centre d'appels",
        "--finess",
        actors.hospital.finess,
        "--rights",
        "read,book",
    )
    token = capsys.readouterr().out.strip().splitlines()[-1]
    client = ApiClient.objects.get(name="Centre d'appels")
    assert client.can_read and client.can_book
    assert client_for_token(token) == client
    assert list(client.establishments.all()) == [actors.hospital]
    assert AuditEvent.objects.filter(object_type="scheduling_apiclient", action="insert").exists()


def test_the_openapi_schema_and_docs_are_served_without_a_cdn(actors):
    schema = actors.api_clients.hospital.http.http.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/bookings/{public_id}/move/" in schema.content
    docs = actors.api_clients.hospital.http.http.get("/api/v1/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # the CSP forbids inline code: the init script is a file
    assert "'unsafe-inline'" not in docs["Content-Security-Policy"]


def test_an_administrator_creates_a_client_in_the_admin_and_sees_its_token_once(actors):
    from django.test import Client

    from tests import factories as f

    admin = Client()
    admin.force_login(f.user("directrice", superuser=True))
    response = admin.post(
        "/admin/scheduling/apiclient/add/",
        {
            "name": "Plateforme nationale",
            "kind": "system",
            "is_active": "on",
            "can_read": "on",
            "establishments": [actors.hospital.pk],
        },
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    token = next(m.split(": ")[-1] for m in shown if "hsa_" in m)
    client = ApiClient.objects.get(name="Plateforme nationale")
    assert client_for_token(token) == client and not client.can_book
    assert (
        token not in admin.get(f"/admin/scheduling/apiclient/{client.pk}/change/").content.decode()
    )
    secretary = Client()
    secretary.force_login(f.user("secretaire"))
    assert secretary.get("/admin/scheduling/apiclient/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_reading_an_appointment_is_audited_with_the_client_as_actor(actors):
    booking_id = _book(actors, _free(actors)["id"]).json()["id"]
    pk = str(Booking.objects.get(public_id=booking_id).pk)
    earlier = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert (
        actors.api_clients.hospital.http.get(f"/api/v1/bookings/{booking_id}/").status_code == 200
    )
    actor = f"user:{actors.api_clients.hospital.record.user.pk}:api:PAS Pitié"
    # The trail outlives a test's flush (append-only): only this test's events count.
    reads = AuditEvent.objects.filter(
        pk__gt=earlier, object_type="scheduling_booking", action="read"
    )
    assert {(e.object_id, e.actor, e.channel) for e in reads} == {(pk, actor, "api")}
