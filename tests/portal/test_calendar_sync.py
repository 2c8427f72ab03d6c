"""What calendar apps rely on (issue 22): the practitioner's feed answers
304 while nothing changed, each event carries SEQUENCE, STATUS and
LAST-MODIFIED, and event UIDs have an ASCII host part that does not follow
the institution's display name."""

import re

import pytest
from icalendar import Calendar

from scheduling.ics import event_uid
from scheduling.services import booking as booking_service
from tests import factories as f
from tests.helpers import in_hours, signed_in

pytestmark = pytest.mark.django_db


def _feed_url(client, user) -> str:
    page = signed_in(client, user).post("/portal/calendar/", {"action": "issue"})
    client.logout()
    return re.search(r"http://testserver(/portal/calendar/[^<\s]+\.ics)", page.content.decode())[1]


def test_the_feed_answers_304_until_an_appointment_changes(client, dr_xavier):
    booking = f.booking(f.slot(dr_xavier.agenda, start=in_hours(48)))
    url = _feed_url(client, dr_xavier.user)
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "no-store" not in first["Cache-Control"]
    same = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert (same.status_code, same.content) == (304, b"")
    unchanged = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert unchanged.status_code == 304
    booking_service.cancel(booking, reason="absence", by=None)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    (event,) = Calendar.from_ical(changed.content).walk("VEVENT")
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)
    assert event.decoded("last-modified") >= event.decoded("dtstamp")


def test_each_event_of_the_feed_has_sequence_status_and_last_modified(client, dr_xavier):
    booking = f.booking(f.slot(dr_xavier.agenda, start=in_hours(48)))
    target = f.slot(dr_xavier.agenda, start=in_hours(72))
    booking_service.move(booking, to_slot=target, by=None)
    (event,) = Calendar.from_ical(client.get(_feed_url(client, dr_xavier.user)).content).walk(
        "VEVENT"
    )
    assert (str(event["status"]), int(event["sequence"])) == ("CONFIRMED", 1)
    assert event.decoded("dtstart") == target.start
    assert "last-modified" in event


def test_event_uids_are_ascii_and_do_not_follow_the_institution_s_name(dr_xavier, settings):
    booking = f.booking(f.slot(dr_xavier.agenda, start=in_hours(48)))
    settings.INSTITUTION_NAME = "Hôpitaux de l'Été"
    before = event_uid(booking)
    settings.INSTITUTION_NAME = "Assistance publique"
    assert event_uid(booking) == before and before.isascii()
    settings.SITE_URL = "https://rdv.hôpital.example"
    assert event_uid(booking) == f"{booking.public_id}@rdv.xn--hpital-ixa.example"
