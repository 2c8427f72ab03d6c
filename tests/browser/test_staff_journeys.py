"""Staff in real Chromium: a secretary books a phone appointment on the admin's
phone screen (the board's journeys are in test_board_journeys.py)."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from scheduling.models import Booking
from tests import factories as f
from tests.helpers import sign_in_without_waiting

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_books_a_phone_appointment(page, live_server, clinic_world):
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, clinic_world["agenda"].department)
    sign_in_without_waiting(
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


@pytest.mark.parametrize("width", [1280, 390])
def test_weekly_hours_offer_the_agendas_own_reasons_named(page, live_server, clinic_world, width):
    """Issue 25: the admin's weekly-hours form listed ~94 unlabeled reasons of
    every agenda. From the agenda's page, it lists that agenda's, each named."""
    import datetime

    from django.utils import timezone

    from scheduling.models import OpeningRule
    from tests.browser.conftest import axe_violations

    other = f.agenda(f.practitioner(last_name="Voisine"), clinic_world["agenda"].department)
    f.reason(other, label="Suivi")
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    agenda = clinic_world["agenda"]
    assign_perm("hospital.work_in_department", secretary, agenda.department)
    page.set_viewport_size({"width": width, "height": 900})
    change = f"/admin/scheduling/agenda/{agenda.pk}/change/"
    sign_in_without_waiting(page, f"{live_server.url}/admin/login/?next={change}", "secretaire")
    page.wait_for_url(f"**{change}")
    clicks = 0
    page.get_by_role("link", name="Ajouter des horaires hebdomadaires à cet agenda").click()
    clicks += 1
    page.wait_for_url("**/openingrule/add/?agenda=*")
    offered = page.locator("#id_reasons label").all_inner_texts()
    assert offered and all("Dr Nadia Neuro" in label for label in offered), offered
    assert not any("Voisine" in label for label in offered)
    assert axe_violations(page) == []
    page.locator("select[name=weekday]").select_option("5")  # Saturday
    page.locator("input[name=start_time]").fill("14:00")
    page.locator("input[name=end_time]").fill("16:00")
    page.locator("input[name=valid_from]").fill(timezone.localdate().strftime("%d/%m/%Y"))
    follow_up = clinic_world["follow_up"]
    page.get_by_label(next(o for o in offered if "Suivi" in o).strip()).check()
    clicks += 1
    page.locator("input[name=_save]").click()
    clicks += 1
    page.wait_for_url("**/openingrule/")
    rule = OpeningRule.objects.get(agenda=agenda, weekday=5)
    assert list(rule.reasons.all()) == [follow_up]
    assert rule.valid_from <= timezone.localdate() + datetime.timedelta(days=1)
    assert clicks == 3  # the agenda's link, the reason, save
