"""A secretary sees and runs only the departments assigned to them.

Actors: a secretary of department A, a secretary of department B, an
administrator, a practitioner (no staff access) and a staff member with no
department yet."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from audit.models import Event
from scheduling.models import Absence, Agenda, Booking
from tests import factories as f
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class TwoDepartments:
    """Cardiology (A) and neurosurgery (B): an agenda with one booking in each
    (Avril's on Dr Coeur's agenda at A, Brunet's at B) and the secretary of
    each, "secretaire_a" and "secretaire_b" (actors.secretary and
    actors.other_secretary)."""

    agenda_a: Agenda
    agenda_b: Agenda
    booking_a: Booking
    booking_b: Booking
    secretary_a: AbstractUser
    secretary_b: AbstractUser


@pytest.fixture
def two_departments(actors) -> TwoDepartments:
    agenda_a, agenda_b = actors.agenda, f.agenda(department_=actors.neuro)
    booking_a = f.booking(f.slot(agenda_a), patient=f.patient(last_name="Avril"))
    booking_b = f.booking(f.slot(agenda_b), patient=f.patient(last_name="Brunet"))
    return TwoDepartments(
        agenda_a, agenda_b, booking_a, booking_b, actors.secretary, actors.other_secretary
    )


def _listed(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(response.context["cl"].result_list)


def test_secretary_a_lists_only_department_a(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    assert _listed(client, "/admin/scheduling/booking/") == [two_departments.booking_a]
    assert _listed(client, "/admin/scheduling/agenda/") == [two_departments.agenda_a]
    assert {s.agenda for s in _listed(client, "/admin/scheduling/slot/")} == {
        two_departments.agenda_a
    }


def test_secretary_b_lists_only_department_b(client, two_departments):
    signed_in(client, two_departments.secretary_b)
    assert _listed(client, "/admin/scheduling/booking/") == [two_departments.booking_b]
    assert _listed(client, "/admin/scheduling/agenda/") == [two_departments.agenda_b]


def test_search_does_not_reach_another_department(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    assert _listed(client, "/admin/scheduling/booking/?q=Brunet") == []
    assert _listed(client, "/admin/scheduling/booking/?q=Avril") == [two_departments.booking_a]


def test_direct_url_of_another_departments_booking_is_a_404(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    b = two_departments.booking_b
    assert client.get(f"/admin/scheduling/booking/{b.pk}/change/").status_code == 404
    assert (
        client.get(f"/admin/scheduling/agenda/{two_departments.agenda_b.pk}/change/").status_code
        == 404
    )
    assert (
        client.get(f"/admin/scheduling/booking/{two_departments.booking_a.pk}/change/").status_code
        == 200
    )


def test_autocomplete_offers_only_own_agendas(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "scheduling", "model_name": "absence", "field_name": "agenda", "term": ""},
    )
    assert response.status_code == 200
    assert {int(r["id"]) for r in response.json()["results"]} == {two_departments.agenda_a.pk}


def test_absence_cannot_be_added_to_another_departments_agenda(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    response = client.post(
        "/admin/scheduling/absence/add/",
        {
            "agenda": two_departments.agenda_b.pk,
            "start_0": "2027-01-04",
            "start_1": "08:00",
            "end_0": "2027-01-04",
            "end_1": "18:00",
            "label": "Congrès",
        },
    )
    assert response.status_code == 200 and "agenda" in response.context["adminform"].form.errors
    assert not Absence.objects.exists()
    client.post(
        "/admin/scheduling/absence/add/",
        {
            "agenda": two_departments.agenda_a.pk,
            "start_0": "2027-01-04",
            "start_1": "08:00",
            "end_0": "2027-01-04",
            "end_1": "18:00",
            "label": "Congrès",
        },
    )
    assert Absence.objects.get().agenda == two_departments.agenda_a


def test_administrator_sees_every_department(admin_client, two_departments):
    assert set(_listed(admin_client, "/admin/scheduling/booking/")) == {
        two_departments.booking_a,
        two_departments.booking_b,
    }


def test_staff_member_without_a_department_sees_no_booking(client, two_departments):
    signed_in(client, f.secretary("nouvelle"))
    assert _listed(client, "/admin/scheduling/booking/") == []


def test_practitioner_without_staff_access_cannot_enter_the_admin(client, two_departments):
    practitioner_user = f.user("praticien", staff=False)
    signed_in(client, practitioner_user)
    response = client.get("/admin/scheduling/booking/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_secretary_cannot_edit_the_registry(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    assert client.get("/admin/hospital/establishment/").status_code == 403


def test_patient_search_is_an_audited_read(client, two_departments):
    from django.db import connection

    signed_in(client, two_departments.secretary_a)
    before = Event.objects.count()
    page = client.get("/admin/scheduling/patient/?q=Avril")
    assert page.status_code == 200
    if connection.vendor == "sqlite":  # PostgreSQL seals events at commit (tests/audit)
        search = Event.objects.filter(seq__gt=before, action="read", object_id="search").get()
        assert str(two_departments.booking_a.patient_id) in search.changes
        assert "Avril" not in search.changes
        assert search.actor == f"user:{two_departments.secretary_a.pk}:secretaire_a"


def test_staff_pages_are_never_cached(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    cache_control = client.get("/admin/scheduling/booking/")["Cache-Control"]
    assert "no-store" in cache_control or "no-cache" in cache_control
    assert "private" in cache_control


def test_logins_are_throttled_after_repeated_failures(client, two_departments, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/admin/login/", {"username": "secretaire_a", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "secretaire_a", "password": "pw"})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_absence_form_dates_are_validated(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    response = client.post(
        "/admin/scheduling/absence/add/",
        {
            "agenda": two_departments.agenda_a.pk,
            "start_0": "2027-01-04",
            "start_1": "18:00",
            "end_0": "2027-01-04",
            "end_1": "08:00",
            "label": "?",
        },
    )
    assert response.status_code == 200 and not Absence.objects.exists()
    assert "must end after it starts" in str(response.context["adminform"].form.errors)


def test_administrator_assigns_a_department_to_a_secretary(client, admin_client, two_departments):
    newcomer = f.secretary("remplacante")
    department = two_departments.agenda_b.department
    url = f"/admin/hospital/department/{department.pk}/permissions/user-manage/{newcomer.pk}/"
    assert (
        admin_client.get(f"/admin/hospital/department/{department.pk}/permissions/").status_code
        == 200
    )
    response = admin_client.post(url, {"permissions": ["work_in_department"]})
    assert response.status_code == 302
    signed_in(client, newcomer)
    assert _listed(client, "/admin/scheduling/booking/") == [two_departments.booking_b]


def test_secretary_cannot_assign_departments(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    department = two_departments.agenda_a.department
    url = f"/admin/hospital/department/{department.pk}/permissions/user-manage/{two_departments.secretary_b.pk}/"
    client.post(url, {"permissions": ["work_in_department"]})
    from django.contrib.auth import get_user_model

    fresh = get_user_model().objects.get(pk=two_departments.secretary_b.pk)
    assert not fresh.has_perm("hospital.work_in_department", department)


def test_secretary_has_no_delete_action_even_on_own_department(client, two_departments):
    from scheduling.models import Slot

    signed_in(client, two_departments.secretary_a)
    own = list(Slot.objects.filter(agenda=two_departments.agenda_a).values_list("pk", flat=True))
    page = client.get("/admin/scheduling/slot/")
    assert "delete_selected" not in page.content.decode()
    client.post(
        "/admin/scheduling/slot/",
        {"action": "delete_selected", "_selected_action": own, "post": "yes"},
    )
    assert Slot.objects.filter(pk__in=own).count() == len(own)


def test_staff_screen_writes_on_another_department_are_404s(client, two_departments):
    """Direct POSTs to another department's objects through the staff screens are 404s."""
    signed_in(client, two_departments.secretary_a)
    b = two_departments.booking_b
    assert (
        client.post(f"/admin/scheduling/booking/{b.pk}/move/", {"slot": b.slot_id}).status_code
        == 404
    )
    b.refresh_from_db()
    assert b.status == "booked"


def test_secretary_sees_only_the_patients_of_their_departments(client, two_departments):
    signed_in(client, two_departments.secretary_a)
    patients = _listed(client, "/admin/scheduling/patient/")
    assert patients == [two_departments.booking_a.patient]
    other = two_departments.booking_b.patient
    assert client.get(f"/admin/scheduling/patient/{other.pk}/change/").status_code == 404
