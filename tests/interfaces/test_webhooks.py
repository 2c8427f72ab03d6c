"""Signed webhooks over real HTTP: the receiver verifies every Standard
Webhooks signature with the library's own code; a refusal is retried."""

import pytest
from django.core.exceptions import ValidationError

from interfaces import relay
from interfaces.models import Dispatch, Endpoint
from scheduling.services import booking as service
from tests.helpers import WEBHOOK_SECRET
from tests.interfaces.listeners import WebhookReceiver

pytestmark = pytest.mark.django_db


def subscribe(url: str, secret: str = WEBHOOK_SECRET) -> Endpoint:
    return Endpoint.objects.create(name="Portail", kind="webhook", address=url, secret=secret)


def test_each_change_is_posted_signed_in_order(book):
    with WebhookReceiver(WEBHOOK_SECRET) as receiver:
        subscribe(receiver.url)
        booking = book(first_name="Zoé")
        service.cancel(booking, reason="Plus besoin")
        assert relay.deliver_due(budget=30) == 2
    public_id = str(booking.public_id)
    assert receiver.refused == []
    assert receiver.types() == [
        ("appointment.booked", public_id),
        ("appointment.cancelled", public_id),
    ]
    (first_id, booked), (_id, cancelled) = receiver.accepted
    assert first_id == Dispatch.objects.order_by("id").first().control_id
    assert booked["data"]["patient"]["given"] == "Zoé"
    assert (
        booked["data"]["establishment"]["finess"]
        == booking.slot.agenda.department.establishment.finess
    )
    assert cancelled["data"]["status"] == "cancelled" and cancelled["data"]["revision"] == 1


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(book):
    other = "whsec_" + "QUFB" * 11
    with WebhookReceiver(WEBHOOK_SECRET) as receiver:
        endpoint = subscribe(receiver.url, secret=other)
        book()
        relay.deliver_due(budget=10)
        assert receiver.accepted == [] and len(receiver.refused) == 1
        dispatch = Dispatch.objects.get()
        assert (dispatch.status, dispatch.log.get().ack_code) == ("pending", "401")

        endpoint.secret = WEBHOOK_SECRET
        endpoint.save()
        Dispatch.objects.update(next_attempt_at=None)
        assert relay.deliver_due(budget=10) == 1
    assert len(receiver.accepted) == 1


@pytest.mark.parametrize(
    ("address", "secret"),
    [
        ("http://his.example/hook", WEBHOOK_SECRET),  # patients' identities in clear
        ("https://his.example/hook", "not-a-secret"),
        ("https://his.example/hook", "whsec_QUFB"),  # too short to sign anything
    ],
)
def test_a_webhook_needs_https_and_a_real_secret(address, secret):
    with pytest.raises(ValidationError):
        Endpoint(name="x", kind="webhook", address=address, secret=secret).full_clean()


@pytest.mark.parametrize("address", ["his.example", "his.example:0", "his.example:http"])
def test_an_mllp_endpoint_needs_host_and_port(address):
    with pytest.raises(ValidationError):
        Endpoint(name="x", kind="mllp", address=address).full_clean()
