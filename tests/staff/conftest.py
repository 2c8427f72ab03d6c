import pytest

from tests import factories as f


@pytest.fixture
def desk(client, actors):
    """The secretary of cardiology, signed in; an agenda with a reason in
    cardiology (Dr Coeur's) and in neurosurgery, which is not theirs."""
    agenda_a, agenda_b = actors.agenda, f.agenda(department_=actors.neuro)
    reason_a, reason_b = f.reason(agenda_a), f.reason(agenda_b)
    client.force_login(actors.secretary)
    return {
        "cardio": actors.cardio,
        "neuro": actors.neuro,
        "agenda_a": agenda_a,
        "agenda_b": agenda_b,
        "reason_a": reason_a,
        "reason_b": reason_b,
        "secretary": actors.secretary,
        "hospital": actors.hospital,
    }
