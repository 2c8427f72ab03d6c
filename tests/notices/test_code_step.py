"""The code step: the page says where the code went and how many tries are
left, the code can be re-sent (a limited number of times), the address
changed, and a visitor who resubmits their own form resumes their own hold."""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from scheduling.models import Booking
from scheduling.selectors.search import free_slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(client, django_capture_on_commit_callbacks):
    """POST, then run what the request enqueued once it committed (the
    immediate task backend), as a real request would."""

    def post(url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **kwargs)

    return post


def _details(actors, **overrides) -> dict:
    return {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Alex",
        "last_name": "Durand",
        "birth_date": "1980-05-17",
        "email": "alex@example.org",
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": "token-1",
        **overrides,
    }


def _slot(actors):
    return free_slots(
        reason=actors.first_visit, start=timezone.now() + datetime.timedelta(days=3)
    ).first()


def _sent_codes() -> list[str]:
    return [re.search(r"\b(\d{6})\b", m.subject).group(1) for m in mail.outbox]


def test_the_code_page_says_where_the_code_went_and_the_attempts_left(client, actors):
    slot = _slot(actors)
    url = client.post(f"/book/{slot.pk}/", _details(actors)).url
    page = client.get(url).content.decode()
    assert "alex@example.org" in page and "5 attempts left" in page
    page = client.post(url, {"code": "000000"}).content.decode()
    assert "4 attempts left" in page


def test_someone_else_sees_the_address_masked(client, actors):
    slot = _slot(actors)
    url = client.post(f"/book/{slot.pk}/", _details(actors)).url
    client.cookies.clear()
    page = client.get(url).content.decode()
    assert "alex@example.org" not in page and "a•••@example.org" in page


@override_settings(BOOKING_CONFIRMATION_ATTEMPTS=2)
def test_after_the_last_attempt_the_page_leads_back_to_the_slots(client, actors):
    slot = _slot(actors)
    url = client.post(f"/book/{slot.pk}/", _details(actors)).url
    client.post(url, {"code": "000000"})
    page = client.post(url, {"code": "000001"}).content.decode()
    assert "Too many wrong codes" in page
    assert f"/practitioners/{actors.neurosurgeon.rpps}/" in page


@override_settings(BOOKING_CODE_RESENDS=2)
def test_a_new_code_replaces_the_old_one_a_limited_number_of_times(client, actors, committed):
    slot = _slot(actors)
    url = committed(f"/book/{slot.pk}/", _details(actors)).url
    committed(url + "resend/")
    committed(url + "resend/")
    page = committed(url + "resend/", follow=True).content.decode()
    assert "sent too many times" in page
    first, second, third = _sent_codes()
    assert client.post(url, {"code": first}).status_code == 200  # no longer valid
    assert client.post(url, {"code": third}).status_code == 302
    assert Booking.objects.get(slot=slot).status == "booked"


def test_resubmitting_ones_own_form_resumes_ones_own_hold(client, actors):
    slot = _slot(actors)
    first = client.post(f"/book/{slot.pk}/", _details(actors, form_token="a"))
    # Back to the form (a fresh one), and submit again: not "this slot was just taken".
    again = client.post(f"/book/{slot.pk}/", _details(actors, form_token="b"))
    assert again.status_code == 302 and again.url == first.url
    assert Booking.objects.filter(slot=slot).count() == 1


def test_changing_the_address_replaces_ones_own_hold(client, actors, committed):
    slot = _slot(actors)
    first = committed(f"/book/{slot.pk}/", _details(actors, form_token="a"))
    form = client.get(f"/book/{slot.pk}/?change=1").context["form"]
    assert form.initial["last_name"] == "Durand"  # everything but the address
    second = committed(
        f"/book/{slot.pk}/", _details(actors, form_token="b", email="alex.d@example.org")
    )
    assert second.status_code == 302 and second.url != first.url
    old, new = Booking.objects.filter(slot=slot).order_by("pk")
    assert (old.status, new.status, new.patient.email) == (
        "cancelled",
        "pending",
        "alex.d@example.org",
    )
    codes = _sent_codes()
    assert mail.outbox[-1].to == ["alex.d@example.org"]
    assert client.post(second.url, {"code": codes[-1]}).status_code == 302


def test_another_visitor_still_finds_the_slot_taken(client, actors):
    slot = _slot(actors)
    client.post(f"/book/{slot.pk}/", _details(actors, form_token="a"))
    client.cookies.clear()
    page = client.post(f"/book/{slot.pk}/", _details(actors, form_token="b"))
    assert page.status_code == 200 and "just been taken" in page.content.decode()
