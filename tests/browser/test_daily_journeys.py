"""Points of issue 25 that had no English or phone-width journey, in real
Chromium, French and English, at 1,280 and 390 px, axe-core clean, clicks
counted: a misspelt specialty offers the one meant (and its page reads in the
visitor's language); inside the cancellation cutoff, the appointment's page
offers neither Move nor Cancel but says whom to call."""

import datetime
import re

import pytest
from django.utils import timezone

from scheduling.selectors.links import manage_path
from tests import factories as f
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 390]
LANGS = ["fr", "en"]
TEXT = {
    "fr": {"search": "Rechercher", "did_you_mean": "Vouliez-vous dire", "move": "Déplacer"},
    "en": {"search": "Search", "did_you_mean": "Did you mean", "move": "Move"},
}


def _page(browser, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 500 else 800}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_misspelt_specialty_leads_to_the_one_meant_in_two_clicks(
    browser, live_server, english_texts, lang, width
):
    prefix = "" if lang == "fr" else "/en"
    context, page = _page(browser, width)
    page.goto(f"{live_server.url}{prefix}/")
    clicks = 0
    page.get_by_label(re.compile("établissement|establishment", re.I)).fill("neurochirugien")
    page.get_by_role("button", name=TEXT[lang]["search"]).click()
    clicks += 1
    assert page.get_by_text(TEXT[lang]["did_you_mean"]).is_visible()
    _fits(page, width)
    name = {"fr": "Neurochirurgie", "en": "Neurosurgery"}[lang]
    page.get_by_role("link", name=name, exact=True).click()
    clicks += 1
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("link", name="Dr Nadia Neuro").first.is_visible()
    _fits(page, width)
    assert clicks == 2  # search, the specialty meant
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_inside_the_cutoff_the_appointment_offers_no_move_or_cancel(
    browser, live_server, english_texts, lang, width
):
    prefix = "" if lang == "fr" else "/en"
    soon = f.slot(english_texts["agenda"], start=timezone.now() + datetime.timedelta(hours=5))
    booking = f.booking(soon, english_texts["first"])
    context, page = _page(browser, width)
    page.goto(f"{live_server.url}{prefix}{manage_path(booking)}")  # the mail's link, 0 clicks
    assert page.locator("p.message-warning[role=status]").is_visible()  # whom to call
    assert page.get_by_role("link", name=re.compile(TEXT[lang]["move"])).count() == 0
    assert page.locator("button.danger").count() == 0
    reason = {"fr": "Première consultation", "en": "First consultation"}[lang]
    assert page.get_by_text(reason, exact=True).is_visible()
    _fits(page, width)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_english_patient_moves_her_appointment_on_the_week_grid_in_three_clicks(
    browser, live_server, english_texts, width
):
    """The move page's week grid in English (its French journey is in
    test_moved_appointment_journey.py): weekdays named, two weeks on."""
    from scheduling.models import Booking, Slot

    agenda = english_texts["agenda"]
    free = Slot.objects.free().filter(agenda=agenda).order_by("start")
    first = free.filter(start__gte=timezone.now() + datetime.timedelta(days=3)).first()
    booking = f.booking(first, english_texts["first"], patient=f.patient(language="en"))
    target = free.filter(start__gte=timezone.now() + datetime.timedelta(weeks=2)).first()
    context, page = _page(browser, width)
    page.goto(f"{live_server.url}/en{manage_path(booking)}")  # the mail's link
    clicks = 0
    page.get_by_role("link", name="Move this appointment").click()
    clicks += 1
    page.wait_for_url("**/move/")
    while page.locator(f"#slot-{target.pk}").count() == 0:
        page.get_by_role("link", name="Next week").click()
        page.wait_for_load_state()
        assert page.url.count("week=") == 1
    day = timezone.localtime(target.start).strftime("%A")
    assert page.get_by_text(re.compile(day)).first.is_visible()  # an English weekday
    _fits(page, width)
    page.locator(f"#slot-{target.pk}").check()
    clicks += 1
    page.get_by_role("button", name="Move to this time").click()
    clicks += 1
    page.wait_for_url(re.compile(r"/en/appointment/[^/]+/$"))
    booking.refresh_from_db()
    assert booking.slot_id == target.pk and booking.status == Booking.Status.BOOKED
    assert page.get_by_text("First consultation", exact=True).is_visible()
    _fits(page, width)
    assert clicks == 3  # move, the time, confirm (paging weeks aside)
    context.close()


WAITLIST = {
    "fr": {
        "reason": "Première consultation",
        "first_visit": "première visite",
        "joined": "Vous êtes sur la liste d'attente",
        "leave": "Quitter la liste d'attente",
    },
    "en": {
        "reason": "First consultation",
        "first_visit": "first visit",
        "joined": "You are on the waiting list",
        "leave": "Leave the waiting list",
    },
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_joining_the_waiting_list_is_confirmed_and_leaving_it_takes_two_clicks(
    browser, live_server, english_texts, lang, width
):
    """Issue 25: no confirmation on joining, no way to leave."""
    from django.core import mail

    from scheduling.models import Slot, WaitlistEntry

    text = WAITLIST[lang]
    prefix = "" if lang == "fr" else "/en"
    # Nothing free in the next ten days: the list is the way to an earlier slot.
    soon = timezone.now() + datetime.timedelta(days=10)
    Slot.objects.free().filter(agenda=english_texts["agenda"], start__lt=soon).update(
        status=Slot.Status.CLOSED
    )
    context, page = _page(browser, width)
    page.goto(f"{live_server.url}{prefix}/practitioners/{english_texts['doctor'].rpps}/")
    clicks = 0
    page.locator("a[href$='/waitlist/']").first.click()
    clicks += 1
    _fits(page, width)
    page.get_by_label(re.compile(text["reason"])).check()
    page.get_by_label(re.compile(text["first_visit"], re.I)).check()
    clicks += 2
    wanted = timezone.localdate() + datetime.timedelta(days=7)
    page.locator("input[name=wanted_before]").fill(wanted.isoformat())
    page.locator("input[name=first_name]").fill("Alex")
    page.locator("input[name=last_name]").fill("Durand")
    page.locator("input[name=birth_date]").fill("1980-05-17")
    page.locator("input[name=email]").fill("alex@example.org")
    page.locator("input[name=phone]").fill("06 12 34 56 78")
    page.locator("input[name=consent]").check()
    page.locator("form.stack button[type=submit]").click()
    clicks += 2
    assert page.get_by_text(text["joined"]).is_visible()  # told on the page
    _fits(page, width)
    joined = mail.outbox[-1]
    assert joined.to == ["alex@example.org"] and text["reason"] in joined.body  # and by mail
    leave = re.search(r"https?://[^/\s]+(\S*/waitlist/leave/\S+/)", joined.body).group(1)
    assert leave.startswith(prefix + "/waitlist/")  # the mail's link opens her language
    page.goto(f"{live_server.url}{leave}")  # the mail's link
    clicks += 1
    _fits(page, width)
    page.get_by_role("button", name=text["leave"]).click()
    clicks += 1
    assert page.locator("p.message-success[role=status]").is_visible()
    assert WaitlistEntry.objects.get().status == WaitlistEntry.Status.CLOSED
    _fits(page, width)
    # the list's link, reason, first visit, consent, join; the mail's link, leave
    assert clicks == 7
    context.close()
