"""Staff in real Chromium: a secretary books a phone appointment in the admin;
a practitioner closes a slot and adds an absence in the portal."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from scheduling.models import Absence, Booking, Slot
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw")
    page.locator("input[name=password]").press("Enter")


def test_secretary_books_a_phone_appointment(page, live_server, clinic_world):
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, clinic_world["agenda"].department)
    _sign_in(
        page, f"{live_server.url}/admin/login/?next=/admin/scheduling/booking/phone/", "secretaire"
    )
    page.wait_for_url("**/admin/scheduling/booking/phone/")
    page.locator("select[name=slot]").select_option(index=3)
    page.locator("select[name=reason]").select_option(label=str(clinic_world["follow_up"]))
    page.locator("input[name=seen_before][value=returning]").check()
    page.locator("input[name=last_name]").fill("Morel")
    page.locator("input[name=first_name]").fill("Jeanne")
    page.locator("input[name=birth_date]").fill("1950-02-03")
    page.locator("input[name=phone]").fill("01 45 67 89 10")
    page.get_by_role("button", name="Réserver").click()
    page.wait_for_url("**/change/")
    booking = Booking.objects.get(patient__last_name="Morel")
    assert (booking.channel, booking.created_by, booking.status) == ("phone", secretary, "booked")
    assert booking.public_id.hex[:8] in page.content()


def test_practitioner_closes_a_slot_and_adds_an_absence(page, live_server, clinic_world):
    doctor = clinic_world["doctor"]
    doctor.user = f.user("dr_neuro", staff=False)
    doctor.save()
    agenda = clinic_world["agenda"]
    _sign_in(page, f"{live_server.url}/portal/login/", "dr_neuro")
    page.wait_for_url(f"{live_server.url}/portal/")
    page.goto(f"{live_server.url}/portal/agendas/{agenda.pk}/")
    first_open = (
        Slot.objects.filter(agenda=agenda, start__gte=timezone.now(), status="open")
        .order_by("start")
        .first()
    )
    page.locator(f"form[action$='/slots/{first_open.pk}/'] button").click()
    page.wait_for_load_state()
    first_open.refresh_from_db()
    assert first_open.status == "closed"

    day = timezone.localdate() + datetime.timedelta(days=40)
    page.locator("input[name=start]").fill(f"{day.isoformat()}T00:00")
    page.locator("input[name=end]").fill(f"{(day + datetime.timedelta(days=3)).isoformat()}T00:00")
    page.locator("input[name=label]").fill("Congrès")
    page.locator("form[action$='/absences/'] button").click()
    page.wait_for_load_state()
    absence = Absence.objects.get(agenda=agenda)
    assert absence.label == "Congrès"
    assert not Slot.objects.filter(
        agenda=agenda, status="open", start__gte=absence.start, end__lte=absence.end
    ).exists()
