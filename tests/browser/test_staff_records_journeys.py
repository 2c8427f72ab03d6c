"""Issue 25's staff points in real Chromium, French and English (the staff
member's language, chosen once and kept: tests/admin/test_staff_language.py),
at 1,280 and 390 px, axe-core clean, clicks counted (typing is not a click):

- on the board, the two 02:30 appointments of the autumn clock change read
  differently; the one opened shows its phone number as people read it and
  its reference, and its History is the audit trail's;
- an administrator finds the booking's events in the trail by that reference;
- the data protection officer finds a person, reads and downloads everything
  held about them, and erases their identity; the trail still verifies.
"""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser, Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audit.chain import chain, verify
from audit.models import Event
from scheduling.models import Agenda, Booking, Patient
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import Clicks, axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 390]
LANGS = ["fr", "en"]
BOARD = "/admin/scheduling/booking/board/"
# 2027-10-31, the last Sunday of October: 02:30 is lived at 00:30 UTC (UTC+2), then at 01:30 UTC.
FIRST_0230 = datetime.datetime(2027, 10, 31, 0, 30, tzinfo=datetime.UTC)
SECOND_0230 = datetime.datetime(2027, 10, 31, 1, 30, tzinfo=datetime.UTC)
TEXT = {
    "fr": {
        "when": "dimanche 31 octobre 2027 02:30 (UTC+1)",
        "booking_page": "Fiche du rendez-vous",
        "history": "Historique",
        "created": "créé",
        "changed": "modifié",
        "search": "Rechercher",
        "persons": "Données d'une personne",
        "appointments": "Rendez-vous",
        "json": "Télécharger en JSON",
        "reason": "Motif de l'effacement",
        "erase": "Effacer l'identité",
        "erased": "Effacé le",
    },
    "en": {
        "when": "Sunday 31 October 2027 02:30 (UTC+1)",
        "booking_page": "Booking's page",
        "history": "History",
        "created": "created",
        "changed": "changed",
        "search": "Search",
        "persons": "A person's data",
        "appointments": "Appointments",
        "json": "Download as JSON",
        "reason": "Reason for the erasure",
        "erase": "Erase the identity",
        "erased": "Erased on",
    },
}


def _staff_page(browser, live_server, width: int, lang: str):
    """A browser whose staff member chose `lang` (French, the institution's,
    needs no choice)."""
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 500 else 900}, bypass_csp=True
    )
    if lang != "fr":
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _clean(page, lang: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == []


@dataclass(frozen=True)
class ClockChangeDesk:
    """Two appointments at 02:30 on the night of the clock change on Dr
    Neuro's agenda (actors.neuro_agenda): `first_0230` (UTC+2, patient Avant)
    and `second_0230` (UTC+1, patient Apres, booked by phone two hours later
    and moved there by the `secretary`, "secretaire", of that department)."""

    agenda: Agenda
    first_0230: Booking
    second_0230: Booking
    secretary: AbstractUser


@pytest.fixture
def clock_change_desk(actors) -> ClockChangeDesk:
    agenda = actors.neuro_agenda
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, agenda.department)
    follow_up = actors.follow_up
    first = f.booking(
        f.slot(agenda, start=FIRST_0230), follow_up, patient=f.patient(last_name="Avant")
    )
    caller = f.patient(last_name="Apres", phone="+33612345678")
    later = f.slot(agenda, start=SECOND_0230 + datetime.timedelta(hours=2))
    second = f.booking(later, follow_up, patient=caller, channel="phone")
    service.move(second, to_slot=f.slot(agenda, start=SECOND_0230), by=secretary)
    return ClockChangeDesk(agenda=agenda, first_0230=first, second_0230=second, secretary=secretary)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_second_0230_opened_from_the_board_down_to_its_history_in_three_clicks(
    browser, live_server, clock_change_desk, lang, width
):
    text = TEXT[lang]
    second = clock_change_desk.second_0230
    context, page = _staff_page(browser, live_server, width, lang)
    department = clock_change_desk.agenda.department_id
    sign_in(
        page,
        f"{live_server.url}/admin/login/?next={BOARD}?department={department}%26day=2027-10-31",
        "secretaire",
    )
    # Two rows, each 02:30 with its offset, the one lived first above.
    grid = page.locator(".board-grid").inner_text()
    assert grid.index("02:30 (UTC+2)") < grid.index("AVANT") < grid.index("02:30 (UTC+1)")
    assert grid.index("02:30 (UTC+1)") < grid.index("APRES")
    _clean(page, lang)
    click = Clicks(page)
    click(f"td.cell-booked a.patient[href$='booking={second.pk}']")
    panel = page.locator(".board-panel").inner_text()
    assert text["when"] in panel
    assert "06 12 34 56 78" in panel and "+336" not in panel  # as people read it
    reference = second.public_id.hex[:8]
    assert reference in panel
    _clean(page, lang)
    click(f".board-panel a[href$='/booking/{second.pk}/change/']")
    assert page.get_by_role("link", name=text["history"]).is_visible()
    _clean(page, lang)
    click(f"a[href$='/booking/{second.pk}/history/']")
    changes = Event.objects.filter(object_type="scheduling_booking", object_id=str(second.pk))
    made = changes.exclude(action="read").count()
    assert made >= 2  # booked, then moved
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == made
    assert rows.first.locator("td").nth(2).inner_text() == text["created"]
    assert text["changed"] in rows.nth(1).inner_text()
    _clean(page, lang)
    assert click.count == 3  # the appointment, its page, History
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_trail_is_searched_by_the_reference_in_one_click(
    browser, live_server, clock_change_desk, lang, width
):
    f.user("admin", superuser=True)
    second = clock_change_desk.second_0230
    context, page = _staff_page(browser, live_server, width, lang)
    sign_in(page, f"{live_server.url}/admin/login/?next=/admin/audit/event/", "admin")
    _clean(page, lang)
    page.locator("#searchbar").fill(second.public_id.hex[:8].upper())  # as read out
    click = Clicks(page)
    click(f"#changelist-search input[type=submit][value='{TEXT[lang]['search']}']")
    shown = set(page.locator("#result_list td.field-object_id").all_inner_texts())
    assert shown == {str(second.pk)}  # the second 02:30's events, not the first's
    assert page.locator("#result_list tbody tr").count() == (
        Event.objects.filter(object_type="scheduling_booking", object_id=str(second.pk)).count()
    )
    _clean(page, lang)
    assert click.count == 1
    context.close()


@dataclass(frozen=True)
class AlexToErase:
    """The data protection `officer` ("dpo"); Alex Durand (`alex`), `seen`
    last month on Dr Neuro's agenda (honoured), nothing to come."""

    officer: AbstractUser
    alex: Patient
    seen: Booking


@pytest.fixture
def alex_to_erase(actors) -> AlexToErase:
    officer = f.user("dpo")
    officer.groups.add(Group.objects.get(name="Délégué à la protection des données"))
    start = timezone.now() - datetime.timedelta(days=30)
    slot = f.slot(actors.neuro_agenda, start=start, by_hand=True)
    alex = f.patient(phone="+33612345678")
    seen = f.booking(slot, actors.follow_up, patient=alex, status="honoured")
    return AlexToErase(officer=officer, alex=alex, seen=seen)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_officer_exports_and_erases_a_persons_data_in_five_clicks(
    browser, live_server, alex_to_erase, lang, width
):
    text = TEXT[lang]
    alex = alex_to_erase.alex
    context, page = _staff_page(browser, live_server, width, lang)
    sign_in(page, f"{live_server.url}/admin/login/?next=/admin/scheduling/booking/", "dpo")
    click = Clicks(page)
    click(f'a:text-is("{text["persons"]}")')
    _clean(page, lang)
    page.locator("#id_name").fill("durand")
    click("form.stack button[type=submit]")
    found = page.locator("#content table tbody tr")
    assert found.count() == 1
    assert "06 12 34 56 78" in found.inner_text()  # as on every staff page
    _clean(page, lang)
    click(f"a[href$='/person/{alex.pk}/']")
    assert page.locator("#person-appointments").inner_text() == text["appointments"]
    held = page.locator("#person-records").locator("..").inner_text()
    assert "DURAND Alex" in held and "alex.durand@example.org" in held
    _clean(page, lang)
    with page.expect_download() as download:
        page.get_by_role("link", name=text["json"]).click()
    click.count += 1
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["records"][0]["phone"] == "+33612345678"  # the JSON keeps the stored form
    assert len(exported["appointments"]) == 1
    page.get_by_label(text["reason"]).fill("Demande écrite du 3 décembre")
    click(f'button:text-is("{text["erase"]}")')
    assert page.locator("ul.messagelist li.success").is_visible()
    alex.refresh_from_db()
    assert alex.last_name != "Durand" and not alex.phone
    assert text["erased"] in page.locator("#person-records").locator("..").inner_text()
    assert Booking.objects.get(pk=alex_to_erase.seen.pk).status == "honoured"  # stays, anonymous
    assert verify(chain()).ok
    _clean(page, lang)
    # the rights' page, search, the person, the download, erase
    assert click.count == 5
    assert not Patient.objects.filter(last_name="Durand").exists()
    context.close()
