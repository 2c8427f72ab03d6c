"""The call-centre console in real Chromium at a phone's width, with the
clicks counted (typing is not a click): a new caller booked at the earliest
time anywhere in the agent's rights in 3 clicks, a returning caller found and
booked in 2; a new caller who would rather come earlier put on that agenda's
waiting list in 3, and a returning caller's place found and left in 3 (the
trail records it with the agent, on the channel "call_centre"); an agent
working in English books at 1,280 and 390 px. The CSP stays enforced; axe-core
finds no WCAG A/AA violation."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser, Group
from django.utils import timezone

from audit.models import Event
from scheduling.models import Booking, CallCentre, CallCentreAgent, Slot, WaitlistEntry
from scheduling.roles import CALL_CENTRE
from tests import factories as f
from tests.helpers import Clicks, axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CONSOLE = "/call-centre/"
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class AgentConsole:
    """The agent of "Centre Nord" (neurosurgery at Hôpital Avicenne), signed in
    to the console in `page` at a phone's width; the two free slots of the one
    agenda it may book, `earliest` and `later`. The institution's earliest
    free time is at another hospital, outside the agent's rights."""

    agent: AbstractUser
    earliest: Slot
    later: Slot


@pytest.fixture
def console(page, live_server) -> AgentConsole:
    neuro = f.specialty("neurochirurgie")
    avicenne, bichat = f.establishment(name="Hôpital Avicenne"), f.establishment()
    # The earliest free time of the institution is at Bichat, outside the agent's rights.
    elsewhere = f.agenda(department_=f.department(bichat, specialty=neuro))
    f.slot(elsewhere)
    f.reason(elsewhere)
    agenda = f.agenda(department_=f.department(avicenne, specialty=neuro))
    earliest, later = f.slot(agenda), f.slot(agenda)
    f.reason(agenda, label="Première consultation")
    team = CallCentre.objects.create(name="Centre Nord")
    team.establishments.add(avicenne)
    team.specialties.add(neuro)
    agent = f.user("agent")
    agent.groups.add(Group.objects.get(name=CALL_CENTRE))
    CallCentreAgent.objects.create(user=agent, call_centre=team)
    page.set_viewport_size(PHONE)
    sign_in(page, f"{live_server.url}/admin/login/?next={CONSOLE}", "agent")
    return AgentConsole(agent=agent, earliest=earliest, later=later)


def _fill_new_caller(page) -> None:
    page.locator("#id_last_name").fill("Morel")
    page.locator("#id_first_name").fill("Jeanne")
    page.locator("#id_birth_date").fill("1950-02-03")
    page.locator("#id_phone").fill("01 45 67 89 10")


@pytest.mark.strict_csp
def test_new_caller_at_the_earliest_time_anywhere_in_three_clicks(page, console):
    click = Clicks(page)
    click("#earliest-anywhere")
    click("#free-slots a")
    _fill_new_caller(page)
    click("button[name=patient][value=new]")
    booking = Booking.objects.get(slot=console.earliest)
    assert (booking.channel, booking.created_by, booking.patient.last_name) == (
        "call_centre",
        console.agent,
        "Morel",
    )
    assert click.count == 3
    assert "MOREL Jeanne" in page.locator("#appointment").inner_text()


@pytest.mark.strict_csp
def test_returning_caller_found_and_booked_in_two_clicks(page, console, live_server):
    click = Clicks(page)
    click("#earliest-anywhere")
    click("#free-slots a")
    _fill_new_caller(page)
    click("button[name=patient][value=new]")
    first = Booking.objects.get(slot=console.earliest)
    # The same caller calls again, for the next time.
    page.goto(f"{live_server.url}{CONSOLE}slot/{console.later.pk}/")
    click = Clicks(page)
    page.locator("#search_name").fill("morel")
    page.locator("#search_phone").fill("01 45 67 89 10")
    click("form[role=search] button[type=submit]")
    click(f"button[name=patient][value='{first.patient_id}']")
    assert Booking.objects.get(slot=console.later).patient == first.patient
    assert click.count == 2


@pytest.mark.parametrize("width", [1280, 390])
def test_an_agent_working_in_english_books_a_new_caller_in_three_clicks(
    page, console, live_server, width
):
    """Issue 25: the console in the language the agent chose (kept in the
    language cookie, as the admin's header sets it). The caller's record
    keeps the institution's language: notices follow the patient's, not the
    agent's."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{CONSOLE}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="New call").is_visible()
    assert axe_violations(page) == []
    click = Clicks(page)
    click("#earliest-anywhere")
    assert axe_violations(page) == []
    click("#free-slots a")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
    _fill_new_caller(page)
    click("button[name=patient][value=new]")
    booking = Booking.objects.get(slot=console.earliest)
    assert (booking.channel, booking.patient.language) == ("call_centre", "fr")
    assert "MOREL Jeanne" in page.locator("#appointment").inner_text()
    assert axe_violations(page) == []
    assert click.count == 3


def test_console_has_no_accessibility_violation_at_a_phones_width(page, console):
    page.locator("#earliest-anywhere").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.locator("#free-slots a").first.click()
    page.wait_for_load_state()
    assert axe_violations(page) == []


# --- the waiting list --------------------------------------------------------


def _join(page) -> Clicks:
    click = Clicks(page)
    click("#earliest-anywhere")
    click("#free-slots a")
    _fill_new_caller(page)
    click("button[name=patient][value=new][formaction]")
    return click


@pytest.mark.strict_csp
def test_new_caller_put_on_the_waiting_list_in_three_clicks(page, console):
    since = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    click = _join(page)
    entry = WaitlistEntry.objects.get()
    earliest = console.earliest
    assert (entry.patient.last_name, entry.reason.agenda_id, entry.status) == (
        "Morel",
        earliest.agenda_id,
        WaitlistEntry.Status.WAITING,
    )
    assert entry.wanted_before == timezone.localtime(earliest.start).date() - datetime.timedelta(
        days=1
    )
    assert click.count == 3
    assert "MOREL Jeanne" in page.locator("#waitlist-entry").inner_text()
    joined = Event.objects.get(
        object_type="scheduling_waitlistentry", action="insert", seq__gt=since
    )
    assert joined.channel == "call_centre"
    assert f"user:{console.agent.pk}" in joined.actor


@pytest.mark.strict_csp
def test_returning_callers_place_found_and_left_in_three_clicks(page, console, live_server):
    _join(page)
    page.goto(f"{live_server.url}{CONSOLE}")
    click = Clicks(page)
    page.locator("#caller_name").fill("morel")
    page.locator("#caller_phone").fill("01 45 67 89 10")
    click("form[role=search]:has(#caller_name) button[type=submit]")
    click("#waiting a")
    click("#waitlist-entry ~ form button[type=submit]")
    assert WaitlistEntry.objects.get().status == WaitlistEntry.Status.CLOSED
    assert click.count == 3
    assert page.locator("#waitlist-entry ~ form").count() == 0


def test_waiting_list_pages_have_no_accessibility_violation(page, console, live_server):
    _join(page)
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}{CONSOLE}?name=morel")
    page.wait_for_load_state()
    assert page.locator("#waiting a").count() == 1
    assert axe_violations(page) == []
