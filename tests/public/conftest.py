import datetime

import pytest
from django.utils import timezone

from scheduling.models import OpeningRule
from scheduling.slots import generate_slots
from tests import factories as f


@pytest.fixture
def clinic_world(db):
    """A member hospital with Dr Neuro, also affiliated to an external clinic,
    and 12 weeks of slots on weekday mornings."""
    neuro = f.specialty("neurochirurgie")
    hospital = f.establishment(name="Hôpital de la Pitié", city="Paris")
    clinic = f.establishment(name="Clinique du Parc", city="Neuilly", is_member=False)
    department = f.department(hospital, name="Neurochirurgie", specialty=neuro)
    doctor = f.practitioner(first_name="Nadia", last_name="Neuro")
    doctor.specialties.add(neuro)
    f.affiliation(doctor, f.department(clinic, name="Neurochirurgie privée", specialty=neuro))
    agenda = f.agenda(doctor, department)
    first = f.reason(
        agenda, minutes=30, label="Première consultation", instructions="Apportez vos IRM."
    )
    follow_up = f.reason(agenda, minutes=20, label="Suivi")
    f.reason(agenda, minutes=20, label="Bilan pré-opératoire", online_bookable=False)
    for weekday in range(5):
        rule = OpeningRule.objects.create(
            agenda=agenda,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(12),
            valid_from=datetime.date(2020, 1, 1),
        )
        rule.reasons.add(first, follow_up)
    generate_slots(agenda, now=timezone.now())
    return {
        "hospital": hospital,
        "clinic": clinic,
        "doctor": doctor,
        "agenda": agenda,
        "first": first,
        "follow_up": follow_up,
        "specialty": neuro,
    }


@pytest.fixture(autouse=True)
def _mail_sent_at_once(monkeypatch):
    """These tests run inside a transaction that never commits: send the mail
    that waits for the commit at once. The browser tests commit for real."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
