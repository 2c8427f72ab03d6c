"""The named actors the suites start from, typed, built by tests/factories.py.

tests/conftest.py serves them as fixtures: `actors` (in each test's
transaction) and `committed_actors` (committed, for suites that need other
connections to see them). A suite's own world adds what its tests are about
to these, rather than building its own institution.

Each actor is made the first time a test meets it (and is the same object
after), so a test pays only for the actors it uses: the suites' worlds cost
what they cost when each built its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AbstractUser

from hospital.models import Department, Establishment, Practitioner
from scheduling.models import Agenda, ApiClient
from scheduling.services.api_clients import create_client
from tests import factories as f
from tests.helpers import ApiCaller


class Actors:
    """Two member hospitals of the institution and a private clinic outside
    it; cardiology and neurosurgery at the first hospital; a secretary of
    each of them; Dr Coeur, who consults in cardiology (an agenda, a portal
    account); the API's clients by scope."""

    def __setattr__(self, name, value):
        raise AttributeError(f"the actors are fixed: {name} cannot be set")

    # --- the registry -----------------------------------------------------------

    @cached_property
    def hospital(self) -> Establishment:
        """A member of the institution."""
        return f.establishment(name="Hôpital de la Pitié", city="Paris")

    @cached_property
    def other_hospital(self) -> Establishment:
        """Another member."""
        return f.establishment(name="Hôpital Nord", city="Lille", postal_code="59000")

    @cached_property
    def clinic(self) -> Establishment:
        """External: in the registry, shown, never booked."""
        return f.establishment(name="Clinique du Parc", city="Neuilly", is_member=False)

    @property
    def institution(self) -> tuple[Establishment, ...]:
        """The member establishments."""
        return (self.hospital, self.other_hospital)

    @cached_property
    def cardio(self) -> Department:
        return f.department(self.hospital, name="Cardiologie", specialty=f.specialty("cardiologie"))

    @cached_property
    def neuro(self) -> Department:
        return f.department(
            self.hospital, name="Neurochirurgie", specialty=f.specialty("neurochirurgie")
        )

    @cached_property
    def clinic_department(self) -> Department:
        return f.department(
            self.clinic, name="Cardiologie privée", specialty=f.specialty("cardiologie")
        )

    # --- the staff ----------------------------------------------------------------

    @cached_property
    def secretary(self) -> AbstractUser:
        """ "secretaire_a", of cardiology only."""
        return f.secretary("secretaire_a", self.cardio)

    @cached_property
    def other_secretary(self) -> AbstractUser:
        """ "secretaire_b", of neurosurgery only."""
        return f.secretary("secretaire_b", self.neuro)

    @cached_property
    def practitioner(self) -> Practitioner:
        """Dr Camille Coeur, cardiologist, with the portal account "dr_coeur"."""
        return f.practitioner(
            first_name="Camille", last_name="Coeur", user=f.user("dr_coeur", staff=False)
        )

    @cached_property
    def agenda(self) -> Agenda:
        """Dr Coeur's, in cardiology, with no reason yet: each suite adds its own."""
        return f.agenda(self.practitioner, self.cardio)

    # --- other systems --------------------------------------------------------------

    @cached_property
    def api_clients(self) -> ApiClients:
        return build_api_clients(self.hospital, self.other_hospital)


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


def build_api_clients(hospital: Establishment, other_hospital: Establishment) -> ApiClients:
    return ApiClients(
        hospital=scoped_client("PAS Pitié", hospital, can_book=True),
        other_hospital=scoped_client("PAS Nord", other_hospital, can_book=True),
        reader=scoped_client("Annuaire", hospital, can_book=False),
    )
