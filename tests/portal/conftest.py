from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from hospital.models import Department, Practitioner
from scheduling.models import Agenda, VisitReason
from tests import factories as f


@dataclass(frozen=True)
class PortalDoctor:
    """A practitioner of the hospital who signs in to the portal (password
    "pw"), with one agenda and one reason on it."""

    user: AbstractUser
    practitioner: Practitioner
    agenda: Agenda
    reason: VisitReason


def portal_doctor(username: str, last_name: str, department: Department) -> PortalDoctor:
    user = f.user(username, staff=False)
    practitioner = f.practitioner(last_name=last_name, user=user)
    agenda = f.agenda(practitioner, department)
    return PortalDoctor(user, practitioner, agenda, f.reason(agenda))


@pytest.fixture
def dr_xavier(actors) -> PortalDoctor:
    """Dr Xavier ("dr_x"), in the hospital's cardiology."""
    return portal_doctor("dr_x", "Xavier", actors.cardio)


@pytest.fixture
def dr_yilmaz(actors) -> PortalDoctor:
    """Dr Yilmaz ("dr_y"), in the hospital's pneumology: not Dr Xavier's."""
    return portal_doctor("dr_y", "Yilmaz", f.department(actors.hospital, name="Pneumologie"))
