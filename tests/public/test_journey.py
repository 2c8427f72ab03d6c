"""The patient's journey on the public site, view by view, with every bad input."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone
from icalendar import Calendar

from scheduling.models import Booking, Slot
from scheduling.selectors.links import booking_from_token, manage_path
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import book_and_confirm, booking_form, code_from_outbox, first_slot

pytestmark = pytest.mark.django_db


def _bookings_linked(text: str) -> list[Booking]:
    """The bookings whose private links the text carries. A link is signed
    with the second it was made, so tests read it back rather than compare
    it with one made a moment later."""
    return [booking_from_token(token) for token in re.findall(r"/appointment/([^/\s\"]+)/", text)]


# --- find ------------------------------------------------------------------------


def test_search_by_name_city_and_specialty_finds_the_practitioner(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    for query in ["?q=neuro", "?q=Paris", "?specialty=neurochirurgie", "?q=Pitié"]:
        page = client.get("/" + query).content.decode()
        assert "Dr Nadia Neuro" in page, query
    assert "Dr Nadia Neuro" not in client.get("/?q=Lyon").content.decode()


def test_specialty_page_lists_practitioners_with_first_availability(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    page = client.get("/specialties/neurochirurgie/").content.decode()
    assert (
        "Dr Nadia Neuro" in page
        and "First availability" in page
        or "Première disponibilité" in page
    )


def test_establishment_page_lists_its_departments(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    page = client.get(f"/establishments/{actors.hospital.finess}/").content.decode()
    assert "Neurochirurgie" in page and actors.hospital.finess in page


def test_external_clinic_is_never_a_place_to_book(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    assert client.get(f"/establishments/{actors.clinic.finess}/").status_code == 404
    for query in ["/?q=Clinique", "/?q=Neuilly", "/specialties/neurochirurgie/"]:
        assert "Clinique du Parc" not in client.get(query).content.decode()


def test_practitioner_page_shows_reasons_and_a_week_of_slots(client, actors):
    page = client.get(f"/practitioners/{actors.neurosurgeon.rpps}/").content.decode()
    assert "Première consultation" in page and "Suivi" in page
    assert "Bilan pré-opératoire" not in page, "not bookable online"
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    later = client.get(f"/practitioners/{actors.neurosurgeon.rpps}/?week={next_week}")
    assert "/book/" in later.content.decode()


def test_unknown_practitioner_and_bad_week_are_handled(client, actors):
    assert client.get("/practitioners/12345678901/").status_code == 404
    ok = client.get(f"/practitioners/{actors.neurosurgeon.rpps}/?week=not-a-date&reason=x")
    assert ok.status_code == 200


# --- book ------------------------------------------------------------------------


def test_booking_holds_the_slot_then_the_emailed_code_confirms_it(client, actors):
    slot = first_slot(actors)
    response = client.post(f"/book/{slot.pk}/", booking_form(actors))
    booking = Booking.objects.get(slot=slot)
    assert booking.status == "pending"
    assert response.url == f"/book/confirm/{booking.public_id}/"
    assert mail.outbox[-1].to == ["alex.durand@example.org"]
    response = client.post(response.url, {"code": code_from_outbox()})
    booking.refresh_from_db()
    assert booking.status == "booked" and booking.channel == "web"
    assert _bookings_linked(response.url) == [booking]


def test_confirmation_email_names_everything_and_carries_an_ics(client, actors):
    booking = book_and_confirm(client, actors)
    confirmation = mail.outbox[-1]
    body = confirmation.body
    establishment = actors.hospital
    for expected in [
        actors.neurosurgeon.rpps,
        establishment.finess,
        establishment.address,
        "Apportez vos IRM.",
        timezone.localtime(booking.slot.start).strftime("%H:%M"),
    ]:
        assert expected in body, expected
    assert booking in _bookings_linked(body)
    (part,) = confirmation.attachments
    assert (part.get_content_type(), part.get_param("method")) == ("text/calendar", "REQUEST")
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.slot.start


def test_wrong_code_says_so_and_keeps_the_hold(client, actors):
    slot = first_slot(actors)
    response = client.post(f"/book/{slot.pk}/", booking_form(actors))
    code = code_from_outbox()
    wrong = "000000" if code != "000000" else "111111"
    page = client.post(response.url, {"code": wrong})
    assert page.status_code == 200 and "not the one we sent" in page.content.decode()
    assert Booking.objects.get(slot=slot).status == "pending"


def test_the_confirmation_page_never_reveals_the_private_link(client, actors):
    """Whoever holds the confirmation address (not secret: it is in the browser
    history) gets neither the manage link nor a second confirmation mail."""
    slot = first_slot(actors)
    confirm_url = client.post(f"/book/{slot.pk}/", booking_form(actors)).url
    client.post(confirm_url, {"code": code_from_outbox()})
    assert Booking.objects.get(slot=slot).status == "booked"
    sent = len(mail.outbox)
    for response in [client.get(confirm_url), client.post(confirm_url, {"code": "123456"})]:
        assert response.status_code == 200
        assert _bookings_linked(response.content.decode()) == []
        assert "already confirmed" in response.content.decode()
    assert len(mail.outbox) == sent


def test_unknown_slot_is_a_404(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    assert client.get("/book/99999999/").status_code == 404
    assert client.post("/book/99999999/", {}).status_code == 404


def test_slot_just_taken_is_explained_and_changes_nothing(client, actors):
    slot = first_slot(actors)
    service.book(
        slot=slot,
        reason=actors.first_visit,
        patient=f.patient(),
        channel="phone",
        returning=False,
    )
    page = client.post(f"/book/{slot.pk}/", booking_form(actors))
    assert page.status_code == 200 and "just been taken" in page.content.decode()
    assert Booking.objects.filter(slot=slot).count() == 1


def test_past_slot_is_explained(client, actors):
    past = f.slot(actors.neuro_agenda, start=timezone.now() - datetime.timedelta(days=2))
    page = client.post(f"/book/{past.pk}/", booking_form(actors, reason=actors.follow_up.pk))
    assert "in the past" in page.content.decode()
    assert not Booking.objects.filter(slot=past).exists()


def test_reason_must_match_whether_the_patient_is_new(client, actors):
    from scheduling.models import VisitReason

    VisitReason.objects.filter(pk=actors.follow_up.pk).update(for_new_patients=False)
    slot = first_slot(actors)
    page = client.post(f"/book/{slot.pk}/", booking_form(actors, reason=actors.follow_up.pk))
    assert "already followed" in str(page.context["form"].errors["reason"])
    VisitReason.objects.filter(pk=actors.first_visit.pk).update(for_returning_patients=False)
    page = client.post(f"/book/{slot.pk}/", booking_form(actors, seen_before="returning"))
    assert "first visit" in str(page.context["form"].errors["reason"])
    assert not Booking.objects.exists()


def test_invalid_email_and_missing_consent_are_form_errors(client, actors):
    slot = first_slot(actors)
    page = client.post(f"/book/{slot.pk}/", booking_form(actors, email="not-an-email", consent=""))
    assert page.status_code == 200
    assert page.context["form"].errors.keys() >= {"email", "consent"}
    assert not Booking.objects.exists()


def test_replayed_form_books_once(client, actors):
    slot = first_slot(actors)
    first = client.post(f"/book/{slot.pk}/", booking_form(actors))
    again = client.post(f"/book/{slot.pk}/", booking_form(actors))
    assert first.url == again.url
    assert Booking.objects.count() == 1 and len(mail.outbox) == 1


def test_forms_require_the_csrf_token(actors):
    strict = Client(enforce_csrf_checks=True)
    slot = first_slot(actors)
    assert strict.post(f"/book/{slot.pk}/", booking_form(actors)).status_code == 403


@override_settings(BOOKING_RATE="3/h")
def test_booking_attempts_are_rate_limited(client, actors):
    from django.core.cache import cache

    cache.clear()
    slots = list(free_slots(reason=actors.first_visit)[:5])
    people = ["Alex", "Sam", "Noa", "Eli", "Lou"]  # five people: the cap per person stops no one
    codes = [
        client.post(
            f"/book/{slot.pk}/",
            booking_form(actors, form_token=name, first_name=name, email=f"{name}@example.org"),
        ).status_code
        for slot, name in zip(slots, people, strict=True)
    ]
    assert codes[:3] == [302, 302, 302] and codes[3] == 429
    cache.clear()


# Per hour: a window of a minute could turn over between the requests.
@override_settings(SEARCH_RATE="5/h")
def test_search_is_rate_limited(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/?q=neuro").status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[-1] == 429
    cache.clear()


# --- manage ------------------------------------------------------------------------


def test_manage_link_shows_the_appointment_and_nothing_else(client, actors):
    booking = book_and_confirm(client, actors)
    page = client.get(manage_path(booking)).content.decode()
    assert "Dr Nadia Neuro" in page and actors.hospital.finess in page
    assert "alex.durand@example.org" not in page and "Durand" not in page


def test_tampered_manage_link_is_a_404(client, actors):
    booking = book_and_confirm(client, actors)
    path = manage_path(booking)
    assert client.get(path[:-3] + "abc/").status_code == 404
    assert client.get("/appointment/not-a-token/").status_code == 404


def test_manage_link_expires_after_the_appointment(client, actors):
    booking = book_and_confirm(client, actors)
    path = manage_path(booking)
    past = timezone.now() - datetime.timedelta(days=1)
    from tests.helpers import triggers_disabled

    # Time passes (faster than it would): the appointment took place yesterday.
    with triggers_disabled("scheduling_slot"):
        Slot.objects.filter(pk=booking.slot_id).update(
            start=past - datetime.timedelta(minutes=30), end=past
        )
    Booking.objects.filter(pk=booking.pk).update(status="honoured")
    assert client.get(path).status_code == 404


def test_patient_cancels_through_the_link_with_a_reason(client, actors):
    booking = book_and_confirm(client, actors)
    path = manage_path(booking)
    assert (
        "Please say why"
        in client.post(path + "cancel/", {"reason": ""}, follow=True).content.decode()
    )
    client.post(path + "cancel/", {"reason": "Je ne peux pas venir"})
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == ("cancelled", "Je ne peux pas venir")


@override_settings(PATIENT_CANCELLATION_CUTOFF_HOURS=24 * 365)
def test_cancellation_cutoff_is_respected_on_the_site(client, actors):
    booking = book_and_confirm(client, actors)
    page = client.post(manage_path(booking) + "cancel/", {"reason": "Trop tard"}, follow=True)
    department = actors.neuro_agenda.department
    assert f"Please call {department.name}" in page.content.decode() or (
        "Please call the department" in page.content.decode()
    )
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_inside_the_cutoff_the_page_offers_no_change_and_gives_the_number(client, actors, settings):
    department = actors.neuro_agenda.department
    department.phone = "01 42 16 00 00"
    department.save()
    booking = book_and_confirm(client, actors)
    path = manage_path(booking)
    page = client.get(path).content.decode()
    assert "Move this appointment" in page and "Cancel the appointment" in page
    settings.PATIENT_CANCELLATION_CUTOFF_HOURS = 24 * 365
    page = client.get(path).content.decode()
    assert "Move this appointment" not in page and "Cancel the appointment" not in page
    assert "up to 8760 hours before" in page and "01 42 16 00 00" in page
    # The move page, reached by its address, says the same instead of listing times.
    response = client.get(path + "move/", follow=True)
    assert response.redirect_chain[-1][0] == path
    assert "01 42 16 00 00" in response.content.decode()


def test_patient_moves_through_the_link(client, actors):
    booking = book_and_confirm(client, actors)
    path = manage_path(booking)
    choices = client.get(path + "move/").context["form"].fields["slot"].queryset
    target = choices.last()
    response = client.post(path + "move/", {"slot": target.pk})
    booking.refresh_from_db()
    # The same booking takes the new slot: one link for the life of the appointment.
    assert (booking.slot, booking.status, booking.sequence) == (target, "booked", 1)
    assert response.url == path
    assert "This appointment is cancelled" not in client.get(path).content.decode()


def test_the_move_page_is_a_week_of_weekdays_and_reaches_beyond_two_weeks(client, actors):
    booking = book_and_confirm(client, actors)
    path = manage_path(booking) + "move/"
    page = client.get(path).content.decode()
    first = free_slots(reason=actors.first_visit).first()
    weekday = timezone.localtime(first.start).strftime("%A")
    assert f"<legend>{weekday}" in page and "Next week" in page
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page)  # no ISO times
    far = timezone.localdate() + datetime.timedelta(weeks=5)
    far -= datetime.timedelta(days=far.weekday())  # a Monday five weeks on
    page = client.get(path, {"week": far.isoformat()}).content.decode()
    target = free_slots(
        reason=actors.first_visit,
        start=timezone.make_aware(datetime.datetime.combine(far, datetime.time())),
    ).first()
    assert timezone.localdate(target.start) < far + datetime.timedelta(days=7)
    assert f'value="{target.pk}"' in page and "Previous week" in page
    response = client.post(path, {"slot": target.pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot == target


def test_ics_download_parses(client, actors):
    booking = book_and_confirm(client, actors)
    response = client.get(manage_path(booking) + "calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT")[0]["location"]
