"""The defects a secretary met (issue 14): outcome buttons that answered 403,
a day view whose date field was empty and forgot the department, a printed
sheet without department or date, and the admin titled "Django administration"."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


class _FormNesting(HTMLParser):
    """The action of every form, and whether it sits inside another form."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.nested: list[str] = []
        self.actions: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            action = dict(attrs).get("action", "")
            if self.open:
                self.nested.append(action)
            self.open.append(action)
            self.actions.append(action)

    def handle_endtag(self, tag):
        if tag == "form" and self.open:
            self.open.pop()


def test_outcome_buttons_are_their_own_form_and_record_the_outcome(client, cardio_desk):
    started = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=5)
    booking = f.booking(f.slot(cardio_desk.agenda, start=started))
    page = client.get(f"/admin/scheduling/booking/{booking.pk}/change/")
    parsed = _FormNesting()
    parsed.feed(page.content.decode())
    outcome_url = f"/admin/scheduling/booking/{booking.pk}/outcome/"
    assert any(action.endswith(outcome_url) for action in parsed.actions)
    assert not parsed.nested
    client.handler.enforce_csrf_checks = True
    token = client.cookies["csrftoken"].value
    check_in = f"/admin/scheduling/booking/{booking.pk}/check-in/"
    assert any(action.endswith(check_in) for action in parsed.actions)
    assert client.post(check_in, {"csrfmiddlewaretoken": token}).status_code == 302
    answer = client.post(outcome_url, {"outcome": "missed", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "missed" and booking.checked_in_at is not None


def test_day_view_shows_its_date_and_remembers_the_department(client, cardio_desk):
    day = timezone.localdate() + datetime.timedelta(days=2)
    page = client.get(
        "/admin/scheduling/booking/day/", {"department": cardio_desk.cardio.pk, "day": day}
    ).content.decode()
    assert f'value="{day.isoformat()}"' in page
    heading = page.split('class="sheet-heading">')[1].split("</h2>")[0]
    assert "Cardiologie" in heading and str(day.year) in heading
    blank = client.get("/admin/scheduling/booking/day/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in blank
    assert f'<option value="{cardio_desk.cardio.pk}" selected>' in blank


def test_admin_carries_the_institutions_name(client, cardio_desk, settings):
    settings.INSTITUTION_NAME = "Hôpitaux de Lutèce"
    page = client.get("/admin/").content.decode()
    assert "Hôpitaux de Lutèce" in page
    assert "Django" not in page.split("</title>")[0]


def test_booking_page_labels_are_translated(client, cardio_desk, settings):
    settings.LANGUAGE_CODE = "fr"
    booking = f.booking(f.slot(cardio_desk.agenda))
    page = client.get(
        f"/admin/scheduling/booking/{booking.pk}/change/", headers={"accept-language": "fr"}
    ).content.decode()
    assert "Public id" not in page
    assert "Référence publique" in page
