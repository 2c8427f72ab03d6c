"""FHIR Subscription (rest-hook) over real HTTP: a listener on a real port
receives the Appointment at every change of a booking in the client's
scope, in order, each valid FHIR; retried, then a dead letter; another
client's subscription is not found."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from interfaces import relay
from interfaces.models import Dispatch, Endpoint
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import FHIR_JSON, ApiCaller, fhir_get, valid

pytestmark = pytest.mark.django_db
TOKEN = "Bearer s3cr3t-of-the-receiver"


class FhirReceiver:
    """An HTTP server on a real port: keeps each POST (its headers and the
    Appointment, validated with fhir.resources) and answers `status`."""

    def __init__(self, status: int = 200):
        self.received: list[tuple[dict, dict | None]] = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = None
                if raw:
                    body = json.loads(raw)
                    get_fhir_model_class(body["resourceType"]).model_validate(body)
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/fhir-hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FhirReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def subscription(endpoint: str, payload: str = FHIR_JSON, **overrides) -> dict:
    channel = {"type": "rest-hook", "endpoint": endpoint, "header": [f"Authorization: {TOKEN}"]}
    if payload:
        channel["payload"] = payload
    return {
        "resourceType": "Subscription",
        "status": "requested",
        "reason": "Agenda du GAM",
        "criteria": "Appointment",
        "channel": channel,
        **overrides,
    }


def subscribe(actors, body: dict, client: ApiCaller | None = None):
    """Subscribe as the hospital's patient administration, or `client`."""
    client = client or actors.api_clients.hospital.http
    return client.http.post(
        "/fhir/Subscription",
        json.dumps(body),
        content_type=FHIR_JSON,
        headers={"Authorization": f"Bearer {client.token}", "Accept": FHIR_JSON},
    )


def book(actors, days: int = 4):
    start = timezone.now() + datetime.timedelta(days=days)
    return service.book(
        slot=free_slots(reason=actors.first_visit, start=start).first(),
        reason=actors.first_visit,
        patient=f.patient(sms_consent=False),
        channel="phone",
        returning=False,
    )


def test_booked_moved_cancelled_are_posted_in_order_as_valid_appointments(actors):
    with FhirReceiver() as receiver:
        created = valid(subscribe(actors, subscription(receiver.url)), "Subscription")
        assert created["status"] == "active" and created["channel"]["header"] == [
            "Authorization: ***"
        ]
        booking = book(actors)
        first_start = booking.slot.start
        target = free_slots(reason=actors.first_visit, start=booking.slot.end).first()
        service.move(booking, to_slot=target)
        service.cancel(booking, reason="Plus besoin")
        assert relay.deliver_due(budget=30) == 3
    bodies = [body for _headers, body in receiver.received]
    assert [(b["id"], b["status"]) for b in bodies] == [
        (str(booking.public_id), "booked"),
        (str(booking.public_id), "booked"),
        (str(booking.public_id), "cancelled"),
    ]
    # Each says the time of its own change: the booked one the first slot.
    assert bodies[0]["start"] == first_start.astimezone(datetime.UTC).isoformat().replace(
        "+00:00", "Z"
    )
    assert bodies[1]["start"] != bodies[0]["start"]
    assert bodies[1]["slot"] == [{"reference": f"Slot/{target.pk}"}]
    headers = [h for h, _body in receiver.received]
    assert all(h["Authorization"] == TOKEN for h in headers)
    assert all(h["Content-Type"] == FHIR_JSON for h in headers)


def test_a_ping_subscription_gets_an_empty_post(actors):
    with FhirReceiver() as receiver:
        valid(subscribe(actors, subscription(receiver.url, payload="")), "Subscription")
        book(actors)
        assert relay.deliver_due(budget=30) == 1
    assert [body for _h, body in receiver.received] == [None]


def test_bookings_outside_the_clients_scope_are_not_posted(actors):
    with FhirReceiver() as receiver:
        valid(
            subscribe(
                actors, subscription(receiver.url), client=actors.api_clients.other_hospital.http
            ),
            "Subscription",
        )
        book(actors)  # at the Pitié: not Nord's
        relay.deliver_due(budget=30)
        assert receiver.received == []
        nord = service.book(
            slot=actors.other_slot,
            reason=actors.other_reason,
            patient=f.patient(sms_consent=False),
            channel="phone",
            returning=False,
        )
        relay.deliver_due(budget=30)
    assert [body["id"] for _h, body in receiver.received] == [str(nord.public_id)]
    skipped = Dispatch.objects.exclude(event__booking=nord).get()
    assert skipped.log.get().detail == "outside scope: not sent"


def test_a_partner_portal_is_sent_only_the_bookings_it_made(actors):
    """A partner portal reads back only its own bookings (api_scope): its
    subscription is sent nothing else, even in an agenda opted in to it."""
    from scheduling.models import ApiClient, Booking
    from scheduling.services import partners
    from scheduling.services.api_clients import create_client

    partner, token = create_client(
        name="Doctoportail",
        establishments=[actors.hospital],
        can_read=True,
        can_book=True,
        kind=ApiClient.Kind.PARTNER,
    )
    partners.set_opt_in(
        agenda=actors.neuro_agenda, client=partner, opted_in=True, by=f.user("a", superuser=True)
    )
    partner_api = ApiCaller(token)
    with FhirReceiver() as receiver:
        valid(subscribe(actors, subscription(receiver.url), client=partner_api), "Subscription")
        book(actors)  # the hospital's own, by phone, in the same agenda
        start = timezone.now() + datetime.timedelta(days=5)
        own = service.book(
            slot=free_slots(reason=actors.first_visit, start=start).first(),
            reason=actors.first_visit,
            patient=f.patient(first_name="Léa", sms_consent=False),
            channel=Booking.Channel.PARTNER,
            returning=False,
            by=partner.user,
        )
        relay.deliver_due(budget=30)
    assert [body["id"] for _h, body in receiver.received] == [str(own.public_id)]


def test_a_deactivated_client_is_sent_nothing(actors):
    with FhirReceiver() as receiver:
        valid(subscribe(actors, subscription(receiver.url)), "Subscription")
        actors.api_clients.hospital.record.is_active = False
        actors.api_clients.hospital.record.save()
        book(actors)
        relay.deliver_due(budget=30)
    assert receiver.received == []
    assert Dispatch.objects.get().log.get().detail == "outside scope: not sent"


def test_a_refusing_endpoint_is_retried_then_a_dead_letter(actors, settings):
    settings.INTERFACE_ATTEMPTS = 3
    with FhirReceiver(status=500) as receiver:
        valid(subscribe(actors, subscription(receiver.url)), "Subscription")
        book(actors)
        for _ in range(3):
            Dispatch.objects.update(next_attempt_at=None)
            relay.deliver_due(budget=10)
    dispatch = Dispatch.objects.get()
    assert len(receiver.received) == 3
    assert dispatch.status == Dispatch.Status.DEAD
    assert [a.ack_code for a in dispatch.log.all()] == ["500", "500", "500"]
    assert relay.replay(dispatch)  # staff's replay puts it back in the line
    assert Dispatch.objects.get().status == Dispatch.Status.PENDING


def test_a_client_reads_lists_and_turns_off_only_its_own(actors):
    created = valid(subscribe(actors, subscription("https://gam.example/hook")))
    path = f"Subscription/{created['id']}"
    assert valid(fhir_get(actors, path))["criteria"] == "Appointment"
    listed = valid(fhir_get(actors, "Subscription"), "Bundle")
    assert [e["resource"]["id"] for e in listed["entry"]] == [created["id"]]

    assert fhir_get(actors, path, client=actors.api_clients.other_hospital.http).status_code == 404
    assert (
        valid(fhir_get(actors, "Subscription", client=actors.api_clients.other_hospital.http))[
            "total"
        ]
        == 0
    )
    nord = actors.api_clients.other_hospital.http
    answer = nord.http.delete(f"/fhir/{path}", headers={"Authorization": f"Bearer {nord.token}"})
    assert answer.status_code == 404
    assert Endpoint.objects.get(pk=created["id"]).active

    mine = actors.api_clients.hospital.http
    answer = mine.http.delete(f"/fhir/{path}", headers={"Authorization": f"Bearer {mine.token}"})
    assert valid(answer)["status"] == "off"
    assert not Endpoint.objects.get(pk=created["id"]).active


@pytest.mark.parametrize(
    "change",
    [
        {"criteria": "Patient"},
        {"criteria": "Appointment?status=booked"},
        {"channel": {"type": "websocket", "endpoint": "https://gam.example/hook"}},
        {"channel": {"type": "rest-hook", "endpoint": "http://gam.example/hook"}},
        {"channel": {"type": "rest-hook", "endpoint": "https://x", "payload": "text/xml"}},
        {"channel": {"type": "rest-hook", "endpoint": "https://x", "header": ["no colon"]}},
    ],
)
def test_what_is_not_supported_is_refused_with_an_operation_outcome(actors, change):
    answer = subscribe(actors, {**subscription("https://gam.example/hook"), **change})
    assert answer.status_code == 400
    valid(answer, "OperationOutcome")
    assert not Endpoint.objects.exists()


@pytest.mark.django_db(transaction=True)  # PostgreSQL seals the trail's events at COMMIT
def test_the_receivers_header_is_audited_only_as_a_keyed_hash(actors):
    from audit.models import Event

    created = valid(subscribe(actors, subscription("https://gam.example/hook")))
    event = Event.objects.get(object_type="interfaces_endpoint", object_id=created["id"])
    assert "gam.example" in event.changes
    assert TOKEN.split()[-1] not in event.changes and "hmac:" in event.changes
