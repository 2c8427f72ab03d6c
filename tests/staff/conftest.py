from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from hospital.models import Department, Establishment
from scheduling.models import Agenda, VisitReason
from tests import factories as f


@dataclass(frozen=True)
class Desk:
    """The secretary of cardiology (actors.secretary), signed in to `client`;
    an agenda with a reason in cardiology (Dr Coeur's, actors.agenda) and in
    neurosurgery, which is not theirs."""

    secretary: AbstractUser
    hospital: Establishment
    cardio: Department
    neuro: Department
    agenda_a: Agenda
    agenda_b: Agenda
    reason_a: VisitReason
    reason_b: VisitReason


@pytest.fixture
def desk(client, actors) -> Desk:
    agenda_a, agenda_b = actors.agenda, f.agenda(department_=actors.neuro)
    reason_a, reason_b = f.reason(agenda_a), f.reason(agenda_b)
    client.force_login(actors.secretary)
    return Desk(
        secretary=actors.secretary,
        hospital=actors.hospital,
        cardio=actors.cardio,
        neuro=actors.neuro,
        agenda_a=agenda_a,
        agenda_b=agenda_b,
        reason_a=reason_a,
        reason_b=reason_b,
    )


@dataclass(frozen=True)
class CardioDesk:
    """The cardiology secretary (actors.secretary), signed in to `client`, at
    Dr Coeur's agenda (actors.agenda) with one 20-minute consultation."""

    secretary: AbstractUser
    cardio: Department
    agenda: Agenda
    reason: VisitReason


@pytest.fixture
def cardio_desk(client, actors) -> CardioDesk:
    reason = f.reason(actors.agenda)
    client.force_login(actors.secretary)
    return CardioDesk(actors.secretary, actors.cardio, actors.agenda, reason)
