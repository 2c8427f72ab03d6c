"""The named actors the suites start from, typed, built by tests/factories.py.

tests/conftest.py serves them as fixtures: `actors` (in each test's
transaction) and `committed_actors` (committed, for suites that need other
connections to see them). A suite's own world adds what its tests are about
to these, rather than building its own institution.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser

from hospital.models import Department, Establishment, Practitioner
from scheduling.models import Agenda, ApiClient
from scheduling.services.api_clients import create_client
from tests import factories as f
from tests.helpers import ApiCaller


@dataclass(frozen=True)
class Actors:
    """Two member hospitals of the institution and a private clinic outside
    it; cardiology and neurosurgery at the first hospital; a secretary of
    each of them; Dr Coeur, who consults in cardiology (an agenda and a
    portal account) and also at the clinic."""

    hospital: Establishment  # a member of the institution
    other_hospital: Establishment  # another member
    clinic: Establishment  # external: shown, never booked
    cardio: Department  # "Cardiologie" at the hospital
    neuro: Department  # "Neurochirurgie" at the hospital
    clinic_department: Department  # "Cardiologie privée" at the clinic
    secretary: AbstractUser  # "secretaire_a", of cardiology only
    other_secretary: AbstractUser  # "secretaire_b", of neurosurgery only
    practitioner: Practitioner  # Dr Coeur, portal account "dr_coeur"
    agenda: Agenda  # Dr Coeur's, in cardiology (no reason yet: each suite adds its own)

    @property
    def institution(self) -> tuple[Establishment, ...]:
        """The member establishments."""
        return (self.hospital, self.other_hospital)


def build_actors() -> Actors:
    hospital = f.establishment(name="Hôpital de la Pitié", city="Paris")
    other_hospital = f.establishment(name="Hôpital Nord", city="Lille", postal_code="59000")
    clinic = f.establishment(name="Clinique du Parc", city="Neuilly", is_member=False)
    cardiology = f.specialty("cardiologie")
    cardio = f.department(hospital, name="Cardiologie", specialty=cardiology)
    neuro = f.department(hospital, name="Neurochirurgie", specialty=f.specialty("neurochirurgie"))
    clinic_department = f.department(clinic, name="Cardiologie privée", specialty=cardiology)
    practitioner = f.practitioner(
        first_name="Camille", last_name="Coeur", user=f.user("dr_coeur", staff=False)
    )
    f.affiliation(practitioner, clinic_department)
    agenda = f.agenda(practitioner, cardio)
    return Actors(
        hospital=hospital,
        other_hospital=other_hospital,
        clinic=clinic,
        cardio=cardio,
        neuro=neuro,
        clinic_department=clinic_department,
        secretary=f.secretary("secretaire_a", cardio),
        other_secretary=f.secretary("secretaire_b", neuro),
        practitioner=practitioner,
        agenda=agenda,
    )


@dataclass(frozen=True)
class ScopedClient:
    """An API client (its row) and a caller holding its token."""

    record: ApiClient
    http: ApiCaller


@dataclass(frozen=True)
class ApiClients:
    """The API's clients by scope: each member hospital's patient
    administration (read and book, its own hospital only) and a directory
    that may only read the first hospital."""

    hospital: ScopedClient
    other_hospital: ScopedClient
    reader: ScopedClient


def scoped_client(name: str, *establishments: Establishment, can_book: bool) -> ScopedClient:
    record, token = create_client(
        name=name, establishments=establishments, can_read=True, can_book=can_book
    )
    return ScopedClient(record, ApiCaller(token))


def build_api_clients(
    hospital: Establishment, other_hospital: Establishment, *, names=("PAS Pitié", "PAS Nord")
) -> ApiClients:
    return ApiClients(
        hospital=scoped_client(names[0], hospital, can_book=True),
        other_hospital=scoped_client(names[1], other_hospital, can_book=True),
        reader=scoped_client("Annuaire", hospital, can_book=False),
    )
