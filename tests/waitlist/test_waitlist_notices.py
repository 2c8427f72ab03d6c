"""The waiting list tells the patient at every change: a confirmation on
joining, a way to leave in every notice, an offer the hospital takes back
(an absence) keeps their place and says so; and the public form sends a
patient to a slot free before their date rather than putting them in line."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from guardian.shortcuts import assign_perm

from scheduling.models import Slot, WaitlistEntry
from scheduling.selectors.search import free_slots
from scheduling.services import agendas, waitlist
from scheduling.services import booking as service
from scheduling.services.patients import PatientDetails
from tests import factories as f

pytestmark = pytest.mark.django_db

LEAVE = re.compile(r"https?://[^\s]*/waitlist/leave/[^/\s]+/")


def _person(name: str, email: str = "") -> PatientDetails:
    return PatientDetails(
        "Camille", name, datetime.date(1980, 1, 1), email or f"{name}@example.org"
    )


def _join(actors, name: str, email: str = "") -> WaitlistEntry:
    return waitlist.join(
        reason=actors.first_visit,
        patient=_person(name, email),
        returning=False,
        wanted_before=timezone.localdate() + datetime.timedelta(days=60),
    )


@pytest.fixture
def secretary(actors):
    user = f.user("secretaire")
    user.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", user, actors.neuro_agenda.department)
    return user


def _mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def _leave_path(message) -> str:
    return "/" + LEAVE.search(message.body).group().split("/", 3)[3]


def test_joining_sends_a_confirmation_whose_link_takes_the_patient_off_the_list(
    client, actors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = _join(actors, "Premier")
    (confirmation,) = _mails_to("Premier@example.org")
    assert "waiting list" in confirmation.subject
    assert "Première consultation" in confirmation.body and "Neuro" in confirmation.body
    leave = _leave_path(confirmation)
    page = client.get(leave).content.decode()
    assert "Leave the waiting list" in page
    entry.refresh_from_db()
    assert entry.status == "waiting"  # a GET (a mail scanner) changes nothing
    page = client.post(leave).content.decode()
    assert "no longer on this waiting list" in page
    entry.refresh_from_db()
    assert entry.status == "closed"


def test_a_leave_link_sent_to_another_address_changes_nothing(
    client, actors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = _join(actors, "Premier")
        # Someone types the same person with their own address: same answer,
        # same kind of mail, but their link cannot take the person out of line.
        assert _join(actors, "Premier", "prober@example.org") == entry
    (theirs,) = _mails_to("prober@example.org")
    page = client.post(_leave_path(theirs)).content.decode()
    assert "no longer on this waiting list" in page
    entry.refresh_from_db()
    assert entry.status == "waiting"


def test_an_absence_over_an_offer_keeps_the_place_and_tells_the_patient(
    client, actors, secretary, django_capture_on_commit_callbacks
):
    first, second = _join(actors, "Premier"), _join(actors, "Second")
    later = timezone.now() + datetime.timedelta(days=5)
    booking = service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=f.patient(),
        channel="phone",
        returning=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(booking, reason="Empêchement")
    first.refresh_from_db()
    offer = first.offer
    assert first.status == "offered"
    assert LEAVE.search(_mails_to("Premier@example.org")[-1].body)  # the offer has the link too
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agendas.add_absence(
            actors.neuro_agenda,
            start=offer.slot.start,
            end=offer.slot.end,
            label="Congrès",
            by=secretary,
        )
    first.refresh_from_db(), offer.refresh_from_db()
    assert (offer.status, first.status, first.offer) == ("cancelled", "waiting", None)
    (told,) = _mails_to("Premier@example.org")
    assert "no longer available" in told.subject and "keep your place" in told.body
    assert LEAVE.search(told.body)
    # Still first in line: the next freed slot is theirs.
    again = service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=f.patient(),
        channel="phone",
        returning=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(again, reason="Empêchement")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("offered", "waiting")


def test_leaving_while_an_offer_is_held_lets_it_go_to_the_next(
    client, actors, django_capture_on_commit_callbacks
):
    first, second = _join(actors, "Premier"), _join(actors, "Second")
    later = timezone.now() + datetime.timedelta(days=5)
    booking = service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=f.patient(),
        channel="phone",
        returning=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(booking, reason="Empêchement")
    offer_mail = _mails_to("Premier@example.org")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_leave_path(offer_mail))
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.offer.status) == ("closed", "cancelled")
    assert second.status == "offered" and second.offer.slot == booking.slot


def _public_join(client, actors, wanted_before: datetime.date):
    return client.post(
        f"/practitioners/{actors.neurosurgeon.rpps}/waitlist/",
        {
            "reason": actors.first_visit.pk,
            "seen_before": "new",
            "wanted_before": wanted_before.isoformat(),
            "for_whom": "self",
            "first_name": "Zoé",
            "last_name": "Lambert",
            "birth_date": "1990-04-12",
            "email": "zoe@example.org",
            "phone": "06 98 76 54 32",
            "consent": "on",
        },
        follow=True,
    )


def test_joining_before_a_date_with_a_free_slot_sends_the_patient_to_book_it(client, actors):
    wanted_before = timezone.localdate() + datetime.timedelta(days=10)
    # Everything free is closed but one slot, the day before the date asked.
    keep = (
        free_slots(reason=actors.first_visit)
        .filter(start__date__gte=wanted_before - datetime.timedelta(days=3))
        .first()
    )
    end = timezone.now() + datetime.timedelta(days=11)
    early = Slot.objects.free().filter(start__lt=end).exclude(pk=keep.pk).values("pk")
    Slot.objects.filter(pk__in=early).update(status=Slot.Status.CLOSED)
    response = _public_join(client, actors, wanted_before)
    assert response.redirect_chain[-1][0] == f"/book/{keep.pk}/"
    assert "A slot is free before that date" in response.content.decode()
    assert not WaitlistEntry.objects.exists()
    Slot.objects.filter(pk=keep.pk).update(status=Slot.Status.CLOSED)
    response = _public_join(client, actors, wanted_before)
    assert "You are on the waiting list" in response.content.decode()
    assert WaitlistEntry.objects.get().patient.email == "zoe@example.org"
