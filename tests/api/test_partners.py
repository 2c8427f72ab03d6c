"""Partner portals as channels (issue 24), over real HTTP on a live server, on
SQLite and PostgreSQL: an external booking site, an API client of kind
"partner", sees and books through REST and FHIR only the agendas opted in to
it; the others are absent from its searches, 404 when named, and refused;
opting out hides an agenda at once. Its bookings carry the channel "partner"
and its service account, so the routing report counts them per partner. It
reads back only its own bookings and the patients it sent."""

import datetime
from dataclasses import dataclass

import pytest
import requests
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from scheduling.models import Agenda, ApiClient, Booking, OpeningRule, VisitReason
from scheduling.selectors.routing import routing_report
from scheduling.services import partners
from scheduling.services.api_clients import create_client
from scheduling.services.booking import book
from scheduling.services.patients import PatientDetails
from scheduling.services.slots import generate_slots
from tests import factories as f
from tests.helpers import patient_body

pytestmark = pytest.mark.django_db(transaction=True)


class Partner:
    def __init__(self, base: str, token: str):
        self.base, self.http = base, requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def get(self, path, **params):
        return self.http.get(self.base + path, params=params, timeout=30)

    def post(self, path, body):
        return self.http.post(self.base + path, json=body, timeout=60)


def _after_cutoff() -> str:
    return (timezone.now() + datetime.timedelta(days=2)).isoformat()


@dataclass(frozen=True)
class PartnerWorld:
    second: Agenda
    second_reason: VisitReason
    partner: ApiClient
    admin: AbstractUser
    http: Partner


@pytest.fixture
def partner_world(actors, live_server) -> PartnerWorld:
    """A second agenda in Dr Neuro's department (Dr Second, not opted in),
    and a partner portal over the hospital; Dr Neuro's agenda is opted in to
    it by her department's administrator."""
    second = f.agenda(f.practitioner(last_name="Second"), actors.neuro_agenda.department)
    second_reason = f.reason(second, minutes=30, label="Première consultation")
    rule = OpeningRule.objects.create(
        agenda=second,
        weekday=timezone.localdate().weekday(),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        valid_from=datetime.date(2020, 1, 1),
    )
    rule.reasons.add(second_reason)
    generate_slots(second, now=timezone.now())
    partner, token = create_client(
        name="Doctoportail",
        establishments=[actors.hospital],
        can_read=True,
        can_book=True,
        kind=ApiClient.Kind.PARTNER,
    )
    admin = f.user("admin", superuser=True)
    # The API's other clients and the other hospital, outside the partner's scope.
    _ = actors.api_clients, actors.other_slot
    partners.set_opt_in(agenda=actors.neuro_agenda, client=partner, opted_in=True, by=admin)
    return PartnerWorld(second, second_reason, partner, admin, Partner(live_server.url, token))


def _find(http, reason) -> dict:
    body = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "start", "valueDateTime": _after_cutoff()},
            {"name": "reason-code", "valueCode": str(reason.pk)},
            {"name": "_count", "valueInteger": 1},
        ],
    }
    return http.post("/fhir/Appointment/$find", body).json()


def _contained_patient(proposal: dict) -> dict:
    proposal["contained"] = [
        {
            "resourceType": "Patient",
            "id": "p",
            "name": [{"family": "Lambert", "given": ["Zoé"]}],
            "birthDate": "1990-04-12",
            "telecom": [{"system": "email", "value": "zoe@example.org"}],
        }
    ]
    proposal["participant"] = [
        *proposal.get("participant", []),
        {"actor": {"reference": "#p"}, "status": "accepted"},
    ]
    return proposal


def test_partner_books_through_rest_and_fhir_in_its_opted_in_agenda_only(actors, partner_world):
    http, first, second = partner_world.http, actors.first_visit, partner_world.second
    # REST: the opted-in agenda's slots are there, the other's are absent.
    mine = http.get("/api/v1/availability/", reason=first.pk, start=_after_cutoff(), limit=2)
    assert mine.status_code == 200 and len(mine.json()) == 2
    theirs = partner_world.second_reason
    assert http.get("/api/v1/availability/", reason=theirs.pk).json() == []
    everything = http.get("/api/v1/availability/", start=_after_cutoff(), limit=100).json()
    assert everything and {s["practitioner"] for s in everything} == {actors.neurosurgeon.rpps}
    reasons = {r["id"] for r in http.get("/api/v1/reasons/", limit=100).json()["results"]}
    assert first.pk in reasons and theirs.pk not in reasons
    practitioners = http.get("/api/v1/practitioners/", limit=100).json()["results"]
    assert {p["rpps"] for p in practitioners} == {actors.neurosurgeon.rpps}
    # REST booking in the opted-in agenda: channel partner.
    body = {"slot": mine.json()[0]["id"], "reason": first.pk, "patient": patient_body()}
    booked = http.post("/api/v1/bookings/", body)
    assert booked.status_code == 201, booked.text
    assert booked.json()["channel"] == "partner"
    # REST booking in the other agenda: the slot does not exist for it.
    other_slot = second.slots.filter(start__gt=timezone.now() + datetime.timedelta(days=2))[0]
    refused = http.post(
        "/api/v1/bookings/", {"slot": other_slot.pk, "reason": theirs.pk, "patient": patient_body()}
    )
    assert refused.status_code == 404
    # FHIR: Schedules, $find, $book.
    schedules = http.get("/fhir/Schedule").json()
    assert [e["resource"]["id"] for e in schedules["entry"]] == [str(actors.neuro_agenda.pk)]
    assert http.get(f"/fhir/Schedule/{second.pk}").status_code == 404
    assert http.get("/fhir/Slot", schedule=f"Schedule/{second.pk}").json()["total"] == 0
    assert _find(http, theirs).get("total", 0) == 0
    proposal = _find(http, first)["entry"][0]["resource"]
    get_fhir_model_class("Appointment").model_validate(proposal)
    book_fhir = http.post(
        "/fhir/Appointment/$book",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "appointment", "resource": _contained_patient(proposal)}],
        },
    )
    assert book_fhir.status_code == 201, book_fhir.text
    assert book_fhir.json()["status"] == "booked"
    hold_theirs = {
        "resourceType": "Appointment",
        "status": "proposed",
        "reasonCode": [{"coding": [{"code": str(theirs.pk)}]}],
        "slot": [{"reference": f"Slot/{other_slot.pk}"}],
    }
    refused_fhir = http.post(
        "/fhir/Appointment/$hold",
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "appointment", "resource": _contained_patient(hold_theirs)}],
        },
    )
    assert refused_fhir.status_code == 404
    made = Booking.objects.not_cancelled()
    assert {(b.channel, b.created_by_id, b.slot.agenda_id) for b in made} == {
        ("partner", partner_world.partner.user_id, actors.neuro_agenda.pk)
    }
    assert made.count() == 2
    # The routing report counts them on the partner channel, per partner.
    slots = [b.slot.start for b in made]
    report = routing_report(timezone.localdate(min(slots)), timezone.localdate(max(slots)))
    assert {"channel": "partner", "bookings": 2} in report.per_channel
    partner = partner_world.partner
    assert {
        "client_id": str(partner.public_id),
        "client": "Doctoportail",
        "bookings": 2,
    } in report.per_client


def test_opting_out_hides_the_agenda_and_refuses_its_next_bookings(actors, partner_world):
    http, first = partner_world.http, actors.first_visit
    slots = http.get("/api/v1/availability/", reason=first.pk, start=_after_cutoff(), limit=2)
    booked = http.post(
        "/api/v1/bookings/",
        {"slot": slots.json()[0]["id"], "reason": first.pk, "patient": patient_body()},
    )
    assert booked.status_code == 201
    partners.set_opt_in(
        agenda=actors.neuro_agenda,
        client=partner_world.partner,
        opted_in=False,
        by=partner_world.admin,
    )
    assert http.get("/api/v1/availability/", reason=first.pk).json() == []
    assert http.get("/api/v1/availability/").json() == []
    assert http.get("/fhir/Schedule").json()["total"] == 0
    assert _find(http, first).get("total", 0) == 0
    again = http.post(
        "/api/v1/bookings/",
        {"slot": slots.json()[1]["id"], "reason": first.pk, "patient": patient_body()},
    )
    assert again.status_code == 404
    # Its booking already made stands, and it may still read and cancel it.
    mine = http.get(f"/api/v1/bookings/{booked.json()['id']}/")
    assert mine.status_code == 200 and mine.json()["status"] == "booked"
    cancelled = http.post(f"/api/v1/bookings/{booked.json()['id']}/cancel/", {"reason": "annulé"})
    assert cancelled.json()["status"] == "cancelled"


def test_partner_reads_only_its_own_bookings_and_the_patients_it_sent(actors, partner_world):
    http, first = partner_world.http, actors.first_visit
    # The hospital's own system books Zoé Lambert, with her phone and INS, first.
    free = actors.neuro_agenda.slots.filter(start__gt=timezone.now() + datetime.timedelta(days=3))
    theirs = book(
        slot=free[0],
        reason=first,
        patient=PatientDetails(**{**patient_body(), "birth_date": datetime.date(1990, 4, 12)}),
        channel=Booking.Channel.API,
        returning=False,
        by=actors.api_clients.hospital.record.user,
    )
    slots = http.get("/api/v1/availability/", reason=first.pk, start=_after_cutoff(), limit=1)
    mine = http.post(
        "/api/v1/bookings/",
        {
            "slot": slots.json()[0]["id"],
            "reason": first.pk,
            "patient": patient_body(phone="", email="zoe@example.org"),
        },
    )
    assert mine.status_code == 201, mine.text
    # Not the record another channel made: the partner's own, with what it sent.
    assert mine.json()["patient"] != str(theirs.patient.public_id)
    assert http.get(f"/api/v1/bookings/{theirs.public_id}/").status_code == 404
    listed = http.get("/api/v1/bookings/").json()["results"]
    assert [b["id"] for b in listed] == [mine.json()["id"]]
    assert http.get(f"/fhir/Patient/{theirs.patient.public_id}").status_code == 404
    assert http.get(f"/fhir/Appointment/{theirs.public_id}").status_code == 404
    patients = http.get("/fhir/Patient").json()
    assert [e["resource"]["id"] for e in patients["entry"]] == [mine.json()["patient"]]
    assert "telecom" not in patients["entry"][0]["resource"] or all(
        t["system"] != "phone" for t in patients["entry"][0]["resource"]["telecom"]
    )
