from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser, Group

from scheduling.models import Agenda, CallCentre, CallCentreAgent, Slot
from scheduling.roles import CALL_CENTRE
from tests import factories as f


def make_agent(username: str, team: CallCentre):
    user = f.user(username)
    user.groups.add(Group.objects.get(name=CALL_CENTRE))
    CallCentreAgent.objects.create(user=user, call_centre=team)
    return user


@dataclass(frozen=True)
class CentreNord:
    """A call centre for neurosurgery at the hospital, its agent "agent", and
    two free slots (with a reason) on each of three agendas: Dr Éluard's in
    the hospital's neurosurgery (`inside`, the centre's to book), one in the
    other hospital's neurosurgery and one in the hospital's cardiology, which
    it may not book."""

    team: CallCentre
    agent: AbstractUser
    inside: Agenda
    inside_slots: tuple[Slot, Slot]
    other_place_slots: tuple[Slot, Slot]
    other_specialty_slots: tuple[Slot, Slot]


def _two_slots_and_a_reason(agenda: Agenda) -> tuple[Slot, Slot]:
    slots = f.slot(agenda), f.slot(agenda)
    f.reason(agenda)
    return slots


@pytest.fixture
def centre_nord(actors) -> CentreNord:
    neuro = actors.neuro.specialty
    team = CallCentre.objects.create(name="Centre Nord")
    team.establishments.add(actors.hospital)
    team.specialties.add(neuro)
    inside = f.agenda(f.practitioner(last_name="Éluard"), actors.neuro)
    other_place = f.agenda(department_=f.department(actors.other_hospital, specialty=neuro))
    other_specialty = f.agenda(department_=actors.cardio)
    return CentreNord(
        team=team,
        inside=inside,
        inside_slots=_two_slots_and_a_reason(inside),
        other_place_slots=_two_slots_and_a_reason(other_place),
        other_specialty_slots=_two_slots_and_a_reason(other_specialty),
        agent=make_agent("agent", team),
    )
