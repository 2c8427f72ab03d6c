import pytest
from django.contrib.auth.models import Group

from scheduling.models import CallCentre, CallCentreAgent
from scheduling.roles import CALL_CENTRE
from tests import factories as f


def make_agent(username: str, team: CallCentre):
    user = f.user(username)
    user.groups.add(Group.objects.get(name=CALL_CENTRE))
    CallCentreAgent.objects.create(user=user, call_centre=team)
    return user


@pytest.fixture
def world(actors):
    """A call centre for neurosurgery at the hospital; beside it, the same
    specialty at the other hospital and cardiology at the hospital, which it
    may not book."""
    neuro = actors.neuro.specialty
    avicenne = actors.hospital
    team = CallCentre.objects.create(name="Centre Nord")
    team.establishments.add(avicenne)
    team.specialties.add(neuro)
    inside = f.agenda(f.practitioner(last_name="Éluard"), actors.neuro)
    other_place = f.agenda(department_=f.department(actors.other_hospital, specialty=neuro))
    other_specialty = f.agenda(department_=actors.cardio)
    slots = {}
    for name, agenda in [
        ("inside", inside),
        ("other_place", other_place),
        ("other_specialty", other_specialty),
    ]:
        slots[name] = [f.slot(agenda), f.slot(agenda)]
        f.reason(agenda)
    return {
        "team": team,
        "agent": make_agent("agent", team),
        "inside": inside,
        "slots": slots,
        "avicenne": avicenne,
        "neuro": neuro,
    }
