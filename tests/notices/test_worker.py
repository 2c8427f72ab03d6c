"""Every notice of an appointment's life, sent by the database worker: nothing
leaves inside a request; the calendar event keeps one UID, its SEQUENCE goes
up, a cancellation is METHOD:CANCEL; the reminders follow the current time."""

import datetime
import email
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import dateformat, timezone
from icalendar import Calendar

from scheduling.models import Booking
from scheduling.selectors.links import manage_path
from scheduling.selectors.search import free_slots
from scheduling.services import agendas
from scheduling.services import booking as service
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.helpers import clock_reaches, pending_tasks, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "01 42 16 00 00"


def _details(actors, **overrides) -> dict:
    return {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Camille",
        "last_name": "Roux",
        "birth_date": "1985-03-02",
        "email": "camille@example.org",
        "phone": "06 12 34 56 78",
        "sms_consent": "on",
        "consent": "on",
        "form_token": "token-1",
        **overrides,
    }


def _slots(actors, days: int, count: int = 2):
    later = timezone.now() + datetime.timedelta(days=days)
    return list(free_slots(reason=actors.first_visit, start=later)[:count])


def _within_two_days(actors):
    """A free slot of Dr Neuro's 30 hours from now (or a little later, past her
    own slots): her next opening a day from now may be days away (from a
    Thursday afternoon, it is the Monday), outside the reminders' 48 h window."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=30)
    while actors.neuro_agenda.slots.filter(
        start__lt=start + datetime.timedelta(minutes=30), end__gt=start
    ).exists():
        start += datetime.timedelta(minutes=30)
    return f.slot(actors.neuro_agenda, start=start, minutes=30)


def _event(message):
    """The mail's calendar part, as sent: iMIP (RFC 6047) wants the MIME part's
    `method` parameter to be the object's METHOD."""
    sent = email.message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in sent.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "rendez-vous.ics"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert part.get_param("method") == str(calendar["method"])
    return str(calendar["method"]), calendar.walk("VEVENT")[0]


def _when(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "l j F Y, H:i")


def test_a_booking_s_every_notice_goes_through_the_worker(
    client, actors, secretary, db_tasks, sms_outbox
):
    slot, later = _slots(actors, days=5, count=40)[::39]
    response = client.post(f"/book/{slot.pk}/", _details(actors))
    assert response.status_code == 302 and mail.outbox == []  # nothing inside the request
    run_worker()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    assert client.post(response.url, {"code": code}).status_code == 302
    booking = Booking.objects.get(slot=slot)
    assert len(mail.outbox) == 1
    run_worker()

    # Confirmation: mail with the event and the department's phone, and an SMS.
    confirmed = mail.outbox[-1]
    method, event = _event(confirmed)
    uid = str(event["uid"])
    assert (method, event["sequence"], event.decoded("dtstart")) == ("REQUEST", 0, slot.start)
    assert PHONE in confirmed.body and "Babinski" in confirmed.body
    assert "Appointment confirmed" in sms_outbox[-1].body and sms_outbox[-1].to == "+33612345678"
    assert len(pending_tasks("send_notice")) == 2  # the reminders, 48 h by mail and 24 h by SMS

    # A secretary moves it: the screen says the patient will be told; she is.
    client.force_login(secretary)
    move_url = f"/admin/scheduling/booking/{booking.pk}/move/"
    assert "will be told by email (camille@example.org) and by SMS" in client.get(
        move_url
    ).content.decode("utf-8")
    client.post(move_url, {"slot": later.pk})
    run_worker()
    moved = mail.outbox[-1]
    method, event = _event(moved)
    assert (method, str(event["uid"]), event["sequence"]) == ("REQUEST", uid, 1)
    assert event.decoded("dtstart") == later.start
    assert _when(slot.start) in moved.body and _when(later.start) in moved.body
    assert "moves from" in sms_outbox[-1].body

    # The private link shows the new time, never "cancelled".
    client.logout()
    page = client.get(manage_path(booking)).content.decode()
    assert _when(later.start) in page and "cancelled" not in page

    # The clock reaches the appointment: the reminders of the old time are
    # dropped, those of the new time are sent, once each.
    clock_reaches(later.start)
    run_worker()
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    texts = [m for m in sms_outbox if m.body.startswith("Reminder")]
    assert len(reminders) == len(texts) == 1
    assert _when(later.start) in reminders[0].body and PHONE in reminders[0].body

    # Cancelled by the secretary: METHOD:CANCEL on the same event, a number and a link.
    client.force_login(secretary)
    client.post(f"/admin/scheduling/booking/{booking.pk}/cancel/", {"reason": "Bloc opératoire"})
    run_worker()
    cancelled = mail.outbox[-1]
    method, event = _event(cancelled)
    assert (method, str(event["uid"]), event["sequence"]) == ("CANCEL", uid, 2)
    assert str(event["status"]) == "CANCELLED"
    assert PHONE in cancelled.body and f"/practitioners/{actors.neurosurgeon.rpps}/" in (
        cancelled.body
    )
    assert "cancelled" in sms_outbox[-1].body


def test_no_reminder_after_a_cancellation_nor_inside_its_window(actors, db_tasks, sms_outbox):
    soon, later = _within_two_days(actors), _slots(actors, days=5, count=1)[0]
    patient = f.patient(sms_consent=True)
    inside = service.book(
        slot=soon, reason=actors.first_visit, patient=patient, channel="phone", returning=False
    )
    assert soon.start - timezone.now() < datetime.timedelta(hours=48)
    booked = service.book(
        slot=later, reason=actors.first_visit, patient=patient, channel="phone", returning=False
    )
    service.cancel(booked, reason="Plus besoin")
    run_worker()
    clock_reaches(later.start)
    run_worker()
    assert not [m for m in mail.outbox if m.subject.startswith("Reminder")]
    # Only the 24 h SMS of the first, booked inside its 48 h window but not its 24 h one.
    texts = [m.body for m in sms_outbox if m.body.startswith("Reminder")]
    if soon.start - timezone.now() > datetime.timedelta(hours=24):
        assert len(texts) == 1 and _when(inside.slot.start)[-5:] in texts[0]
    else:
        assert texts == []


def test_a_phone_booking_is_confirmed_to_the_caller(client, actors, secretary, db_tasks):
    (slot,) = _slots(actors, days=4, count=1)
    client.force_login(secretary)
    response = client.post(
        "/admin/scheduling/booking/phone/",
        {
            "slot": slot.pk,
            "reason": actors.follow_up.pk,
            "seen_before": "returning",
            "last_name": "Morel",
            "first_name": "Jeanne",
            "birth_date": "1950-02-03",
            "phone": "06 11 22 33 44",
            "email": "jeanne@example.org",
        },
        follow=True,
    )
    assert "The patient is being told" in response.content.decode()
    assert mail.outbox == []
    run_worker()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["jeanne@example.org"]
    assert _event(confirmation)[0] == "REQUEST" and PHONE in confirmation.body


class MailServerDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server does not answer")


def test_mail_server_down_no_500_no_hold_left_behind(client, actors, db_tasks, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_worker.MailServerDown"
    settings.NOTICE_ATTEMPTS = 3
    (slot,) = _slots(actors, days=3, count=1)
    response = client.post(f"/book/{slot.pk}/", _details(actors))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "camille@example.org" in page and "on its way" in page and "Send a new code" in page

    run_worker()  # first attempt fails; a retry waits
    hold = Booking.objects.get(slot=slot)
    assert hold.status == "pending" and len(pending_tasks("send_notice")) == 1
    for _attempt in (2, 3):
        clock_reaches(timezone.now() + datetime.timedelta(minutes=5))
        run_worker()
    hold.refresh_from_db()
    assert (hold.status, hold.cancel_reason) == ("cancelled", service.CODE_NOT_SENT)
    assert slot in free_slots(reason=actors.first_visit, start=slot.start)  # free again
    page = client.get(response.url).content.decode()
    assert "could not send the code" in page
    assert f"/practitioners/{actors.neurosurgeon.rpps}/" in page


def test_a_code_resent_once_the_mail_server_is_back_confirms(client, actors, db_tasks, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_worker.MailServerDown"
    (slot,) = _slots(actors, days=3, count=1)
    confirm_url = client.post(f"/book/{slot.pk}/", _details(actors)).url
    run_worker()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(confirm_url + "resend/")
    run_worker()
    (message,) = mail.outbox
    code = re.search(r"\b(\d{6})\b", message.subject).group(1)
    assert client.post(confirm_url, {"code": code}).status_code == 302
    assert Booking.objects.get(slot=slot).status == "booked"


def test_an_absence_over_bookings_fills_the_worklist_and_tells_each_patient(
    client, actors, secretary, db_tasks, sms_outbox
):
    first, second = _slots(actors, days=4, count=2)
    bookings = [
        service.book(
            slot=slot,
            reason=actors.first_visit,
            patient=PatientDetails("Léa", name, datetime.date(1990, 1, 1), f"{name}@example.org"),
            channel="phone",
            by=secretary,
            returning=False,
        )
        for slot, name in [(first, "Petit"), (second, "Grand")]
    ]
    run_worker()
    mail.outbox.clear()
    doctor = f.user("dr-neuro", staff=False)
    agendas.add_absence(
        actors.neuro_agenda,
        start=first.start - datetime.timedelta(hours=1),
        end=second.end + datetime.timedelta(hours=1),
        label="Arrêt maladie",
        by=doctor,
    )
    for booking in bookings:
        booking.refresh_from_db()
        assert (booking.status, booking.to_rebook) == ("booked", True)  # nothing cancelled
    assert mail.outbox == []
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["Grand@example.org", "Petit@example.org"]
    assert all("cannot take place" in m.subject and PHONE in m.body for m in mail.outbox)

    client.force_login(secretary)
    worklist = client.get("/admin/scheduling/booking/to-rebook/").content.decode()
    assert "PETIT" in worklist and "GRAND" in worklist
    target = _slots(actors, days=10, count=1)[0]
    client.post(f"/admin/scheduling/booking/{bookings[0].pk}/move/", {"slot": target.pk})
    run_worker()
    assert "moved" in mail.outbox[-1].subject
    worklist = client.get("/admin/scheduling/booking/to-rebook/").content.decode()
    assert "PETIT" not in worklist and "GRAND" in worklist
