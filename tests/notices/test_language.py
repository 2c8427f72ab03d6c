"""A patient who booked in English is told in English, every time after: the
language of the page they booked on is kept on their record, and every later
notice follows it, whoever causes it (themselves, a secretary, an absence run
by the system)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from scheduling.models import Booking
from scheduling.selectors.search import free_slots
from scheduling.services import agendas
from scheduling.services import booking as service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_sent_at_once(monkeypatch):
    """Inside a transaction that never commits: what waits for the commit runs at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def french_site(settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        yield


def _book_on(client, actors, prefix: str, email: str) -> Booking:
    later = timezone.now() + datetime.timedelta(days=3)
    slot = free_slots(reason=actors.first_visit, start=later).first()
    details = {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Alex",
        "last_name": "Durand",
        "birth_date": "1980-05-17",
        "email": email,
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": f"token-{prefix}",
    }
    response = client.post(f"{prefix}/book/{slot.pk}/", details)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    client.post(response.url, {"code": code})
    return Booking.objects.get(slot=slot, status="booked")


def test_notices_follow_the_language_the_patient_booked_in(client, actors, secretary, french_site):
    booking = _book_on(client, actors, "/en", "alex@example.org")
    assert booking.patient.language == "en"
    assert mail.outbox[-1].subject.startswith("Appointment confirmed")
    # A secretary working in French cancels: the patient reads English.
    service.cancel(booking, reason="Médecin absent", by=secretary)
    assert mail.outbox[-1].subject.startswith("Appointment cancelled")
    assert "/en/" in mail.outbox[-1].body  # the links open the English pages


def test_a_french_booker_keeps_french_and_a_system_notice_follows_each(
    client, actors, secretary, french_site
):
    english = _book_on(client, actors, "/en", "alex@example.org")
    french = _book_on(client, actors, "", "alexandre@example.org")
    assert (english.patient.language, french.patient.language) == ("en", "fr")
    mail.outbox.clear()
    # An absence over both appointments, run in the site's language.
    day = timezone.localtime(english.slot.start).date()
    last = max(english.slot.start, french.slot.start)
    agendas.add_absence(
        actors.neuro_agenda,
        start=min(english.slot.start, french.slot.start),
        end=last + datetime.timedelta(hours=1),
        label=f"Congrès {day}",
        by=secretary,
    )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "appointment" in subjects["alex@example.org"].lower()
    assert "rendez-vous" in subjects["alexandre@example.org"].lower()


def test_an_english_booker_reads_the_reason_and_practical_information_in_english(
    client, english_texts, actors, secretary, french_site
):
    """Issue 25: visit reasons and practical information stayed French on /en/."""
    _book_on(client, actors, "/en", "alex@example.org")
    confirmation = mail.outbox[-1].body
    assert "First consultation" in confirmation and "Première consultation" not in confirmation
    assert "Bring your MRI scans." in confirmation and "Apportez vos IRM" not in confirmation
    assert "Metro line 5, Saint-Marcel." in confirmation
    french = _book_on(client, actors, "", "alexandre@example.org")
    assert french.patient.language == "fr"
    assert "Première consultation" in mail.outbox[-1].body
    assert "Métro 5 Saint-Marcel." in mail.outbox[-1].body
