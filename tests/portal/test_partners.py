"""A practitioner opts each of their agendas in to, or out of, each partner
portal (issue 24), from the portal; their department's staff may do it for
them; nobody else. Each change is in the audit trail."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from guardian.shortcuts import assign_perm

from audit.models import Event
from scheduling.models import ApiClient, PartnerOptIn
from scheduling.roles import SECRETARIAT
from scheduling.services import partners
from scheduling.services.api_clients import create_client
from scheduling.services.refusals import Refused
from tests import factories as f

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Partners:
    """A partner portal and a system client of the hospital."""

    partner: ApiClient
    system: ApiClient


@pytest.fixture
def portal_partners(actors) -> Partners:
    hospital = actors.hospital
    partner, _token = create_client(
        name="Doctoportail", establishments=[hospital], kind=ApiClient.Kind.PARTNER
    )
    system, _token = create_client(name="PAS", establishments=[hospital])
    return Partners(partner, system)


def _as(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)  # the trail is sealed at COMMIT on PostgreSQL
def test_practitioner_opts_their_agenda_in_and_out_of_a_partner(portal_partners, dr_xavier):
    portal = _as(dr_xavier.user)
    url = f"/portal/agendas/{dr_xavier.agenda.pk}/partners/"
    since = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    page = portal.get(url)
    assert page.status_code == 200
    assert "Doctoportail" in page.text and "PAS" not in page.text  # partners only
    done = portal.post(url, {"partner": portal_partners.partner.public_id, "opt": "in"})
    assert done.status_code == 302
    opt_in = PartnerOptIn.objects.get()
    assert (opt_in.agenda, opt_in.client, opt_in.created_by) == (
        dr_xavier.agenda,
        portal_partners.partner,
        dr_xavier.user,
    )
    assert "opted in" in portal.get(url).text
    portal.post(url, {"partner": portal_partners.partner.public_id, "opt": "out"})
    assert not PartnerOptIn.objects.exists()
    events = Event.objects.filter(object_type="scheduling_partneroptin", seq__gt=since).order_by(
        "seq"
    )
    assert [e.action for e in events] == ["insert", "delete"]
    assert all(f"user:{dr_xavier.user.pk}" in e.actor for e in events)


def test_another_practitioners_agenda_is_not_found(portal_partners, dr_xavier, dr_yilmaz):
    portal = _as(dr_xavier.user)
    url = f"/portal/agendas/{dr_yilmaz.agenda.pk}/partners/"
    assert portal.get(url).status_code == 404
    assert (
        portal.post(url, {"partner": portal_partners.partner.public_id, "opt": "in"}).status_code
        == 404
    )
    assert not PartnerOptIn.objects.exists()


def test_a_system_client_is_not_a_partner_to_opt_in_to(portal_partners, dr_xavier):
    url = f"/portal/agendas/{dr_xavier.agenda.pk}/partners/"
    response = _as(dr_xavier.user).post(
        url, {"partner": portal_partners.system.public_id, "opt": "in"}
    )
    assert response.status_code == 404
    assert not PartnerOptIn.objects.exists()


def test_opting_in_needs_the_csrf_token(portal_partners, dr_xavier):
    url = f"/portal/agendas/{dr_xavier.agenda.pk}/partners/"
    portal = _as(dr_xavier.user, csrf=True)
    response = portal.post(url, {"partner": portal_partners.partner.public_id, "opt": "in"})
    assert response.status_code == 403
    assert not PartnerOptIn.objects.exists()


def test_the_departments_staff_may_opt_in_for_the_practitioner_others_may_not(
    portal_partners, dr_xavier, dr_yilmaz
):
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name=SECRETARIAT))
    assign_perm("hospital.work_in_department", secretary, dr_xavier.agenda.department)
    assert partners.set_opt_in(
        agenda=dr_xavier.agenda, client=portal_partners.partner, opted_in=True, by=secretary
    )
    with pytest.raises(Refused):
        partners.set_opt_in(
            agenda=dr_yilmaz.agenda,
            client=portal_partners.partner,
            opted_in=True,
            by=secretary,
        )
    with pytest.raises(Refused):
        partners.set_opt_in(
            agenda=dr_yilmaz.agenda,
            client=portal_partners.partner,
            opted_in=True,
            by=dr_xavier.user,
        )
    assert list(PartnerOptIn.objects.values_list("agenda_id", flat=True)) == [dr_xavier.agenda.pk]


@pytest.mark.django_db(transaction=True)  # the trail is sealed at COMMIT on PostgreSQL
def test_a_secretary_opts_their_departments_agendas_in_and_out_in_the_admin(
    portal_partners, dr_xavier, dr_yilmaz
):
    since = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name=SECRETARIAT))
    assign_perm("hospital.work_in_department", secretary, dr_xavier.agenda.department)
    admin = _as(secretary)
    add = "/admin/scheduling/partneroptin/add/"
    other = admin.post(add, {"agenda": dr_yilmaz.agenda.pk, "client": portal_partners.partner.pk})
    assert other.status_code == 200 and not PartnerOptIn.objects.exists()  # not a choice
    system = admin.post(add, {"agenda": dr_xavier.agenda.pk, "client": portal_partners.system.pk})
    assert system.status_code == 200 and not PartnerOptIn.objects.exists()
    done = admin.post(add, {"agenda": dr_xavier.agenda.pk, "client": portal_partners.partner.pk})
    assert done.status_code == 302
    opt_in = PartnerOptIn.objects.get()
    assert (opt_in.agenda, opt_in.created_by) == (dr_xavier.agenda, secretary)
    admin.post(f"/admin/scheduling/partneroptin/{opt_in.pk}/delete/", {"post": "yes"})
    assert not PartnerOptIn.objects.exists()
    events = Event.objects.filter(object_type="scheduling_partneroptin", seq__gt=since)
    assert [e.action for e in events.order_by("seq")] == ["insert", "delete"]
    assert all(f"user:{secretary.pk}" in e.actor for e in events)
    # Someone else's opt-in is not found; an agent of no department has no page.
    theirs = PartnerOptIn.objects.create(agenda=dr_yilmaz.agenda, client=portal_partners.partner)
    assert admin.get(f"/admin/scheduling/partneroptin/{theirs.pk}/delete/").status_code == 404
