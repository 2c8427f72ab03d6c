"""Another system polls the bookings of its scope (issue 22): GET
/api/v1/bookings/ in the order of change, with updated_since and a cursor,
so that a change made after a poll is found by the next one. And the OpenAPI
schema a client generator reads is valid."""

import json

import pytest
from django.utils import timezone

from scheduling.models import Booking
from scheduling.services import booking as booking_service
from tests import factories as f
from tests.helpers import ApiCaller

pytestmark = pytest.mark.django_db


def _pages(actors, params, client: ApiCaller | None = None) -> list[dict]:
    """Every booking the list gives (to the hospital's client unless another
    is given), following `next` to the end."""
    client = client or actors.api_clients.hospital.http
    response = client.get("/api/v1/bookings/", params)
    assert response.status_code == 200, response.content
    found = response.json()["results"]
    while nxt := response.json()["next"]:
        response = client.http.get(nxt, headers=client._headers(None))
        found += response.json()["results"]
    return found


@pytest.fixture
def bookings(actors):
    slots = list(actors.neuro_agenda.slots.order_by("start")[20:27])
    return [f.booking(slot, actors.first_visit, channel="api") for slot in slots]


def test_the_list_pages_through_every_booking_of_the_scope_only(actors, bookings):
    elsewhere = f.booking(actors.other_slot, actors.other_reason, channel="api")
    found = _pages(actors, {"limit": 3})
    assert [b["id"] for b in found] == [str(b.public_id) for b in bookings]
    assert str(elsewhere.public_id) not in {b["id"] for b in found}
    theirs = _pages(actors, {}, client=actors.api_clients.other_hospital.http)
    assert [b["id"] for b in theirs] == [str(elsewhere.public_id)]


def test_a_change_after_a_poll_is_found_by_the_next_one(actors, bookings):
    seen = _pages(actors, {})
    last = seen[-1]["updated_at"]
    assert _pages(actors, {"updated_since": last}) == seen[-1:]
    before = timezone.now()
    booking_service.cancel(bookings[0], reason="annulé", by=None)
    changed = _pages(actors, {"updated_since": before.isoformat()})
    assert [b["id"] for b in changed][0] == str(bookings[0].public_id)
    assert changed[0]["status"] == "cancelled"
    assert changed[0]["updated_at"] > last


def test_updated_at_is_raised_on_every_save_even_of_some_fields(actors, bookings):
    booking = bookings[0]
    before = Booking.objects.get(pk=booking.pk).updated_at
    booking.to_rebook = True
    booking.save(update_fields=["to_rebook"])
    assert Booking.objects.get(pk=booking.pk).updated_at > before


@pytest.mark.parametrize("since", ["yesterday", "9999-99-99", "1200-01-01T00:00:00Z"])
def test_a_bad_updated_since_is_a_400(actors, since):
    response = actors.api_clients.hospital.http.get("/api/v1/bookings/", {"updated_since": since})
    assert response.status_code == 400


def test_a_client_that_may_only_read_can_list_but_not_book(actors, bookings):
    assert len(_pages(actors, {}, client=actors.api_clients.reader.http)) == len(bookings)
    refused = actors.api_clients.reader.http.post("/api/v1/bookings/", {})
    assert refused.status_code == 403


def _schema(actors) -> dict:
    response = actors.api_clients.hospital.http.http.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_the_schema_has_no_default_its_own_format_refuses(actors):
    schema = _schema(actors)
    bad = [n for n in _walk(schema) if n.get("format") == "email" and n.get("default") == ""]
    assert bad == []
    listing = schema["paths"]["/api/v1/bookings/"]
    assert {"get", "post"} <= set(listing)
    names = {p["name"] for p in listing["get"]["parameters"]}
    assert {"updated_since", "cursor", "limit"} <= names


def test_the_schema_passes_openapi_spec_validator(actors):
    from openapi_spec_validator import validate

    validate(_schema(actors))
