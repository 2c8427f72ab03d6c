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

pytestmark = pytest.mark.django_db


def _pages(world, params, api="api") -> list[dict]:
    """Every booking the list gives, following `next` to the end."""
    response = world[api].get("/api/v1/bookings/", params)
    assert response.status_code == 200, response.content
    found = response.json()["results"]
    while nxt := response.json()["next"]:
        response = world[api].http.get(nxt, headers=world[api]._headers(None))
        found += response.json()["results"]
    return found


@pytest.fixture
def bookings(api_world):
    slots = list(api_world["agenda"].slots.order_by("start")[20:27])
    return [f.booking(slot, api_world["first"], channel="api") for slot in slots]


def test_the_list_pages_through_every_booking_of_the_scope_only(api_world, bookings):
    elsewhere = f.booking(api_world["other_slot"], api_world["other_reason"], channel="api")
    found = _pages(api_world, {"limit": 3})
    assert [b["id"] for b in found] == [str(b.public_id) for b in bookings]
    assert str(elsewhere.public_id) not in {b["id"] for b in found}
    theirs = _pages(api_world, {}, api="nord_api")
    assert [b["id"] for b in theirs] == [str(elsewhere.public_id)]


def test_a_change_after_a_poll_is_found_by_the_next_one(api_world, bookings):
    seen = _pages(api_world, {})
    last = seen[-1]["updated_at"]
    assert _pages(api_world, {"updated_since": last}) == seen[-1:]
    before = timezone.now()
    booking_service.cancel(bookings[0], reason="annulé", by=None)
    changed = _pages(api_world, {"updated_since": before.isoformat()})
    assert [b["id"] for b in changed][0] == str(bookings[0].public_id)
    assert changed[0]["status"] == "cancelled"
    assert changed[0]["updated_at"] > last


def test_updated_at_is_raised_on_every_save_even_of_some_fields(api_world, bookings):
    booking = bookings[0]
    before = Booking.objects.get(pk=booking.pk).updated_at
    booking.to_rebook = True
    booking.save(update_fields=["to_rebook"])
    assert Booking.objects.get(pk=booking.pk).updated_at > before


@pytest.mark.parametrize("since", ["yesterday", "9999-99-99", "1200-01-01T00:00:00Z"])
def test_a_bad_updated_since_is_a_400(api_world, since):
    response = api_world["api"].get("/api/v1/bookings/", {"updated_since": since})
    assert response.status_code == 400


def test_a_client_that_may_only_read_can_list_but_not_book(api_world, bookings):
    assert len(_pages(api_world, {}, api="reader_api")) == len(bookings)
    refused = api_world["reader_api"].post("/api/v1/bookings/", {})
    assert refused.status_code == 403


def _schema(world) -> dict:
    response = world["api"].http.get("/api/v1/schema/", {"format": "json"})
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


def test_the_schema_has_no_default_its_own_format_refuses(api_world):
    schema = _schema(api_world)
    bad = [n for n in _walk(schema) if n.get("format") == "email" and n.get("default") == ""]
    assert bad == []
    listing = schema["paths"]["/api/v1/bookings/"]
    assert {"get", "post"} <= set(listing)
    names = {p["name"] for p in listing["get"]["parameters"]}
    assert {"updated_since", "cursor", "limit"} <= names


def test_the_schema_passes_openapi_spec_validator(api_world):
    from openapi_spec_validator import validate

    validate(_schema(api_world))
