"""A practitioner is offered only the partner portals that could ever see
their agenda: a partner whose scope leaves out the agenda's department is
neither listed nor accepted, while an opt-in made before its scope shrank
can still be withdrawn."""

import pytest
from django.test import Client

from scheduling.models import ApiClient, PartnerOptIn
from scheduling.services import partners
from scheduling.services.api_clients import create_client
from scheduling.services.refusals import Refused
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda_and_partners():
    hospital, other_hospital = f.establishment(), f.establishment()
    doctor_user = f.user("dr_scope", staff=False)
    agenda = f.agenda(f.practitioner(user=doctor_user), f.department(hospital))
    covering, _ = create_client(
        name="Portail Couvrant", establishments=[hospital], kind=ApiClient.Kind.PARTNER
    )
    elsewhere, _ = create_client(
        name="Portail Ailleurs", establishments=[other_hospital], kind=ApiClient.Kind.PARTNER
    )
    by_department, _ = create_client(
        name="Portail Service",
        establishments=[],
        departments=[agenda.department],
        kind=ApiClient.Kind.PARTNER,
    )
    return agenda, doctor_user, covering, elsewhere, by_department


def _portal(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_names_only_partners_whose_scope_covers_the_agenda(agenda_and_partners):
    agenda, doctor, covering, elsewhere, by_department = agenda_and_partners
    page = _portal(doctor).get(f"/portal/agendas/{agenda.pk}/partners/")
    assert page.status_code == 200
    assert "Portail Couvrant" in page.text and "Portail Service" in page.text
    assert "Portail Ailleurs" not in page.text


def test_opting_in_a_partner_outside_the_scope_is_refused_and_changes_nothing(
    agenda_and_partners,
):
    agenda, doctor, _covering, elsewhere, _by_department = agenda_and_partners
    url = f"/portal/agendas/{agenda.pk}/partners/"
    answer = _portal(doctor).post(url, {"partner": elsewhere.public_id, "opt": "in"})
    assert answer.status_code == 404
    with pytest.raises(Refused, match="scope does not include"):
        partners.set_opt_in(agenda=agenda, client=elsewhere, opted_in=True, by=doctor)
    assert not PartnerOptIn.objects.exists()


def test_an_opt_in_left_outside_a_shrunk_scope_is_listed_and_can_be_withdrawn(
    agenda_and_partners,
):
    agenda, doctor, covering, _elsewhere, _by_department = agenda_and_partners
    url = f"/portal/agendas/{agenda.pk}/partners/"
    portal = _portal(doctor)
    assert portal.post(url, {"partner": covering.public_id, "opt": "in"}).status_code == 302
    covering.establishments.clear()  # the IT team narrows the partner's scope
    assert "Portail Couvrant" in portal.get(url).text
    assert portal.post(url, {"partner": covering.public_id, "opt": "out"}).status_code == 302
    assert not PartnerOptIn.objects.exists()
    assert "Portail Couvrant" not in portal.get(url).text
