"""No health-data oracle on the public site: whoever types a name and a birth
date learns nothing of that person's appointments, before the code (the
answer does not depend on them) nor after it (the screen says only that the
person's other appointments are in the way; the person's own mail says which)."""

import datetime
import re

import pytest
import requests
from django.core import mail
from django.test import Client
from django.utils import timezone

from audit.models import Event as AuditEvent
from scheduling.models import Booking, Slot, WaitlistEntry
from scheduling.selectors.links import manage_path
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services.patients import PatientDetails
from tests import factories as f

pytestmark = pytest.mark.django_db

ZOE = {"first_name": "Zoé", "last_name": "Lambert", "birth_date": "1990-04-12"}
NOBODY = {"first_name": "Inès", "last_name": "Martin", "birth_date": "1985-09-30"}
GENERIC = "cannot be booked for this patient because of their other appointments"
PROBER = "curious@example.net"


def _zoe(email: str = "zoe@example.org") -> PatientDetails:
    return PatientDetails("Zoé", "Lambert", datetime.date(1990, 4, 12), email)


def _form(actors, person: dict, email: str, token: str) -> dict:
    return {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        **person,
        "email": email,
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": token,
    }


def _neuro_slots(actors, count: int) -> list[Slot]:
    """Free slots a day apart, four days ahead: none overlaps another."""
    later = timezone.now() + datetime.timedelta(days=4)
    slots, days = [], set()
    for slot in free_slots(reason=actors.first_visit, start=later):
        if timezone.localtime(slot.start).date() not in days:
            slots.append(slot)
            days.add(timezone.localtime(slot.start).date())
        if len(slots) == count:
            return slots
    raise AssertionError("not enough free slots")


def _booked_at_nord(start: datetime.datetime, email: str = "zoe@example.org") -> Booking:
    """Zoé's appointment at another hospital of the institution, in cardiology."""
    nord = f.establishment(name="Hôpital Nord", city="Lille")
    cardio = f.department(nord, name="Cardiologie", specialty=f.specialty("cardiologie"))
    agenda = f.agenda(f.practitioner(last_name="Cardio"), cardio)
    reason = f.reason(agenda, label="Échographie")
    slot = f.slot(agenda, start=start)
    return service.book(
        slot=slot, reason=reason, patient=_zoe(email), channel="phone", returning=False
    )


def _book_neuro(actors, slot: Slot, email: str) -> Booking:
    return service.book(
        slot=slot, reason=actors.first_visit, patient=_zoe(email), channel="phone", returning=False
    )


def _code(to: str) -> str:
    sent = [m for m in mail.outbox if m.to == [to]]
    return re.search(r"\b(\d{6})\b", sent[-1].subject).group(1)


def _scrubbed(text: str) -> str:
    """A page or a mail without what differs by chance: ids, codes, CSRF tokens."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "<csrf>", text)
    return re.sub(r"\b\d{6}\b", "<code>", text)


def _hold_as_visitor(actors, slot: Slot, person: dict, token: str) -> tuple:
    """A visitor's form, the page it leads to and the mail it sends: all they learn."""
    sent = len(mail.outbox)
    visitor = Client()
    response = visitor.post(f"/book/{slot.pk}/", _form(actors, person, PROBER, token))
    page = visitor.get(response["Location"]) if response.status_code == 302 else response
    mails = [(m.to, _scrubbed(m.subject), _scrubbed(m.body)) for m in mail.outbox[sent:]]
    return (
        response.status_code,
        _scrubbed(response.get("Location", "")),
        _scrubbed(response.content.decode()),
        page.status_code,
        _scrubbed(page.content.decode()),
        mails,
    )


def test_before_the_code_the_answer_is_the_same_whether_or_not_the_person_has_appointments(
    actors, settings
):
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 2
    wanted, *others = _neuro_slots(actors, 3)
    # Zoé has an appointment at that very time at another hospital, and as many
    # upcoming appointments in neurosurgery as may be booked.
    _booked_at_nord(wanted.start)
    for slot in others:
        _book_neuro(actors, slot, "zoe@example.org")

    about_zoe = _hold_as_visitor(actors, wanted, ZOE, "t1")
    service.release_hold(Booking.objects.get(slot=wanted, status="pending").pk, now=wanted.start)
    about_nobody = _hold_as_visitor(actors, wanted, NOBODY, "t2")

    assert about_zoe[0] == 302, "the visitor is sent to type the code, as for anyone"
    assert about_zoe == about_nobody
    assert [to for to, *_ in about_zoe[5]] == [[PROBER]], "only the code, to the visitor"


def test_after_the_code_the_screen_is_generic_and_the_person_is_mailed_the_reason(actors):
    (wanted,) = _neuro_slots(actors, 1)
    theirs = _booked_at_nord(wanted.start)
    visitor = Client()
    response = visitor.post(f"/book/{wanted.pk}/", _form(actors, ZOE, PROBER, "t1"))
    sent = len(mail.outbox)
    page = visitor.post(response["Location"], {"code": _code(PROBER)})

    assert page.status_code == 200
    text = page.content.decode()
    assert GENERIC in text
    for secret in ["at this time", "Nord", "Cardio", "Échographie", "upcoming"]:
        assert secret not in text, secret
    # The hold is released at once (tests below: and audited).
    hold = Booking.objects.get(slot=wanted)
    assert hold.status == "cancelled"
    assert "other appointments" in hold.cancel_reason and "overlap" not in hold.cancel_reason
    assert free_slots(reason=actors.first_visit).filter(pk=wanted.pk).exists()
    # Zoé, at the address her appointment holds, learns what is in the way; the visitor nothing.
    told = mail.outbox[sent:]
    assert [m.to for m in told] == [["zoe@example.org"]]
    assert "could not be booked for you" in told[0].subject
    assert "at that time" in told[0].body and "Hôpital Nord" in told[0].body
    assert timezone.localtime(theirs.slot.start).strftime("%H:%M") in told[0].body


# The trail is written at COMMIT on PostgreSQL: real transactions.
@pytest.mark.django_db(transaction=True)
def test_a_hold_refused_at_confirmation_is_released_in_the_audit_trail(actors):
    (wanted,) = _neuro_slots(actors, 1)
    _booked_at_nord(wanted.start)
    visitor = Client()
    response = visitor.post(f"/book/{wanted.pk}/", _form(actors, ZOE, PROBER, "t1"))
    visitor.post(response["Location"], {"code": _code(PROBER)})
    hold = Booking.objects.get(slot=wanted)
    updates = AuditEvent.objects.filter(
        object_type="scheduling_booking", object_id=str(hold.pk), action="update"
    )
    assert any("cancelled" in event.changes for event in updates)


def test_the_cap_is_checked_after_the_code_and_each_address_hears_of_its_own(actors, settings):
    """Zoé has booked twice, under two addresses. Holding a third needs no
    look at them; confirming it is refused with the same words as an overlap,
    and each address is told of its own appointment only."""
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 2
    first, second, third = _neuro_slots(actors, 3)
    _book_neuro(actors, first, "zoe+1@example.org")
    _book_neuro(actors, second, "zoe+2@example.org")
    visitor = Client()
    response = visitor.post(f"/book/{third.pk}/", _form(actors, ZOE, "zoe+1@example.org", "t1"))
    assert response.status_code == 302
    sent = len(mail.outbox)
    page = visitor.post(response["Location"], {"code": _code("zoe+1@example.org")})

    text = page.content.decode()
    assert GENERIC in text and "upcoming appointments" not in text
    assert Booking.objects.get(slot=third).status == "cancelled"
    told = {m.to[0]: m.body for m in mail.outbox[sent:]}
    assert set(told) == {"zoe+1@example.org", "zoe+2@example.org"}
    assert "as many upcoming appointments in this specialty" in told["zoe+1@example.org"]
    for own, other in [(first, second), (second, first)]:
        body = told[Booking.objects.get(slot=own).patient.email]
        assert re.search(_as_mailed(own), body)
        assert not re.search(_as_mailed(other), body)


def _as_mailed(slot: Slot) -> str:
    """The slot's day and time as a mail writes them ("l j F Y, H:i"), in any
    language. Its day has no leading zero: "%d" found no "05" on a 5th."""
    local = timezone.localtime(slot.start)
    return rf"\b{local.day} \w+ {local.year}, {local:%H:%M}"


def test_unconfirmed_holds_in_someones_name_do_not_block_them(actors, settings):
    """Anyone can hold slots in Zoé's name without the code: those holds count
    for nothing, so they cannot keep Zoé from booking (nor tell her anything)."""
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 1
    held, wanted = _neuro_slots(actors, 2)
    Client().post(f"/book/{held.pk}/", _form(actors, ZOE, PROBER, "t1"))
    zoe = Client()
    response = zoe.post(f"/book/{wanted.pk}/", _form(actors, ZOE, "zoe@example.org", "t2"))
    zoe.post(response["Location"], {"code": _code("zoe@example.org")})
    assert Booking.objects.get(slot=wanted).status == "booked"


def test_a_move_through_the_private_link_is_refused_in_generic_words(actors):
    """A private link proves the address, not the person: someone who booked in
    Zoé's name learns nothing of her other appointments by trying to move."""
    (mine,) = _neuro_slots(actors, 1)
    target = free_slots(reason=actors.first_visit).first()
    _booked_at_nord(target.start)
    booked = _book_neuro(actors, mine, PROBER)
    sent = len(mail.outbox)
    page = Client().post(manage_path(booked) + "move/", {"slot": target.pk})

    assert page.status_code == 200
    text = page.content.decode()
    assert GENERIC in text and "at this time" not in text and "Nord" not in text
    booked.refresh_from_db()
    assert (booked.slot, booked.status) == (mine, "booked"), "nothing moved"
    assert [m.to for m in mail.outbox[sent:]] == [["zoe@example.org"]]


def test_joining_a_waiting_list_answers_the_same_for_someone_already_in_line(actors):
    url = f"/practitioners/{actors.neurosurgeon.rpps}/waitlist/"
    wanted_before = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    # Nothing free before that date, else the form sends the visitor to book it.
    soon = Slot.objects.free().filter(start__lt=timezone.now() + datetime.timedelta(days=31))
    Slot.objects.filter(pk__in=soon.values("pk")).update(status=Slot.Status.CLOSED)

    def join(person: dict, email: str):
        body = {
            "reason": actors.first_visit.pk,
            "seen_before": "new",
            "wanted_before": wanted_before,
            "for_whom": "self",
            **person,
            "email": email,
            "phone": "06 12 34 56 78",
            "consent": "on",
        }
        response = Client().post(url, body, follow=True)
        return response.status_code, response.redirect_chain, _scrubbed(response.content.decode())

    join(ZOE, "zoe@example.org")
    assert join(ZOE, PROBER) == join(NOBODY, PROBER)
    assert WaitlistEntry.objects.filter(patient__first_name="Zoé").count() == 1


@pytest.mark.django_db(transaction=True)
def test_over_real_http_the_form_answers_the_same_with_or_without_appointments(
    actors, live_server, settings
):
    """The same as the first test, through a live server and a real HTTP client
    (cookies, CSRF, redirects as a browser sees them)."""
    settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = 1
    wanted, other = _neuro_slots(actors, 2)
    _booked_at_nord(wanted.start)
    _book_neuro(actors, other, "zoe@example.org")

    def as_visitor(person: dict, token: str) -> tuple:
        http = requests.Session()
        url = f"{live_server.url}/book/{wanted.pk}/"
        form = http.get(url, timeout=30)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        body = {**_form(actors, person, PROBER, token), "csrfmiddlewaretoken": csrf}
        answer = http.post(url, data=body, allow_redirects=False, timeout=30)
        page = http.get(live_server.url + answer.headers["Location"], timeout=30)
        return (
            answer.status_code,
            _scrubbed(answer.headers["Location"]),
            page.status_code,
            _scrubbed(page.text),
        )

    about_zoe = as_visitor(ZOE, "t1")
    service.release_hold(Booking.objects.get(slot=wanted, status="pending").pk, now=wanted.start)
    assert about_zoe == as_visitor(NOBODY, "t2")
    assert about_zoe[0] == 302
