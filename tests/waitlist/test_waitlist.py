"""The waiting list: the first in line is offered a freed slot, held for them
a short time; it lapses to the next; the booking rules (caps) apply."""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from scheduling.models import Booking, Slot, WaitlistEntry
from scheduling.selectors.links import offer_from_token, offer_path
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services import waitlist
from scheduling.services.patients import PatientDetails
from scheduling.services.refusals import RefusalCode, Refused
from tests import factories as f

pytestmark = pytest.mark.django_db


def _person(name: str) -> PatientDetails:
    return PatientDetails("Camille", name, datetime.date(1980, 1, 1), f"{name}@example.org")


def _join(actors, name: str) -> WaitlistEntry:
    return waitlist.join(
        reason=actors.first_visit,
        patient=_person(name),
        returning=False,
        wanted_before=timezone.localdate() + datetime.timedelta(days=60),
    )


def _booked_slot(actors, days: int = 5) -> Booking:
    later = timezone.now() + datetime.timedelta(days=days)
    slot = free_slots(reason=actors.first_visit, start=later).first()
    return service.book(
        slot=slot, reason=actors.first_visit, patient=f.patient(), channel="phone", returning=False
    )


def _freed(actors, django_capture_on_commit_callbacks, days: int = 5) -> Booking:
    """A booked slot whose patient cancels: the offer task runs once that commits."""
    booking = _booked_slot(actors, days)
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(booking, reason="Empêchement")
    return booking


def test_the_first_in_line_is_offered_a_freed_slot_held_for_them(
    actors, django_capture_on_commit_callbacks
):
    first, second = _join(actors, "Premier"), _join(actors, "Second")
    freed = _freed(actors, django_capture_on_commit_callbacks)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("offered", "waiting")
    offer = first.offer
    assert (offer.slot, offer.status, offer.patient.email) == (
        freed.slot,
        "pending",
        "Premier@example.org",
    )
    assert freed.slot not in free_slots(reason=actors.first_visit, start=freed.slot.start)
    (message,) = [m for m in mail.outbox if m.to == ["Premier@example.org"]]
    token = re.search(r"/waitlist/offer/([^/\s]+)/", message.body).group(1)
    assert "earlier slot" in message.subject and offer_from_token(token) == offer


@override_settings(WAITLIST_OFFER_MINUTES=30)
def test_a_lapsed_offer_goes_to_the_next_in_line(actors, django_capture_on_commit_callbacks):
    first, second = _join(actors, "Premier"), _join(actors, "Second")
    freed = _freed(actors, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert service.release_hold(
            first.offer.pk, now=timezone.now() + datetime.timedelta(minutes=31)
        )
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("closed", "offered")
    assert second.offer.slot == freed.slot
    with pytest.raises(Refused) as refused:
        waitlist.accept(first.offer)
    assert refused.value.code == RefusalCode.OFFER_LAPSED


def test_a_declined_offer_goes_to_the_next_and_an_accepted_one_is_booked(
    client, actors, django_capture_on_commit_callbacks
):
    first, second = _join(actors, "Premier"), _join(actors, "Second")
    freed = _freed(actors, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_path(first.offer), {"answer": "decline"})
    second.refresh_from_db()
    assert second.status == "offered"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_path(second.offer), {"answer": "accept"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.status, second.offer.status, second.offer.slot) == (
        "booked",
        "booked",
        freed.slot,
    )
    assert "Appointment confirmed" in mail.outbox[-1].subject


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=1)
def test_the_cap_applies_to_offers_the_first_in_line_is_passed_over(
    actors, django_capture_on_commit_callbacks
):
    first, second = _join(actors, "Premier"), _join(actors, "Second")
    # "Premier" already holds an appointment in this specialty: the cap is reached.
    later = timezone.now() + datetime.timedelta(days=20)
    service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=_person("Premier"),
        channel="web",
        returning=False,
    )
    _freed(actors, django_capture_on_commit_callbacks)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("waiting", "offered")


def test_no_offer_beyond_the_date_the_patient_gave(actors, django_capture_on_commit_callbacks):
    entry = waitlist.join(
        reason=actors.first_visit,
        patient=_person("Pressé"),
        returning=False,
        wanted_before=timezone.localdate() + datetime.timedelta(days=2),
    )
    _freed(actors, django_capture_on_commit_callbacks, days=10)
    entry.refresh_from_db()
    assert entry.status == "waiting"


def _nothing_free_before(days: int) -> None:
    """The public form sends a patient to a slot free before their date:
    these tests join when none is."""
    end = timezone.now() + datetime.timedelta(days=days + 1)
    Slot.objects.filter(pk__in=Slot.objects.free().filter(start__lt=end).values("pk")).update(
        status=Slot.Status.CLOSED
    )


def test_joining_twice_keeps_one_place_in_line_and_the_public_form_joins(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's slots, before the month is taken
    _nothing_free_before(30)
    first = _join(actors, "Premier")
    assert _join(actors, "Premier") == first
    assert WaitlistEntry.objects.count() == 1
    page = client.post(
        f"/practitioners/{actors.neurosurgeon.rpps}/waitlist/",
        {
            "reason": actors.first_visit.pk,
            "seen_before": "new",
            "wanted_before": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "for_whom": "self",
            "first_name": "Zoé",
            "last_name": "Lambert",
            "birth_date": "1990-04-12",
            "email": "zoe@example.org",
            "phone": "06 98 76 54 32",
            "consent": "on",
        },
    )
    assert page.status_code == 302
    entry = WaitlistEntry.objects.get(patient__email="zoe@example.org")
    assert (entry.status, entry.patient.phone) == ("waiting", "+33698765432")


def test_a_specialty_at_an_establishment_and_a_practitioner_share_one_line(
    client, actors, django_capture_on_commit_callbacks
):
    to_free = _booked_slot(actors)
    _nothing_free_before(30)
    page = client.post(
        "/specialties/neurochirurgie/waitlist/",
        {
            "establishment": actors.hospital.pk,
            "seen_before": "new",
            "wanted_before": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "for_whom": "self",
            "first_name": "Zoé",
            "last_name": "Lambert",
            "birth_date": "1990-04-12",
            "email": "zoe@example.org",
            "phone": "06 98 76 54 32",
            "consent": "on",
        },
    )
    assert page.status_code == 302
    by_specialty = WaitlistEntry.objects.get(patient__email="zoe@example.org")
    by_practitioner = _join(actors, "Second")
    with django_capture_on_commit_callbacks(execute=True):
        freed = service.cancel(to_free, reason="Empêchement")
    by_specialty.refresh_from_db(), by_practitioner.refresh_from_db()
    assert (by_specialty.status, by_practitioner.status) == ("offered", "waiting")
    offer = by_specialty.offer
    assert (
        offer.slot == freed.slot and offer.reason.for_new_patients and offer.reason.online_bookable
    )


def test_an_entry_names_one_target():
    with pytest.raises(Refused) as refused:
        waitlist.join(
            patient=_person("Personne"),
            returning=False,
            wanted_before=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert refused.value.code == RefusalCode.INVALID
