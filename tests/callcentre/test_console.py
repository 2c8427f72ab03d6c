"""The call-centre console (issue 24): an agent finds a time within their
call centre's establishments and specialties, finds or creates the caller as
the board does, and books, moves, cancels on the channel "call_centre"."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import assign_perm

from audit.models import Event
from scheduling.models import Booking, Patient
from scheduling.roles import SECRETARIAT
from tests import factories as f
from tests.helpers import CONSOLE, NEW_CALLER

pytestmark = pytest.mark.django_db


def _slot_links(page: str) -> set[int]:
    return {int(part.split("/", 1)[0]) for part in page.split('href="/call-centre/slot/')[1:]}


def _book(client, slot, **fields):
    reason = slot.agenda.reasons.get()
    return client.post(
        reverse("call_centre:book", args=[slot.pk]),
        {"slot": slot.pk, "reason": reason.pk, **NEW_CALLER, **fields},
    )


def test_earliest_anywhere_lists_only_what_the_call_centre_may_book(client, centre_nord):
    client.force_login(centre_nord.agent)
    page = client.get(CONSOLE, {"earliest": "1"}).content.decode()
    assert _slot_links(page) == {slot.pk for slot in centre_nord.inside_slots}


def test_search_by_specialty_place_and_practitioner_stays_within_rights(
    client, actors, centre_nord
):
    client.force_login(centre_nord.agent)
    inside = {slot.pk for slot in centre_nord.inside_slots}
    for query in (
        {"specialty": actors.neuro.specialty.pk},
        {"establishment": actors.hospital.pk},
        {"practitioner": "éluard"},
    ):
        assert _slot_links(client.get(CONSOLE, query).content.decode()) == inside
    assert _slot_links(client.get(CONSOLE, {"practitioner": "Martin"}).content.decode()) == set()
    # A specialty the call centre was not given is not even a choice.
    cardio = f.specialty("cardiologie")
    assert client.get(CONSOLE, {"specialty": cardio.pk}).context["search"].errors


def test_anything_outside_the_agents_rights_is_a_404(client, centre_nord):
    client.force_login(centre_nord.agent)
    mine = centre_nord.inside_slots[0]
    _book(client, mine)
    booking = Booking.objects.get(slot=mine)
    for slots in (centre_nord.other_place_slots, centre_nord.other_specialty_slots):
        slot = slots[0]
        assert client.get(reverse("call_centre:slot", args=[slot.pk])).status_code == 404
        assert _book(client, slot).status_code == 404
        theirs = f.booking(slots[1])
        for view in ("booking", "booking_cancel", "booking_move"):
            method = client.get if view == "booking" else client.post
            response = method(reverse(f"call_centre:{view}", args=[theirs.pk]), {"reason": "x"})
            assert response.status_code == 404
        # Nor can the agent move their own booking to a time outside their rights.
        moved = client.post(
            reverse("call_centre:booking_move", args=[booking.pk]), {"slot": slot.pk}
        )
        assert moved.status_code == 404
    booking.refresh_from_db()
    assert booking.slot == mine and booking.status == "booked"


def test_only_agents_use_the_console_and_agents_use_nothing_else(client, centre_nord):
    secretary = f.user("secretary")
    secretary.groups.add(Group.objects.get(name=SECRETARIAT))
    assign_perm("hospital.work_in_department", secretary, centre_nord.inside.department)
    client.force_login(secretary)
    assert client.get(CONSOLE).status_code == 403
    client.force_login(centre_nord.agent)
    assert client.get(CONSOLE).status_code == 200
    assert client.get(reverse("admin:scheduling_board")).status_code == 403
    assert client.get(reverse("admin:scheduling_booking_changelist")).status_code == 403
    assert client.get(reverse("admin:scheduling_patient_changelist")).status_code == 403
    centre_nord.team.is_active = False
    centre_nord.team.save()
    assert client.get(CONSOLE).status_code == 403


def test_new_caller_booked_on_the_call_centre_channel(client, centre_nord):
    client.force_login(centre_nord.agent)
    slot = centre_nord.inside_slots[0]
    response = _book(client, slot)
    booking = Booking.objects.get(slot=slot)
    assert response["Location"] == reverse("call_centre:booking", args=[booking.pk])
    assert (booking.channel, booking.created_by, booking.patient.last_name) == (
        "call_centre",
        centre_nord.agent,
        "Morel",
    )


def test_returning_caller_is_found_and_not_created_twice(client, centre_nord):
    client.force_login(centre_nord.agent)
    first, second = centre_nord.inside_slots
    _book(client, first)
    patient = Booking.objects.get(slot=first).patient
    page = client.get(
        reverse("call_centre:slot", args=[second.pk]), {"name": "mor jea"}
    ).content.decode()
    assert f'name="patient" value="{patient.pk}"' in page
    _book(client, second, patient=str(patient.pk))
    assert Booking.objects.get(slot=second).patient == patient
    assert Patient.objects.filter(last_name="Morel").count() == 1
    # And their appointments are found from the console's first screen.
    page = client.get(CONSOLE, {"name": "Morel"}).content.decode()
    assert page.count('href="/call-centre/booking/') == 2


def test_agent_finds_no_caller_booked_only_outside_their_rights(client, centre_nord):
    elsewhere = f.patient(last_name="Zola", first_name="Émile")
    f.booking(centre_nord.other_place_slots[0], patient=elsewhere)
    client.force_login(centre_nord.agent)
    slot = centre_nord.inside_slots[0]
    page = client.get(reverse("call_centre:slot", args=[slot.pk]), {"name": "Zola"})
    assert page.context["callers"] == []
    assert "Émile" not in page.content.decode() and "1980" not in page.content.decode()


def test_booking_page_shows_what_booking_needs_and_no_other_patient(client, centre_nord):
    client.force_login(centre_nord.agent)
    first, second = centre_nord.inside_slots
    _book(client, first)
    f.booking(second, patient=f.patient(last_name="Voisin"))
    booking = Booking.objects.get(slot=first)
    page = client.get(reverse("call_centre:booking", args=[booking.pk])).content.decode()
    assert "MOREL Jeanne" in page and "VOISIN" not in page
    assert "45 67 89" not in page and "1950" not in page  # nothing of the record beyond the name


@pytest.mark.django_db(transaction=True)
def test_book_move_cancel_are_audited_with_the_agent_and_the_channel(client, centre_nord):
    client.force_login(centre_nord.agent)
    first, second = centre_nord.inside_slots
    _book(client, first)
    booking = Booking.objects.get(slot=first)
    assert (
        client.post(
            reverse("call_centre:booking_move", args=[booking.pk]), {"slot": second.pk}
        ).status_code
        == 302
    )
    client.post(reverse("call_centre:booking_cancel", args=[booking.pk]), {"reason": "caller"})
    booking.refresh_from_db()
    assert (booking.slot, booking.status, booking.cancelled_by) == (
        second,
        "cancelled",
        centre_nord.agent,
    )
    changes = (
        Event.objects.filter(object_type="scheduling_booking", object_id=str(booking.pk))
        .exclude(action="read")
        .order_by("seq")
    )
    assert [e.action for e in changes] == ["insert", "update", "update"]
    agent = centre_nord.agent
    assert {(e.actor, e.channel) for e in changes} == {
        (f"user:{agent.pk}:{agent.username}", "call_centre")
    }
