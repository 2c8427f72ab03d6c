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
def world(db):
    """A call centre for neurosurgery at Avicenne; beside it, the same
    specialty at Bichat and cardiology at Avicenne, which it may not book."""
    neuro, cardio = f.specialty("neurochirurgie"), f.specialty("cardiologie")
    avicenne = f.establishment(name="Hôpital Avicenne")
    bichat = f.establishment(name="Hôpital Bichat")
    team = CallCentre.objects.create(name="Centre Nord")
    team.establishments.add(avicenne)
    team.specialties.add(neuro)
    inside = f.agenda(f.practitioner(last_name="Éluard"), f.department(avicenne, specialty=neuro))
    other_place = f.agenda(department_=f.department(bichat, specialty=neuro))
    other_specialty = f.agenda(department_=f.department(avicenne, specialty=cardio))
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
