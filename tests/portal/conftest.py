import pytest

from tests import factories as f


@pytest.fixture
def world(actors):
    """Two practitioners of the hospital with portal accounts: Dr Xavier in
    cardiology and Dr Yilmaz in pneumology, an agenda and a reason each."""
    hospital = actors.hospital
    x_user, y_user = f.user("dr_x", staff=False), f.user("dr_y", staff=False)
    x = f.practitioner(last_name="Xavier", user=x_user)
    y = f.practitioner(last_name="Yilmaz", user=y_user)
    agenda_x = f.agenda(x, actors.cardio)
    agenda_y = f.agenda(y, f.department(hospital, name="Pneumologie"))
    reason_x, reason_y = f.reason(agenda_x), f.reason(agenda_y)
    return {
        "hospital": hospital,
        "x_user": x_user,
        "y_user": y_user,
        "x": x,
        "y": y,
        "agenda_x": agenda_x,
        "agenda_y": agenda_y,
        "reason_x": reason_x,
        "reason_y": reason_y,
    }
