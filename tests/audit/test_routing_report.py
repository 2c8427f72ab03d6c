"""The routing report counts, from the data, where bookings resolved."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from scheduling.models import Booking
from scheduling.selectors.routing import routing_report
from tests import factories as f
from tests.helpers import triggers_disabled

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookings():
    hospital = f.establishment(name="Hôpital Avicenne")
    agenda = f.agenda(department_=f.department(hospital))
    f.booking(f.slot(agenda), channel=Booking.Channel.WEB)
    f.booking(f.slot(agenda), channel=Booking.Channel.PHONE)
    f.booking(f.slot(agenda), channel=Booking.Channel.PHONE)
    return agenda


def _window():
    today = timezone.localdate()
    return today, today + datetime.timedelta(days=60)


def test_report_counts_bookings_per_establishment_and_channel(bookings):
    report = routing_report(*_window())
    assert report.total == 3
    assert [(r["name"], r["bookings"]) for r in report.per_establishment] == [
        ("Hôpital Avicenne", 3)
    ]
    assert {r["channel"]: r["bookings"] for r in report.per_channel} == {"phone": 2, "web": 1}
    assert report.outside_institution == 0


def test_report_would_show_a_booking_that_bypassed_the_rule(bookings):
    """The outside count is computed, not asserted: force a booking into an
    external clinic behind the database's back and the report names it."""
    clinic = f.establishment(is_member=False)
    clinic_department = f.department(clinic)
    f.affiliation(bookings.practitioner, clinic_department)
    with triggers_disabled("scheduling_agenda"):
        clinic_agenda = f.agenda(bookings.practitioner, clinic_department, affiliated=False)
    slot, reason = f.slot(clinic_agenda), f.reason(clinic_agenda)
    with triggers_disabled("scheduling_booking"):
        Booking.objects.bulk_create(
            [Booking(slot=slot, reason=reason, patient=f.patient(), channel="web")]
        )
    report = routing_report(*_window())
    assert report.outside_institution == 1
    with pytest.raises(CommandError, match="1 bookings resolved outside"):
        call_command("routing_report", stdout=StringIO())


def test_routing_report_command_prints_zero_outside(bookings):
    out = StringIO()
    call_command("routing_report", stdout=out)
    assert "Hôpital Avicenne (member): 3" in out.getvalue()
    assert "Resolved outside the institution: 0" in out.getvalue()


def test_routing_report_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("routing_report", "--from", "24/11/2026", stdout=StringIO())


def test_routing_report_admin_page_shows_the_outside_count(bookings, admin_client):
    response = admin_client.get("/admin/routing-report/")
    assert response.status_code == 200
    assert "Hôpital Avicenne" in response.content.decode()
    assert response.context["report"].outside_institution == 0


def test_routing_report_admin_page_is_refused_to_staff_without_booking_rights(client):
    client.force_login(f.user("curious"))
    assert client.get("/admin/routing-report/").status_code == 403


@pytest.mark.sqlite_only
def test_sqlite_connection_without_django_cannot_write_audited_tables(tmp_path):
    """A client that does not register audit_context() (the sqlite3 shell, say)
    is refused rather than writing unaudited rows."""
    import sqlite3

    from django.conf import settings

    raw = sqlite3.connect(settings.DATABASES["default"]["TEST"]["NAME"])
    with pytest.raises(sqlite3.OperationalError, match="no such function"):
        raw.execute("UPDATE hospital_specialty SET name = name || ' (hacked)'")
    raw.close()
