"""Staff in real Chromium: a secretary books a phone appointment on the admin's
phone screen, and works in English chosen in the admin's header (the board's
journeys are in test_board_journeys.py)."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from scheduling.models import Booking
from tests import factories as f
from tests.helpers import Clicks, axe_violations, sign_in, sign_in_without_waiting

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_books_a_phone_appointment(page, live_server, actors):
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, actors.neuro_agenda.department)
    sign_in_without_waiting(
        page, f"{live_server.url}/admin/login/?next=/admin/scheduling/booking/phone/", "secretaire"
    )
    page.wait_for_url("**/admin/scheduling/booking/phone/")
    page.locator("select[name=slot]").select_option(index=3)
    follow_up = actors.follow_up
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


ADD_HOURS = {
    "fr": "Ajouter des horaires hebdomadaires à cet agenda",
    "en": "Add weekly hours to this agenda",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_weekly_hours_offer_the_agendas_own_reasons_named(page, live_server, actors, lang, width):
    """Issue 25: the admin's weekly-hours form listed ~94 unlabeled reasons of
    every agenda. From the agenda's page, it lists that agenda's, each named,
    in French or in the English the secretary chose (the language cookie)."""
    import datetime

    from django.utils import timezone

    from scheduling.models import OpeningRule

    other = f.agenda(f.practitioner(last_name="Voisine"), actors.neuro_agenda.department)
    f.reason(other, label="Suivi")
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    agenda = actors.neuro_agenda
    assign_perm("hospital.work_in_department", secretary, agenda.department)
    page.set_viewport_size({"width": width, "height": 900})
    if lang != "fr":
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
    change = f"/admin/scheduling/agenda/{agenda.pk}/change/"
    sign_in_without_waiting(page, f"{live_server.url}/admin/login/?next={change}", "secretaire")
    page.wait_for_url(f"**{change}")
    assert page.locator("html").get_attribute("lang") == lang
    clicks = 0
    page.get_by_role("link", name=ADD_HOURS[lang]).click()
    clicks += 1
    page.wait_for_url("**/openingrule/add/?agenda=*")
    offered = page.locator("#id_reasons label").all_inner_texts()
    assert offered and all("Dr Nadia Neuro" in label for label in offered), offered
    assert not any("Voisine" in label for label in offered)
    assert axe_violations(page) == []
    page.locator("select[name=weekday]").select_option("5")  # Saturday
    page.locator("input[name=start_time]").fill("14:00")
    page.locator("input[name=end_time]").fill("16:00")
    day = "%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"  # as each language writes a date
    page.locator("input[name=valid_from]").fill(timezone.localdate().strftime(day))
    follow_up = actors.follow_up
    page.get_by_label(next(o for o in offered if "Suivi" in o).strip()).check()
    clicks += 1
    page.locator("input[name=_save]").click()
    clicks += 1
    page.wait_for_url("**/openingrule/")
    rule = OpeningRule.objects.get(agenda=agenda, weekday=5)
    assert list(rule.reasons.all()) == [follow_up]
    assert rule.valid_from <= timezone.localdate() + datetime.timedelta(days=1)
    assert clicks == 3  # the agenda's link, the reason, save


@pytest.mark.parametrize("width", [1280, 390])
def test_a_secretary_works_in_english_chosen_once_in_the_header(
    browser, live_server, actors, width
):
    """Issue 25: the admin could not be shown in English (every unprefixed
    path took the site's French). The switch is in the header from the login
    page on; the choice stays after signing in and on the next visit."""
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, actors.neuro_agenda.department)
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []
    click = Clicks(page)
    page.locator("#staff-language").select_option("en")
    click.count += 1  # choosing in the list
    click("form.staff-language button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log in").is_visible()
    assert axe_violations(page) == []
    sign_in(page, page.url, "secretaire")
    assert page.get_by_role("heading", name="Appointments and agendas").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/admin/scheduling/booking/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#staff-language").input_value() == "en"
    assert axe_violations(page) == []
    assert click.count == 2  # the language, change
    # Signed out and back: the choice is the browser's, kept.
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
