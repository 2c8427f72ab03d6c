"""Access: the data protection officer (or a secretary given the right) finds
a person and exports everything held about them, as a page and as JSON; the
export is itself a read in the trail. Others get 403 (staff) or the login."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from interfaces.models import Endpoint
from outbox.models import Delivery
from scheduling.models import WaitlistEntry
from scheduling.selectors import person_data
from scheduling.services.api_clients import create_client
from tests import factories as f

pytestmark = pytest.mark.django_db


def _detail(patient) -> str:
    return reverse("admin:scheduling_person_detail", args=[patient.pk])


def _json(patient) -> str:
    return reverse("admin:scheduling_person_json", args=[patient.pk])


def test_the_officer_finds_the_person_by_name_across_the_institution(client, durand_file):
    client.force_login(durand_file.officer)
    response = client.get(reverse("admin:scheduling_person_search"), {"name": "durand"})
    assert response.status_code == 200
    assert set(response.context["results"]) == {durand_file.alex, durand_file.alex_work}
    search = Event.objects.filter(object_id="rights-search").first()
    if search is not None:  # SQLite seals at once; PostgreSQL at COMMIT (tests below)
        assert "Durand" not in search.changes and "durand" not in search.changes


def test_json_export_holds_every_record_booking_notice_waitlist_entry_and_message(
    client, durand_file
):
    endpoint = Endpoint.objects.create(name="GAM", kind="mllp", address="127.0.0.1:2575")
    future, alex = durand_file.future, durand_file.alex
    Delivery.objects.create(key=f"notice:{future.pk}:confirmed:email:0", sent_at=future.created_at)
    WaitlistEntry.objects.create(
        patient=alex, reason=future.reason, wanted_before=future.slot.start.date()
    )
    f.booking(f.slot(durand_file.agenda), patient=alex)  # written after the endpoint: dispatched
    client.force_login(durand_file.officer)
    response = client.get(_json(alex))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert {r["email"] for r in data["records"]} == {
        "alex.durand@example.org",
        "alex@work.example.org",
    }
    assert all(r["birth_date"] == "1980-05-17" for r in data["records"])
    assert "bea@example.org" not in response.content.decode()
    references = {a["reference"] for a in data["appointments"]}
    assert {str(future.public_id), str(durand_file.past.public_id)} <= references
    assert len(data["appointments"]) == 3
    (notice,) = next(a for a in data["appointments"] if a["reference"] == str(future.public_id))[
        "notices"
    ]
    assert (notice["kind"], notice["channel"]) == ("confirmed", "email")
    assert [e["status"] for e in data["waiting_list"]] == ["waiting"]
    dispatched = [m for m in data["interface_messages"] if m["sent_to"]]
    assert dispatched and dispatched[0]["sent_to"][0]["system"] == endpoint.name


def test_the_page_shows_the_same_person_readably(client, durand_file):
    client.force_login(durand_file.exporter)
    response = client.get(_detail(durand_file.alex_work))
    assert response.status_code == 200
    page = response.content.decode()
    assert "alex@work.example.org" in page and "alex.durand@example.org" in page
    assert "Hôpital Avicenne" in page
    assert "Erase the identity" not in page  # the export right alone erases nothing


def test_a_secretary_without_the_right_is_refused_and_anonymous_goes_to_the_login(
    client, durand_file
):
    client.force_login(durand_file.secretary)
    for url in (reverse("admin:scheduling_person_search"), _detail(durand_file.alex)):
        assert client.get(url).status_code == 403
    assert client.get(_json(durand_file.alex)).status_code == 403
    erase = reverse("admin:scheduling_person_erase", args=[durand_file.alex.pk])
    assert client.post(erase, {"reason": "x"}).status_code == 403
    client.logout()
    response = client.get(_json(durand_file.alex))
    assert response.status_code == 302 and "/login/" in response.url


def test_an_unknown_record_is_a_404(client, durand_file):
    client.force_login(durand_file.officer)
    assert client.get(reverse("admin:scheduling_person_detail", args=[999999])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_export_lists_who_read_the_record_and_is_itself_recorded(client, durand_file):
    """A secretary opened the booking, an API client read it: both are in
    the export's reads; the export then appears in the next one."""
    alex, future = durand_file.alex, durand_file.future
    client.force_login(durand_file.secretary)
    assert client.get(f"/admin/scheduling/booking/{future.pk}/change/").status_code == 200
    hospital = future.slot.agenda.department.establishment
    api_client, token = create_client(name="PAS", establishments=[hospital], can_read=True)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get(f"/api/v1/bookings/{future.public_id}/").status_code == 200
    client.force_login(durand_file.officer)
    data = json.loads(client.get(_json(alex)).content)
    readers = {(r["who"], r["channel"], r["what"]) for r in data["reads"]}
    assert ("secretaire", "admin", "appointment") in readers
    assert (api_client.user.get_username(), "api", "appointment") in readers
    again = json.loads(client.get(_json(alex)).content)
    exports = [r for r in again["reads"] if r["how"] == "export" and r["who"] == "dpo"]
    assert len(exports) == 1
    # An id that merely contains another's digits is not a read of it.
    assert person_data.reads_of([alex.pk * 10 + 7], []) == []
