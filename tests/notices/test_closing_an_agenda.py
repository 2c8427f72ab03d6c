"""A hospital closing an agenda cancels nothing silently: each patient of an
upcoming appointment is told, with the department's number and a link to
book again; the calendar event is cancelled."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from scheduling.models import Booking
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_closing_an_agenda_in_the_admin_tells_each_patient(
    admin_client, actors, django_capture_on_commit_callbacks
):
    agenda = actors.neuro_agenda
    agenda.department.phone = "01 42 16 00 00"
    agenda.department.save()
    later = timezone.now() + datetime.timedelta(days=4)
    booking = service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=f.patient(email="lea@example.org"),
        channel="phone",
        returning=False,
    )
    mail.outbox.clear()
    url = f"/admin/scheduling/agenda/{agenda.pk}/change/"
    management = admin_client.get(url).context["inline_admin_formsets"][0].formset.management_form
    data = {
        "practitioner": agenda.practitioner_id,
        "department": agenda.department_id,
        **{f"reasons-{key}": value for key, value in management.initial.items()},
    }
    with django_capture_on_commit_callbacks(execute=True):
        page = admin_client.post(url, data, follow=True)
    assert "1 upcoming appointments were cancelled" in page.content.decode()
    agenda.refresh_from_db()
    booking.refresh_from_db()
    assert not agenda.is_active and booking.status == "cancelled"
    (notice,) = mail.outbox
    assert notice.to == ["lea@example.org"] and "01 42 16 00 00" in notice.body
    (part,) = notice.attachments
    assert part.get_param("method") == "CANCEL"
    assert str(Calendar.from_ical(part.get_payload(decode=True))["method"]) == "CANCEL"
    left = Booking.objects.not_cancelled().filter(slot__agenda=agenda, slot__start__gte=later)
    assert not left.exists()
