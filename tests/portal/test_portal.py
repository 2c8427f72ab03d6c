"""Practitioners manage only their own agendas in the portal, and subscribe to
their appointments; changes that conflict with bookings are refused."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from scheduling.models import Absence, OpeningRule, Slot
from tests import factories as f
from tests.helpers import in_hours, messages_of, signed_in

pytestmark = pytest.mark.django_db


def test_practitioner_signs_in_to_the_portal_not_the_admin(client, dr_xavier):
    response = client.post("/portal/login/", {"username": "dr_x", "password": "pw"})
    assert response.status_code == 302 and response.url == "/portal/"
    assert client.get("/admin/").status_code == 302  # the admin is for staff


def test_day_view_lists_todays_patients_and_the_week_ahead(client, dr_xavier, dr_yilmaz):
    soon = f.booking(
        f.slot(dr_xavier.agenda, start=in_hours(1)), patient=f.patient(last_name="Aubert")
    )
    later = f.booking(
        f.slot(dr_xavier.agenda, start=in_hours(72)), patient=f.patient(last_name="Barre")
    )
    f.booking(f.slot(dr_yilmaz.agenda, start=in_hours(2)), patient=f.patient(last_name="Colin"))
    page = signed_in(client, dr_xavier.user).get("/portal/")
    today, week = page.context["today"], page.context["week"]
    if timezone.localtime(soon.slot.start).date() == timezone.localdate():
        assert soon in today
    assert later in week
    content = page.content.decode()
    assert "AUBERT" in content and "BARRE" in content and "COLIN" not in content
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_another_practitioners_agenda_is_a_404(client, dr_xavier, dr_yilmaz):
    signed_in(client, dr_xavier.user)
    y_agenda = dr_yilmaz.agenda.pk
    assert client.get(f"/portal/agendas/{y_agenda}/").status_code == 404
    slot = f.slot(dr_yilmaz.agenda, start=in_hours(48))
    assert (
        client.post(f"/portal/agendas/{y_agenda}/slots/{slot.pk}/", {"open": "0"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/portal/agendas/{dr_xavier.agenda.pk}/slots/{slot.pk}/", {"open": "0"}
        ).status_code
        == 404
    )
    slot.refresh_from_db()
    assert slot.status == "open"


def test_anonymous_and_non_practitioners_get_no_portal(client, dr_xavier):
    assert client.get("/portal/").status_code == 302
    signed_in(client, f.user("secretaire"))
    assert client.get("/portal/").status_code == 404


def test_adding_weekly_hours_opens_slots(client, dr_xavier):
    agenda = dr_xavier.agenda
    signed_in(client, dr_xavier.user).post(
        f"/portal/agendas/{agenda.pk}/rules/",
        {
            "weekday": 2,
            "start_time": "14:00",
            "end_time": "16:00",
            "valid_from": timezone.localdate().isoformat(),
            "reasons": [dr_xavier.reason.pk],
        },
    )
    rule = OpeningRule.objects.get(agenda=agenda, weekday=2)
    assert Slot.objects.filter(rule=rule).count() >= 6 * 10  # six 20-minute slots, ~12 Wednesdays


def test_absence_over_a_booked_appointment_flags_it_to_rebook(client, dr_xavier):
    agenda = dr_xavier.agenda
    booking = f.booking(f.slot(agenda, start=in_hours(48)))
    start = timezone.localtime(booking.slot.start) - datetime.timedelta(hours=1)
    page = signed_in(client, dr_xavier.user).post(
        f"/portal/agendas/{agenda.pk}/absences/",
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "label": "Congrès",
            "confirm": "1",
        },
        follow=True,
    )
    assert "flagged to rebook" in messages_of(page)
    assert Absence.objects.count() == 1
    booking.refresh_from_db()
    assert (booking.status, booking.to_rebook) == ("booked", True)


def test_absence_closes_free_slots(client, dr_xavier):
    agenda = dr_xavier.agenda
    slot = f.slot(agenda, start=in_hours(48))
    start = timezone.localtime(slot.start) - datetime.timedelta(hours=1)
    signed_in(client, dr_xavier.user).post(
        f"/portal/agendas/{agenda.pk}/absences/",
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "label": "Congrès",
            "confirm": "1",
        },
    )
    slot.refresh_from_db()
    assert Absence.objects.get().label == "Congrès" and slot.status == "closed"


def test_closing_a_free_slot_and_refusing_to_close_a_booked_one(client, dr_xavier):
    agenda = dr_xavier.agenda
    free, booked = f.slot(agenda, start=in_hours(48)), f.slot(agenda, start=in_hours(50))
    f.booking(booked)
    signed_in(client, dr_xavier.user)
    client.post(f"/portal/agendas/{agenda.pk}/slots/{free.pk}/", {"open": "0", "confirm": "1"})
    page = client.post(
        f"/portal/agendas/{agenda.pk}/slots/{booked.pk}/",
        {"open": "0", "confirm": "1"},
        follow=True,
    )
    free.refresh_from_db(), booked.refresh_from_db()
    assert free.status == "closed" and booked.status == "open"
    assert "booked" in messages_of(page)
    client.post(f"/portal/agendas/{agenda.pk}/slots/{free.pk}/", {"open": "1"})
    free.refresh_from_db()
    assert free.status == "open"


def test_longer_duration_that_booked_appointments_would_not_fit_is_refused(client, dr_xavier):
    agenda, reason = dr_xavier.agenda, dr_xavier.reason
    booking = f.booking(f.slot(agenda, start=in_hours(48), minutes=20), reason)
    signed_in(client, dr_xavier.user)
    page = client.post(
        f"/portal/agendas/{agenda.pk}/reasons/{reason.pk}/",
        {"duration_minutes": 45, "online_bookable": "on"},
        follow=True,
    )
    assert booking.public_id.hex[:8] in messages_of(page)
    reason.refresh_from_db()
    assert reason.duration_minutes == 20
    client.post(f"/portal/agendas/{agenda.pk}/reasons/{reason.pk}/", {"duration_minutes": 15})
    reason.refresh_from_db()
    assert (reason.duration_minutes, reason.online_bookable) == (15, False)


def test_ending_hours_that_have_bookings_is_refused(client, dr_xavier):
    agenda = dr_xavier.agenda
    booking = f.booking(f.slot(agenda, start=in_hours(48)))
    rule = booking.slot.rule
    page = signed_in(client, dr_xavier.user).post(
        f"/portal/agendas/{agenda.pk}/rules/{rule.pk}/end/", {"confirm": "1"}, follow=True
    )
    assert booking.public_id.hex[:8] in messages_of(page)
    rule.refresh_from_db()
    assert rule.valid_until is None


def test_calendar_feed_parses_shows_only_own_appointments_and_can_be_revoked(
    client, dr_xavier, dr_yilmaz
):
    mine = f.booking(
        f.slot(dr_xavier.agenda, start=in_hours(48)), patient=f.patient(last_name="Secret")
    )
    f.booking(f.slot(dr_yilmaz.agenda, start=in_hours(48)))
    page = signed_in(client, dr_xavier.user).post("/portal/calendar/", {"action": "issue"})
    url = re.search(
        r"http://testserver(/portal/calendar/[^<\s]+\.ics)", page.content.decode()
    ).group(1)
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [mine.slot.start]
    assert b"SECRET" not in feed.content.upper()  # the patient is never named
    signed_in(client, dr_xavier.user).post("/portal/calendar/", {"action": "revoke"})
    assert client.get(url).status_code == 404


def test_feed_with_a_made_up_token_is_a_404(client, dr_xavier):
    assert client.get("/portal/calendar/not-a-real-token.ics").status_code == 404


def test_a_reason_bookable_online_that_no_weekly_hours_carry_is_pointed_out(client, dr_xavier):
    """Otherwise patients find 'no free time' everywhere and the practitioner
    never learns why."""
    warning = "No weekly hours offer this reason"
    page = signed_in(client, dr_xavier.user).get(f"/portal/agendas/{dr_xavier.agenda.pk}/")
    assert page.status_code == 200 and warning in page.content.decode()
    f.slot(dr_xavier.agenda)  # the factory's weekly rule now carries every reason
    assert warning not in client.get(f"/portal/agendas/{dr_xavier.agenda.pk}/").content.decode()
    dr_xavier.reason.opening_rules.first().reasons.clear()
    dr_xavier.reason.online_bookable = False
    dr_xavier.reason.save()
    assert warning not in client.get(f"/portal/agendas/{dr_xavier.agenda.pk}/").content.decode()
