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

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from hospital.models import Department, Establishment, Practitioner, Specialty
from scheduling.models import Agenda, ApiClient, Booking, OpeningRule, Slot, VisitReason
from scheduling.services.api_clients import create_client
from scheduling.services.slots import generate_slots
from tests import factories as f
from tests.helpers import ApiCaller


class Actors:
    """Two member hospitals of the institution and a private clinic outside
    it; cardiology and neurosurgery at the first hospital; a secretary of
    each of them; Dr Coeur, who consults in cardiology (an agenda, a portal
    account); Dr Neuro, whose neurosurgery consultations are open online for
    12 weeks; a consultation at the other hospital; the API's clients by
    scope."""

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

    # --- neurosurgery, open online ---------------------------------------------------

    @cached_property
    def neurosurgery(self) -> Specialty:
        return f.specialty("neurochirurgie")

    @property
    def neurosurgeon(self) -> Practitioner:
        """Dr Nadia Neuro, of the hospital's neurosurgery, also affiliated to
        the clinic's (so the clinic shows in her listing)."""
        return self._consultations.doctor

    @property
    def neuro_agenda(self) -> Agenda:
        """Dr Neuro's, open on weekday mornings (9:00 to 12:00) to the first
        visit and the follow-up, with 12 weeks of slots; a third reason, the
        pre-operative review, is not bookable online."""
        return self._consultations.agenda

    @property
    def first_visit(self) -> VisitReason:
        """ "Première consultation", 30 minutes, with instructions."""
        return self._consultations.first_visit

    @property
    def follow_up(self) -> VisitReason:
        """ "Suivi", 20 minutes."""
        return self._consultations.follow_up

    @cached_property
    def _consultations(self) -> Consultations:
        # One actor: whichever part a test meets, Dr Neuro's agenda is open,
        # as the public site, the API and the notices' suites expect it.
        department = self.neuro  # the hospital is made before the clinic
        doctor = f.practitioner(first_name="Nadia", last_name="Neuro")
        doctor.specialties.add(self.neurosurgery)
        private = f.department(
            self.clinic, name="Neurochirurgie privée", specialty=self.neurosurgery
        )
        f.affiliation(doctor, private)
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
        return Consultations(doctor, agenda, first, follow_up)

    # --- at the other hospital -------------------------------------------------------

    @property
    def other_reason(self) -> VisitReason:
        """A consultation of Dr Cardio's, in the other hospital's cardiology."""
        return self._other_consultation.reason

    @property
    def other_slot(self) -> Slot:
        """A free slot of that agenda, a week ahead."""
        return self._other_consultation.slot

    @cached_property
    def _other_consultation(self) -> OtherConsultation:
        department = f.department(self.other_hospital, name="Cardiologie")
        agenda = f.agenda(f.practitioner(last_name="Cardio"), department)
        return OtherConsultation(f.reason(agenda, minutes=20, label="Consultation"), f.slot(agenda))

    # --- other systems --------------------------------------------------------------

    @cached_property
    def api_clients(self) -> ApiClients:
        return build_api_clients(self.hospital, self.other_hospital)


@dataclass(frozen=True)
class Consultations:
    doctor: Practitioner
    agenda: Agenda
    first_visit: VisitReason
    follow_up: VisitReason


@dataclass(frozen=True)
class OtherConsultation:
    reason: VisitReason
    slot: Slot


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


# --- the adversarial suite's world ---------------------------------------------------


@dataclass(frozen=True)
class InstitutionWorld:
    """What tests/institution attacks, committed: at the hospital's
    neurosurgery, Dr Neuro's agenda with one upcoming booking and one
    cancelled; the private clinic where she also consults, a member until
    today (an agenda opened while it was one, a free slot next week: outside
    now); Dr Voisin, a colleague at the hospital, with a free slot."""

    hospital: Establishment
    clinic: Establishment
    neuro: Department
    clinic_neuro: Department
    doctor: Practitioner
    agenda: Agenda
    reason: VisitReason
    slot: Slot
    booking: Booking
    clinic_agenda: Agenda
    clinic_reason: VisitReason
    clinic_slot: Slot
    colleague_agenda: Agenda
    colleague_reason: VisitReason
    colleague_slot: Slot
    cancelled: Booking
    rule: OpeningRule


def build_institution_world(actors: Actors) -> InstitutionWorld:
    # The clinic is not actors.clinic: that one was never a member, and the
    # suite attacks what a former member's agenda still holds.
    neuro = actors.neuro
    clinic = f.establishment(name="Clinique du Parc", is_member=True)
    clinic_neuro = f.department(clinic, name="Neurochirurgie privée")
    doctor = f.practitioner(last_name="Neuro")
    agenda = f.agenda(doctor, neuro)
    reason = f.reason(agenda)
    slot = f.slot(agenda)
    booking = f.booking(slot, reason)
    clinic_agenda = f.agenda(doctor, clinic_neuro)
    clinic_reason = f.reason(clinic_agenda)
    clinic_slot = f.slot(clinic_agenda)
    f.leave(clinic)
    colleague_agenda = f.agenda(f.practitioner(last_name="Voisin"), neuro)
    colleague_reason = f.reason(colleague_agenda)
    colleague_slot = f.slot(colleague_agenda)
    cancelled = f.booking(f.slot(agenda), reason)
    Booking.objects.filter(pk=cancelled.pk).update(status="cancelled", cancelled_at=timezone.now())
    return InstitutionWorld(
        hospital=actors.hospital,
        clinic=clinic,
        neuro=neuro,
        clinic_neuro=clinic_neuro,
        doctor=doctor,
        agenda=agenda,
        reason=reason,
        slot=slot,
        booking=booking,
        clinic_agenda=clinic_agenda,
        clinic_reason=clinic_reason,
        clinic_slot=clinic_slot,
        colleague_agenda=colleague_agenda,
        colleague_reason=colleague_reason,
        colleague_slot=colleague_slot,
        cancelled=cancelled,
        rule=OpeningRule.objects.filter(agenda=clinic_agenda).first(),
    )
