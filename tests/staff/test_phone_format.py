"""Phone numbers on the staff's pages read in one format (issue 25: three were
shown): the form of a patient's record and the persons' search show
'06 12 34 56 78', as the board, the worklist and the panels do; what staff
type is stored in E.164, and saving an untouched number changes nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from audit.models import Event
from tests import factories as f

pytestmark = pytest.mark.django_db


def _record(desk):
    booking = f.booking(f.slot(desk.agenda_a), desk.reason_a, patient=f.patient())
    return booking.patient


def _form_data(patient, **changes) -> dict:
    return {
        "first_name": patient.first_name,
        "last_name": patient.last_name,
        "birth_date": patient.birth_date.isoformat(),
        "email": patient.email,
        "phone": "06 12 34 56 78",
        "ins": patient.ins,
        **changes,
    }


def test_a_patients_form_shows_the_number_as_people_read_it(client, desk):
    patient = _record(desk)
    page = client.get(f"/admin/scheduling/patient/{patient.pk}/change/").content.decode()
    assert 'value="06 12 34 56 78"' in page and "+33612345678" not in page


def test_an_untouched_number_is_no_change(client, desk):
    patient = _record(desk)
    url = f"/admin/scheduling/patient/{patient.pk}/change/"
    since = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = client.post(url, _form_data(patient))
    assert response.status_code == 302, response.content.decode()[:2000]
    patient.refresh_from_db()
    assert patient.phone == "+33612345678"
    saved = Event.objects.filter(seq__gt=since, object_type="scheduling_patient")
    assert all("phone" not in event.changes for event in saved)
    assert LogEntry.objects.latest("action_time").get_change_message() == "No fields changed."


def test_a_number_typed_by_staff_is_stored_in_one_form(client, desk):
    patient = _record(desk)
    url = f"/admin/scheduling/patient/{patient.pk}/change/"
    assert client.post(url, _form_data(patient, phone="01 45 67 89 10")).status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "+33145678910"
    page = client.get(url).content.decode()
    assert 'value="01 45 67 89 10"' in page


def test_a_department_and_an_establishment_show_theirs_alike(admin_client, actors):
    department, establishment = actors.cardio, actors.hospital
    department.phone, establishment.phone = "+33142160000", "+33142177000"
    department.save()
    establishment.save()
    for url, shown in (
        (f"/admin/hospital/department/{department.pk}/change/", "01 42 16 00 00"),
        (f"/admin/hospital/establishment/{establishment.pk}/change/", "01 42 17 70 00"),
    ):
        page = admin_client.get(url).content.decode()
        assert f'value="{shown}"' in page and "+3314" not in page, url


def test_the_persons_search_shows_numbers_as_people_read_them(client, actors):
    from django.contrib.auth.models import Group

    officer = f.user("dpo")
    officer.groups.add(Group.objects.get(name="Délégué à la protection des données"))
    f.patient(phone="+33612345678")
    client.force_login(officer)
    search = reverse("admin:scheduling_person_search")
    page = client.get(search, {"name": "durand"}).content.decode()
    assert "06 12 34 56 78" in page and "+33612345678" not in page
