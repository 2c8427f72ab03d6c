"""The admin shows the registry and the agendas, with readable refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from hospital.models import Affiliation, Department, Establishment, Practitioner
from scheduling.models import Agenda, Booking
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(db):
    agenda = f.agenda()
    return f.booking(f.slot(agenda))


@pytest.mark.parametrize(
    "model",
    [
        "hospital/establishment",
        "hospital/specialty",
        "hospital/department",
        "hospital/practitioner",
        "hospital/affiliation",
        "scheduling/agenda",
        "scheduling/visitreason",
        "scheduling/openingrule",
        "scheduling/absence",
        "scheduling/slot",
        "scheduling/patient",
        "scheduling/booking",
        "audit/event",
    ],
)
def test_every_changelist_renders(admin_client, booked, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/?q=a").status_code == 200


def test_search_finds_establishments_by_finess_and_practitioners_by_rpps_or_name(
    admin_client, booked
):
    hospital = booked.slot.agenda.department.establishment
    doctor = booked.slot.agenda.practitioner
    f.establishment(), f.practitioner(last_name="Zorglub")  # must not match
    page = admin_client.get(f"/admin/hospital/establishment/?q={hospital.finess}")
    assert list(page.context["cl"].result_list) == [hospital]
    page = admin_client.get(f"/admin/hospital/practitioner/?q={doctor.rpps}")
    assert list(page.context["cl"].result_list) == [doctor]
    page = admin_client.get(f"/admin/hospital/practitioner/?q={doctor.last_name}")
    assert list(page.context["cl"].result_list) == [doctor]


def _establishment_form(**overrides) -> dict:
    data = {
        "name": "Hôpital Test",
        "finess": f.finess(),
        "address": "1 rue",
        "postal_code": "75013",
        "city": "Paris",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0",
        "departments-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_admin_refuses_a_finess_with_a_wrong_key(admin_client):
    good = f.finess()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    page = admin_client.post("/admin/hospital/establishment/add/", _establishment_form(finess=bad))
    assert page.status_code == 200
    assert "check digit is wrong" in str(page.context["adminform"].form.errors["finess"])
    assert not Establishment.objects.filter(finess=bad).exists()


def _practitioner_form(**overrides) -> dict:
    data = {
        "first_name": "A",
        "last_name": "B",
        "rpps": f.rpps(),
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
        "affiliations-MIN_NUM_FORMS": "0",
        "affiliations-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_admin_refuses_an_rpps_with_a_wrong_format(admin_client):
    page = admin_client.post("/admin/hospital/practitioner/add/", _practitioner_form(rpps="123"))
    assert "exactly 11 digits" in str(page.context["adminform"].form.errors["rpps"])
    assert not Practitioner.objects.exists()


def test_admin_refuses_an_rpps_with_a_wrong_key(admin_client):
    good = f.rpps()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    page = admin_client.post("/admin/hospital/practitioner/add/", _practitioner_form(rpps=bad))
    assert "check digit is wrong" in str(page.context["adminform"].form.errors["rpps"])
    assert not Practitioner.objects.exists()


def test_admin_refuses_to_make_a_hospital_external_while_bookings_depend_on_it(
    admin_client, booked
):
    hospital = booked.slot.agenda.department.establishment
    period = hospital.memberships.get()
    data = _establishment_form(name=hospital.name, finess=hospital.finess)
    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(period.pk),
            "memberships-0-establishment": str(hospital.pk),
            "memberships-0-starts_on": period.starts_on.isoformat(),
            "memberships-0-ends_on": timezone.localdate().isoformat(),
        }
    )
    page = admin_client.post(f"/admin/hospital/establishment/{hospital.pk}/change/", data)
    assert page.status_code == 200
    errors = [f.formset.errors for f in page.context["inline_admin_formsets"]]
    assert booked.public_id.hex[:8] in str(errors)
    hospital.refresh_from_db()
    assert hospital.is_member


def test_admin_refuses_an_agenda_at_an_external_clinic(admin_client):
    clinic_department = f.department(f.establishment(is_member=False))
    doctor = f.practitioner()
    page = admin_client.post(
        "/admin/scheduling/agenda/add/",
        {
            "practitioner": doctor.pk,
            "department": clinic_department.pk,
            "is_active": "on",
            "reasons-TOTAL_FORMS": "0",
            "reasons-INITIAL_FORMS": "0",
            "reasons-MIN_NUM_FORMS": "0",
            "reasons-MAX_NUM_FORMS": "1000",
        },
    )
    assert "not a member of the institution" in str(page.context["adminform"].form.errors)
    assert not Agenda.objects.exists()


def test_a_refusal_only_the_database_sees_is_a_message_not_a_server_error(
    admin_client, booked, monkeypatch
):
    department = booked.slot.agenda.department
    elsewhere = f.establishment()
    monkeypatch.setattr(Department, "clean", lambda self: None)  # as if validation had been skipped
    response = admin_client.post(
        f"/admin/hospital/department/{department.pk}/change/",
        {"establishment": elsewhere.pk, "name": department.name, "specialty": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "cannot move to another establishment" in response.content.decode()
    department.refresh_from_db()
    assert department.establishment_id != elsewhere.pk


def _refusal_shown(response, booking: Booking) -> bool:
    shown = [str(m) for m in response.context["messages"]]
    return response.status_code == 200 and any(booking.public_id.hex[:8] in m for m in shown)


def test_admin_refuses_to_delete_an_affiliation_upcoming_bookings_need(admin_client, booked):
    affiliation = Affiliation.objects.get()
    response = admin_client.post(
        f"/admin/hospital/affiliation/{affiliation.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert _refusal_shown(response, booked)
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()


def test_admin_delete_action_refuses_an_affiliation_upcoming_bookings_need(admin_client, booked):
    affiliation = Affiliation.objects.get()
    response = admin_client.post(
        "/admin/hospital/affiliation/",
        {"action": "delete_selected", "_selected_action": [affiliation.pk], "post": "yes"},
        follow=True,
    )
    # A bulk delete is refused by the trigger, whose SQLite version names no booking.
    shown = " ".join(str(m) for m in response.context["messages"])
    assert response.status_code == 200
    assert "Refused: this" in shown and "affiliat" in shown and "Successfully" not in shown
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()


def test_practitioner_form_refuses_to_remove_an_affiliation_upcoming_bookings_need(
    admin_client, booked
):
    affiliation = Affiliation.objects.get()
    doctor = affiliation.practitioner
    data = _practitioner_form(
        first_name=doctor.first_name, last_name=doctor.last_name, rpps=doctor.rpps
    )
    data.update(
        {
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-INITIAL_FORMS": "1",
            "affiliations-0-id": affiliation.pk,
            "affiliations-0-practitioner": doctor.pk,
            "affiliations-0-department": affiliation.department_id,
            "affiliations-0-start_date": affiliation.start_date.isoformat(),
            "affiliations-0-end_date": "",
            "affiliations-0-DELETE": "on",
        }
    )
    page = admin_client.post(f"/admin/hospital/practitioner/{doctor.pk}/change/", data)
    assert page.status_code == 200
    formset = page.context["inline_admin_formsets"][0].formset
    assert booked.public_id.hex[:8] in str(formset.non_form_errors())
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()


def test_bookings_cannot_be_deleted_or_edited_in_the_admin(admin_client, booked):
    delete_url = f"/admin/scheduling/booking/{booked.pk}/delete/"
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Booking.objects.filter(pk=booked.pk).exists()
    assert admin_client.get("/admin/scheduling/booking/add/").status_code == 403


def test_opening_a_patient_record_is_an_audited_read(admin_client, booked):
    before = Event.objects.count()
    assert (
        admin_client.get(f"/admin/scheduling/patient/{booked.patient.pk}/change/").status_code
        == 200
    )
    from django.db import connection

    if connection.vendor == "sqlite":  # PostgreSQL seals events at commit (tests/audit)
        read = Event.objects.filter(seq__gt=before, action="read").get()
        assert read.object_id == str(booked.patient.pk) and read.actor.startswith("user:")
        assert read.channel == "admin"
    assert reverse("admin:scheduling_patient_changelist")
