"""Staff in real Chromium: a secretary books a phone appointment on the admin's
phone screen (the board's journeys are in test_board_journeys.py)."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from scheduling.models import Booking
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
    follow_up = clinic_world["follow_up"]
    # Each reason names its practitioner: eight departments' "Consultation"s differ.
    page.locator("select[name=reason]").select_option(
        label=f"{follow_up} — {follow_up.agenda.practitioner}"
    )
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


# The practitioner's journeys (the week, closing a slot, an absence over a
# booking) are in test_board_journeys.py, with the confirmations they now ask for.
