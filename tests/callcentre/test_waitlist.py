"""The call-centre console's waiting list (issue 24): an agent puts a caller on
an agenda's waiting list from a time they would rather have earlier, sees the
caller's places, and leaves them — within their call centre's rights only."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from scheduling.models import Patient, WaitlistEntry
from scheduling.services import waitlist
from scheduling.services.patients import PatientDetails
from tests.helpers import CONSOLE, NEW_CALLER

pytestmark = pytest.mark.django_db


def _join(client, slot, **fields):
    reason = slot.agenda.reasons.get()
    return client.post(
        reverse("call_centre:waitlist_join", args=[slot.pk]),
        {"slot": slot.pk, "reason": reason.pk, **NEW_CALLER, **fields},
    )


def test_agent_puts_a_new_caller_on_the_agendas_waiting_list(client, centre_nord):
    client.force_login(centre_nord.agent)
    slot = centre_nord.inside_slots[0]
    response = _join(client, slot)
    entry = WaitlistEntry.objects.get()
    assert response["Location"] == reverse("call_centre:waitlist_entry", args=[entry.pk])
    assert (entry.patient.last_name, entry.reason.agenda, entry.status) == (
        "Morel",
        centre_nord.inside,
        WaitlistEntry.Status.WAITING,
    )
    assert entry.wanted_before < slot.local_date
    # The caller's place is found from the console's first screen, and left.
    page = client.get(CONSOLE, {"name": "Morel"}).content.decode()
    assert reverse("call_centre:waitlist_entry", args=[entry.pk]) in page
    client.post(reverse("call_centre:waitlist_leave", args=[entry.pk]))
    assert WaitlistEntry.objects.get().status == WaitlistEntry.Status.CLOSED


def test_a_returning_caller_keeps_one_record_and_one_place(client, centre_nord):
    client.force_login(centre_nord.agent)
    first, second = centre_nord.inside_slots
    _join(client, first)
    patient = Patient.objects.get(last_name="Morel")
    _join(client, second, patient=str(patient.pk))
    assert Patient.objects.filter(last_name="Morel").count() == 1
    assert WaitlistEntry.objects.count() == 1


def test_waiting_lists_outside_the_agents_rights_are_a_404(client, centre_nord):
    client.force_login(centre_nord.agent)
    outside = centre_nord.other_place_slots[0]
    assert _join(client, outside).status_code == 404
    assert not WaitlistEntry.objects.exists()
    theirs = waitlist.join(
        patient=PatientDetails(
            first_name="Émile", last_name="Zola", birth_date=datetime.date(1960, 1, 1)
        ),
        returning=False,
        wanted_before=outside.local_date,
        reason=outside.agenda.reasons.get(),
    )
    assert client.get(reverse("call_centre:waitlist_entry", args=[theirs.pk])).status_code == 404
    leave = client.post(reverse("call_centre:waitlist_leave", args=[theirs.pk]))
    assert leave.status_code == 404
    assert WaitlistEntry.objects.get(pk=theirs.pk).status == WaitlistEntry.Status.WAITING
    page = client.get(CONSOLE, {"name": "Zola"}).content.decode()
    assert "/call-centre/waitlist/" not in page


def test_joining_and_leaving_need_the_csrf_token(centre_nord):
    agent = Client(enforce_csrf_checks=True)
    agent.force_login(centre_nord.agent)
    slot = centre_nord.inside_slots[0]
    assert _join(agent, slot).status_code == 403
    assert not WaitlistEntry.objects.exists()
