"""Who the patient is, on the public site: one person, whatever address they type."""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from scheduling.models import Booking, Patient
from scheduling.selectors.search import free_slots

pytestmark = pytest.mark.django_db


def _details(actors, n: int, **overrides) -> dict:
    return {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Zoé",
        "last_name": "Lambert",
        "birth_date": "1990-04-12",
        "email": f"zoe+{n}@example.org",
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": f"token-{n}",
        **overrides,
    }


def _slots(actors, count: int) -> list:
    """Free slots a day apart, three days ahead: none overlaps another."""
    later = timezone.now() + datetime.timedelta(days=3)
    slots, day = [], None
    for slot in free_slots(reason=actors.first_visit, start=later):
        if timezone.localtime(slot.start).date() != day:
            slots.append(slot)
            day = timezone.localtime(slot.start).date()
        if len(slots) == count:
            return slots
    raise AssertionError("not enough free slots")


def _confirmed(client, response) -> int:
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    return client.post(response.url, {"code": code}).status_code


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=2)
def test_the_cap_counts_per_person_whatever_the_email(client, actors):
    """Checked once the code is given (tests/public/test_no_oracle.py says why)."""
    first, second, third = _slots(actors, 3)
    for n, slot in [(1, first), (2, second), (3, third)]:
        details = _details(actors, n, last_name=" LAMBERT " if n == 3 else "Lambert")
        response = client.post(f"/book/{slot.pk}/", details)
        assert response.status_code == 302
        outcome = _confirmed(client, response)
    assert outcome == 200, "the third confirmation is refused"
    assert Booking.objects.filter(status="booked").count() == 2
    assert Booking.objects.get(slot=third).status == "cancelled"


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=1)
def test_one_family_address_books_for_each_of_its_members(client, actors):
    """An address is not a person: a parent books for two children with theirs."""
    first, second = _slots(actors, 2)
    for slot, name in [(first, "Léa"), (second, "Tom")]:
        response = client.post(
            f"/book/{slot.pk}/",
            _details(actors, 0, first_name=name, form_token=name, for_whom="relative"),
        )
        assert response.status_code == 302, name
    assert Booking.objects.count() == 2


def test_the_public_site_never_changes_a_known_patients_contact(client, actors):
    """Anyone can type a name and a birth date: that must not reach the record."""
    (slot,) = _slots(actors, 1)
    known = Patient.objects.create(
        first_name="Zoé",
        last_name="Lambert",
        birth_date=datetime.date(1990, 4, 12),
        email="zoe@example.org",
        phone="+33611111111",
    )
    client.post(f"/book/{slot.pk}/", _details(actors, 9, phone="06 98 76 54 32"))
    booking = Booking.objects.get(slot=slot)
    assert booking.patient != known and booking.patient.email == "zoe+9@example.org"
    known.refresh_from_db()
    assert (known.email, known.phone) == ("zoe@example.org", "+33611111111")
