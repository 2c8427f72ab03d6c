import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.utils import timezone
from guardian.shortcuts import assign_perm

from scheduling.models import Agenda, Booking, Patient
from tests import factories as f


@pytest.fixture(autouse=True)
def _mail_sent_at_once(monkeypatch, request):
    """Tests that never commit: send the mail that waits for the commit at once
    (tests marked transaction=True commit for real and need no help)."""
    from django.db import transaction

    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@dataclass(frozen=True)
class DurandFile:
    """What Hôpital Avicenne holds about Alex Durand, and who may read it.

    Alex has two records (two addresses): `alex`, with a `future` appointment
    in cardiology (`agenda`), and `alex_work`, with a `past` one, honoured 30
    days ago. `other` is Bea Martin, another patient. The readers: the data
    protection `officer` ("dpo"), a `secretary` of cardiology ("secretaire")
    and an `exporter` ("secretaire_export"), a secretary given the export
    right."""

    agenda: Agenda
    alex: Patient
    alex_work: Patient
    other: Patient
    future: Booking
    past: Booking
    officer: AbstractUser
    secretary: AbstractUser
    exporter: AbstractUser


@pytest.fixture
def durand_file(db) -> DurandFile:
    hospital = f.establishment(name="Hôpital Avicenne")
    department = f.department(hospital, name="Cardiologie")
    agenda = f.agenda(department_=department)
    alex = f.patient()
    alex_work = f.patient(email="alex@work.example.org", phone="")
    other = f.patient(first_name="Bea", last_name="Martin", email="bea@example.org")
    future = f.booking(f.slot(agenda), patient=alex)
    past_slot = f.slot(agenda, start=timezone.now() - datetime.timedelta(days=30))
    past = f.booking(past_slot, patient=alex_work, status="honoured")
    officer = f.user("dpo")
    officer.groups.add(Group.objects.get(name="Délégué à la protection des données"))
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, department)
    exporter = f.user("secretaire_export")
    exporter.groups.add(Group.objects.get(name="Secrétariat"))
    exporter.user_permissions.add(
        Permission.objects.get(codename="export_person_data", content_type__app_label="scheduling")
    )
    return DurandFile(
        agenda=agenda,
        alex=alex,
        alex_work=alex_work,
        other=other,
        future=future,
        past=past,
        officer=officer,
        secretary=secretary,
        exporter=exporter,
    )
