"""A patient books for a relative already known without retyping them (issue
25): once the browser opened the address's person link, the booking form
offers the people that address booked for before — only those, only then."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from scheduling.models import Booking, Patient
from scheduling.selectors.links import person_path
from scheduling.selectors.search import free_slots
from tests import factories as f

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class RouxFamily:
    """Three people booked from camille@example.org on Dr Neuro's agenda
    (actors.neuro_agenda): Camille and her son Léo, booked; Zoé, a hold whose
    code was never given. Paul Autre, booked from his own address, is beside
    them and not part of it."""

    camille: Patient
    leo: Patient
    zoe: Patient


@pytest.fixture
def roux_family(actors) -> RouxFamily:
    agenda = actors.neuro_agenda
    camille = f.patient(first_name="Camille", last_name="Roux", email="camille@example.org")
    leo = f.patient(
        first_name="Léo",
        last_name="Roux",
        birth_date=datetime.date(2015, 3, 2),
        email="camille@example.org",
        phone="",
    )
    zoe = f.patient(first_name="Zoé", last_name="Inconnue", email="camille@example.org")
    stranger = f.patient(first_name="Paul", last_name="Autre", email="paul@example.org")
    f.booking(f.slot(agenda), patient=camille)
    f.booking(f.slot(agenda), patient=leo)
    f.booking(  # a hold whose code was never given
        f.slot(agenda),
        patient=zoe,
        status=Booking.Status.PENDING,
        hold_expires_at=timezone.now() + datetime.timedelta(minutes=10),
    )
    f.booking(f.slot(agenda), patient=stranger)
    return RouxFamily(camille=camille, leo=leo, zoe=zoe)


def _form(client, actors) -> tuple[int, str]:
    slot = free_slots(reason=actors.first_visit).first()
    return slot.pk, client.get(f"/book/{slot.pk}/").content.decode()


def test_nobody_is_offered_before_the_address_is_verified(client, actors, roux_family):
    _slot, page = _form(client, actors)
    assert "Léo" not in page and "Camille" not in page
    client.cookies["sessionid"] = "forged"
    session = client.session
    session["person_link"] = "not-a-signed-link"
    session.save()
    assert "Léo" not in _form(client, actors)[1]


def test_the_verified_address_books_for_a_relative_without_retyping(client, actors, roux_family):
    assert "Léo Roux" in client.get(person_path(roux_family.camille)).content.decode()
    slot, page = _form(client, actors)
    assert "Camille Roux" in page and "Léo Roux" in page
    assert "Zoé" not in page and "Paul" not in page  # unconfirmed; another address
    response = client.post(
        f"/book/{slot}/",
        {
            "known_person": roux_family.leo.public_id.hex,
            "reason": actors.first_visit.pk,
            "seen_before": "new",
            "consent": "on",
            "form_token": "relative-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    hold = Booking.objects.get(slot_id=slot)
    assert (hold.patient.first_name, hold.patient.birth_date) == ("Léo", datetime.date(2015, 3, 2))
    assert mail.outbox[-1].to == ["camille@example.org"]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    client.post(response.url, {"code": code})
    hold.refresh_from_db()
    assert hold.status == Booking.Status.BOOKED and hold.patient_id == roux_family.leo.pk


def test_someone_new_is_still_typed_in_full(client, actors, roux_family):
    client.get(person_path(roux_family.camille))
    slot, _page = _form(client, actors)
    response = client.post(
        f"/book/{slot}/",
        {
            "known_person": "",
            "reason": actors.first_visit.pk,
            "seen_before": "new",
            "consent": "on",
            "form_token": "relative-2",
        },
    )
    assert response.status_code == 200
    assert not Booking.objects.filter(slot_id=slot).exists()
    assert "first_name" in response.context["form"].errors
