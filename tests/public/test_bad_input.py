"""Bad input on the public site gets a clear 4xx (or the default page) and
changes nothing; private pages are never stored; refused posts leave no session."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from scheduling.models import Booking, Patient
from scheduling.selectors.links import manage_path
from tests.helpers import book_and_confirm, booking_form, first_slot

pytestmark = pytest.mark.django_db


def _practitioner_page(client, actors, query: str):
    return client.get(f"/practitioners/{actors.neurosurgeon.rpps}/{query}")


def test_a_week_far_beyond_the_horizon_shows_the_last_bookable_week(client, actors):
    page = _practitioner_page(client, actors, "?week=9999-12-31")
    assert page.status_code == 200
    assert page.context["week_start"] <= timezone.localdate() + datetime.timedelta(weeks=12)


@pytest.mark.parametrize("reason", ["²", "99999999999999999999999", "-1", "0", "1e3", "٣"])
def test_a_reason_that_is_not_an_id_shows_every_reason(client, actors, reason):
    page = _practitioner_page(client, actors, f"?reason={reason}")
    assert page.status_code == 200 and page.context["reason"] is None


@pytest.mark.parametrize("path", ["/establishments/%00/", "/practitioners/%00/", "/?q=%00"])
def test_a_nul_byte_in_the_url_is_a_client_error(client, actors, path):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    assert client.get(path).status_code in (400, 404)


def test_an_email_longer_than_the_column_is_refused_on_the_form(client, actors):
    long_email = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".fra"  # valid (320 at most)
    assert len(long_email) == 260
    slot = first_slot(actors)
    response = client.post(f"/book/{slot.pk}/", booking_form(actors, email=long_email))
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not Patient.objects.exists()


def test_a_form_token_too_long_for_the_idempotency_key_is_refused(client, actors):
    slot = first_slot(actors)
    response = client.post(f"/book/{slot.pk}/", booking_form(actors, form_token="t" * 64))
    assert response.status_code == 200 and "form_token" in response.context["form"].errors
    assert not Booking.objects.exists()


@pytest.mark.parametrize("login", ["/admin/login/", "/portal/login/"])
def test_a_300_character_username_is_refused_by_the_login_form(client, login):
    response = client.post(login, {"username": "u" * 300, "password": "whatever"})
    assert response.status_code == 200 and response.context["form"].errors


def test_a_closed_agenda_cannot_be_booked_by_posting_its_slot(client, actors):
    slot = first_slot(actors)
    actors.neuro_agenda.is_active = False
    actors.neuro_agenda.save()
    assert client.get(f"/book/{slot.pk}/").status_code == 404
    assert client.post(f"/book/{slot.pk}/", booking_form(actors)).status_code == 404
    assert not Booking.objects.exists()


def test_private_appointment_pages_and_calendar_are_never_stored(client, actors):
    booking = book_and_confirm(client, actors)
    for path in [manage_path(booking), manage_path(booking) + "calendar.ics"]:
        assert "no-store" in client.get(path)["Cache-Control"], path
    form = client.get(f"/book/{first_slot(actors).pk}/")
    assert "no-store" in form["Cache-Control"]


def test_refused_anonymous_posts_create_no_session(client, actors):
    slot = first_slot(actors)
    for attempt in range(20):
        client.post(f"/book/{slot.pk}/", booking_form(actors, email=f"not-an-email-{attempt}"))
    client.post("/portal/login/", {"username": "nobody", "password": "wrong"})
    assert Session.objects.count() == 0 and "sessionid" not in client.cookies


def test_an_accepted_post_keeps_the_visitors_session(client, actors):
    slot = first_slot(actors)
    assert client.post(f"/book/{slot.pk}/", booking_form(actors)).status_code == 302
    assert Session.objects.count() == 1 and client.cookies["sessionid"].value


def test_site_url_decides_the_links_in_mail(client, actors, settings):
    settings.SITE_URL = "https://rdv.hopital.example"
    book_and_confirm(client, actors)
    assert "https://rdv.hopital.example/appointment/" in mail.outbox[-1].body
