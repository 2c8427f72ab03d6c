"""Changes and reads made through the admin are attributed to the staff member,
with the admin channel and the request's id; nobody can edit the trail there."""

import json
import re

import pytest

from audit.models import Event
from audit.sql import MASK_PREFIX
from hospital.models import Establishment
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import events_after, last_seq

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def administrator(client):
    user = f.user("directrice", superuser=True)
    client.force_login(user)
    return user


def test_admin_change_is_attributed_to_the_staff_member(client, administrator):
    mark = last_seq()
    response = client.post(
        "/admin/hospital/establishment/add/",
        {
            "name": "Hôpital Louis-Mourier",
            "finess": f.finess("92"),
            "address": "178 rue des Renouillers",
            "postal_code": "92700",
            "city": "Colombes",
            # Joining is a membership period, made with the establishment.
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-starts_on": "2026-01-01",
            "departments-TOTAL_FORMS": "0",
            "departments-INITIAL_FORMS": "0",
            "departments-MIN_NUM_FORMS": "0",
            "departments-MAX_NUM_FORMS": "1000",
        },
        headers={"X-Request-ID": "req-admin-42"},
    )
    assert response.status_code == 302
    hospital = Establishment.objects.get(name="Hôpital Louis-Mourier")
    assert hospital.is_member
    # Its insert, then the flag the database derives from the new period.
    event, _flag = events_after(mark, object_type="hospital_establishment")
    assert event.object_id == str(hospital.pk)
    assert (event.actor, event.channel, event.request_id) == (
        f"user:{administrator.pk}:directrice",
        "admin",
        "req-admin-42",
    )


def test_public_search_writes_nothing_to_the_trail(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    mark = last_seq()
    client.get("/")
    assert not events_after(mark).exists()


def test_admin_read_of_a_booking_is_recorded(client, administrator):
    booking = f.booking(f.slot(f.agenda()))
    mark = last_seq()
    assert client.get(f"/admin/scheduling/booking/{booking.pk}/change/").status_code == 200
    (event,) = events_after(mark)
    assert (event.action, event.object_type, event.actor) == (
        "read",
        "scheduling_booking",
        f"user:{administrator.pk}:directrice",
    )


def test_the_trail_is_read_only_in_the_admin_even_for_a_superuser(client, administrator):
    f.establishment()
    event = Event.objects.order_by("-seq").first()
    page = client.get(f"/admin/audit/event/{event.seq}/change/")
    assert page.status_code == 200 and b'type="submit"' not in page.content.split(b"<form")[-1]
    assert client.post(f"/admin/audit/event/{event.seq}/change/", {"actor": "x"}).status_code == 403
    assert (
        client.post(f"/admin/audit/event/{event.seq}/delete/", {"post": "yes"}).status_code == 403
    )
    assert client.get("/admin/audit/event/add/").status_code == 403
    assert Event.objects.get(seq=event.seq).actor == event.actor


def test_event_list_filters_by_actor_kind_and_staff_member(client, administrator):
    f.establishment()
    page = client.get("/admin/audit/event/?actor=database")
    assert page.status_code == 200
    assert all(e.actor.startswith("db:") for e in page.context["cl"].result_list)


def test_granting_a_department_to_a_secretary_is_audited():
    from guardian.shortcuts import assign_perm

    from audit.context import acting

    secretary, department = f.user("secretaire_c"), f.department()
    mark = last_seq()
    with acting(actor="user:1:directrice", channel="admin"):
        assign_perm("hospital.work_in_department", secretary, department)
    (event,) = events_after(mark, object_type="guardian_userobjectpermission")
    assert (event.action, event.actor) == ("insert", "user:1:directrice")
    granted = json.loads(event.changes)
    assert (granted["object_pk"], granted["user_id"]) == (str(department.pk), secretary.pk)


def test_staff_accounts_are_audited_without_their_password_hash():
    mark = last_seq()
    user = f.user("nouveau")
    (event,) = events_after(mark, object_type="auth_user")
    assert event.action == "insert" and event.object_id == str(user.pk)
    assert user.password not in event.changes and MASK_PREFIX in event.changes


def test_practitioner_day_view_is_an_audited_read(client):
    user = f.user("dr_z", staff=False)
    agenda = f.agenda(f.practitioner(user=user))
    import datetime

    from django.utils import timezone

    booking = f.booking(f.slot(agenda, start=timezone.now() + datetime.timedelta(days=2)))
    client.force_login(user)
    mark = last_seq()
    assert client.get("/portal/").status_code == 200
    (event,) = events_after(mark, action="read")
    assert event.actor == f"user:{user.pk}:dr_z" and event.channel == "portal"
    assert json.loads(event.changes)["bookings"] == [booking.pk]


def test_a_public_booking_is_attributed_to_a_pseudonymous_visitor(client, actors):
    from scheduling.selectors.search import free_slots

    slot = free_slots(reason=actors.first_visit).first()
    mark = last_seq()
    client.post(
        f"/book/{slot.pk}/",
        {
            "reason": actors.first_visit.pk,
            "seen_before": "new",
            "for_whom": "self",
            "first_name": "Alex",
            "last_name": "Durand",
            "birth_date": "1980-05-17",
            "email": "alex@example.org",
            "phone": "0612345678",
            "consent": "on",
            "form_token": "t-1",
        },
    )
    (event,) = events_after(mark, object_type="scheduling_booking")
    assert event.actor.startswith("public:") and event.actor != "public:anonymous"
    assert client.session.session_key not in event.actor
    assert event.channel == "web"


def _secretary_of(department):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    user = f.user(f"secretaire-{department.pk}")
    user.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", user, department)
    return user


def test_a_bookings_history_is_its_audit_trail_within_the_secretarys_reach(client):
    """The admin's History page of a booking lists the trail's changes (the
    services change bookings, Django's admin log never sees them), and a
    secretary of another department gets no history of it."""
    agenda = f.agenda()
    booking = f.booking(f.slot(agenda))
    secretary = _secretary_of(agenda.department)
    service.cancel(booking, reason="Empêchement", by=secretary)
    changes = Event.objects.filter(object_type="scheduling_booking", object_id=str(booking.pk))
    assert changes.exclude(action="read").count() == 2
    client.force_login(secretary)
    page = client.get(f"/admin/scheduling/booking/{booking.pk}/history/").content.decode()
    assert "2 events in the audit trail" in page
    assert page.count("<td>created</td>") == 1 and page.count("<td>changed</td>") == 1
    client.force_login(_secretary_of(f.department()))
    elsewhere = client.get(f"/admin/scheduling/booking/{booking.pk}/history/", follow=True)
    assert "events in the audit trail" not in elsewhere.content.decode()


def test_the_trail_is_searched_by_the_reference_staff_read_out(client, administrator):
    booking = f.booking(f.slot(f.agenda()))
    other = f.booking(f.slot(f.agenda()))
    reference = booking.public_id.hex[:8]
    page = client.get("/admin/audit/event/", {"q": reference}).content.decode()
    shown = re.findall(r'<td class="field-object_id">(\d+)</td>', page)
    assert shown and set(shown) == {str(booking.pk)} and str(other.pk) not in shown
    assert client.get("/admin/audit/event/", {"q": "zzzzzzzz"}).status_code == 200
