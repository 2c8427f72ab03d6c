"""The secretaries' board and the practitioner's week in real Chromium, with
the clicks counted: a phone booking for a new caller (the caller's fields and
at most 3 clicks) or a returning one (a search by name, unaccented, or by
phone number in the same box, and at most 3 clicks), a move
in 2 clicks, check-in and outcome in 1 click each, the printed sheet; the
practitioner's week, closing a slot, an absence over a booking. axe-core
finds no WCAG A/AA violation on the board or the portal at 1,280 and 390 px.
The journeys keep the CSP enforced: htmx runs under it as shipped."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from scheduling.models import Absence, Booking, Slot
from tests import factories as f
from tests.helpers import Clicks, answered, axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BOARD = "/admin/scheduling/booking/board/"


@pytest.fixture
def desk(actors, page, live_server):
    """The secretary of the clinic's department, signed in, on the board."""
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, actors.neuro_agenda.department)
    sign_in(page, f"{live_server.url}/admin/login/?next={BOARD}", "secretaire")
    return secretary


def _next_free(agenda, after=None) -> Slot:
    after = after or timezone.now() + datetime.timedelta(days=1)
    return (
        Slot.objects.free()
        .filter(agenda=agenda, start__gte=after, rule__isnull=False)
        .order_by("start")
        .first()
    )


def _board_on(page, live_server, actors, day: datetime.date) -> None:
    department = actors.neuro_agenda.department_id
    page.goto(f"{live_server.url}{BOARD}?department={department}&day={day.isoformat()}")


def _started_booking(agenda, reason, last_name: str) -> Booking:
    slot = f.started_slot(agenda)
    return f.booking(slot, reason, patient=f.patient(last_name=last_name), channel="phone")


@pytest.mark.strict_csp
def test_new_caller_booked_with_their_fields_and_three_clicks(page, live_server, desk, actors):
    slot = _next_free(actors.neuro_agenda)
    _board_on(page, live_server, actors, slot.local_date)
    click = Clicks(page)
    click(f"a.free-slot[href$='slot={slot.pk}']")
    form = page.locator("form.book-form")
    form.locator("input[name=last_name]").fill("Morel")
    form.locator("input[name=first_name]").fill("Jeanne")
    form.locator("input[name=birth_date]").fill("1950-02-03")
    form.locator("input[name=phone]").fill("01 45 67 89 10")
    click(f"input[name=reason][value='{actors.follow_up.pk}']", answers=False)
    click("button[name=patient][value=new]")
    booking = Booking.objects.get(slot=slot)
    assert (booking.patient.last_name, booking.channel, booking.reason) == (
        "Morel",
        "phone",
        actors.follow_up,
    )
    assert click.count == 3
    assert page.locator(f"td.cell-booked a.patient[href$='booking={booking.pk}']").count() == 1


@pytest.mark.strict_csp
@pytest.mark.parametrize("typed", ["lamb", "elodie", "06 12 34 56 78"])
def test_returning_caller_found_by_a_search_and_booked_in_three_clicks(
    page, live_server, desk, actors, typed
):
    agenda = actors.neuro_agenda
    earlier = f.slot(agenda, start=timezone.now() - datetime.timedelta(days=40), by_hand=True)
    # Found by a name typed without its accent, or by the number in the same box.
    known = f.patient(last_name="Lambert", first_name="Élodie", phone="+33612345678")
    past = f.booking(earlier, actors.follow_up, patient=known, channel="phone")
    Booking.objects.filter(pk=past.pk).update(status="honoured")
    slot = _next_free(agenda)
    _board_on(page, live_server, actors, slot.local_date)
    click = Clicks(page)
    click(f"a.free-slot[href$='slot={slot.pk}']")
    page.locator("input[name=name]").fill(typed)
    answered(page, lambda: page.locator("input[name=name]").press("Enter"))  # the search
    click(f"input[name=reason][value='{actors.follow_up.pk}']", answers=False)
    click(f"button[name=patient][value='{known.pk}']")
    booking = Booking.objects.get(slot=slot)
    assert booking.patient == known  # the same record: no duplicate patient
    assert click.count == 3


@pytest.mark.strict_csp
def test_move_from_the_board_in_two_clicks(page, live_server, desk, actors):
    agenda = actors.neuro_agenda
    first = _next_free(agenda)
    target = _next_free(agenda, after=first.end)
    if target.local_date != first.local_date:  # a day from now is her morning's last slot
        first, target = target, _next_free(agenda, after=target.end)
    booking = f.booking(first, actors.follow_up, channel="phone")
    assert target.local_date == first.local_date  # mornings of 9 slots
    _board_on(page, live_server, actors, first.local_date)
    click = Clicks(page)
    click(f"td.cell-booked a.move[href$='move={booking.pk}']")
    click(f"form:has(input[name=slot][value='{target.pk}']) button.move-here")
    booking.refresh_from_db()
    assert (booking.slot_id, booking.sequence) == (target.pk, 1)
    assert click.count == 2


@pytest.mark.strict_csp
def test_check_in_honoured_and_missed_one_click_each(page, live_server, desk, actors):
    agenda = actors.neuro_agenda
    came = _started_booking(agenda, actors.follow_up, "Arrivee")
    absent = _started_booking(
        f.agenda(f.practitioner(last_name="Autre"), agenda.department),
        None,
        "Absente",
    )
    _board_on(page, live_server, actors, timezone.localdate())
    click = Clicks(page)
    click(f"form[action$='/{came.pk}/check-in/'] button")
    came.refresh_from_db()
    assert came.checked_in_at is not None and click.count == 1
    click(f"form[action$='/{came.pk}/outcome/'] button.outcome-honoured")
    came.refresh_from_db()
    assert came.status == "honoured" and click.count == 2
    click(f"form[action$='/{absent.pk}/outcome/'] button.outcome-missed")
    absent.refresh_from_db()
    assert absent.status == "missed" and click.count == 3


def test_printed_sheet_has_department_and_date_and_no_controls(page, live_server, desk, actors):
    slot = _next_free(actors.neuro_agenda)
    f.booking(slot, actors.follow_up, patient=f.patient(last_name="Imprime"), channel="phone")
    _board_on(page, live_server, actors, slot.local_date)
    answered(page, page.locator("a.free-slot").first.click)
    page.emulate_media(media="print")
    heading = page.locator("h1.board-heading")
    assert heading.is_visible()
    assert "Neurochirurgie" in heading.inner_text()
    assert str(slot.local_date.year) in heading.inner_text()
    assert page.locator("td.cell-booked", has_text="IMPRIME").is_visible()
    for hidden in (".board-controls", ".board-panel", "#header", ".cell-actions"):
        assert page.locator(hidden).first.is_hidden(), hidden


@pytest.mark.parametrize("width", [1280, 390])
def test_board_has_no_accessibility_violation(page, live_server, desk, actors, width):
    page.set_viewport_size({"width": width, "height": 900})
    slot = _next_free(actors.neuro_agenda)
    f.booking(slot, actors.follow_up, channel="phone")
    _board_on(page, live_server, actors, slot.local_date)
    assert axe_violations(page) == []
    answered(page, page.locator("a.free-slot").first.click)
    # Keyboard users land on the panel (once htmx has settled the swap).
    page.wait_for_function("() => document.activeElement.id === 'panel-title'", timeout=5000)
    assert axe_violations(page) == []
    department = actors.neuro_agenda.department_id
    page.goto(f"{live_server.url}{BOARD}?department={department}&day={slot.local_date}&week=1")
    assert axe_violations(page) == []


def _practitioner_signed_in(page, live_server, actors) -> None:
    doctor = actors.neurosurgeon
    doctor.user = f.user("dr_neuro", staff=False)
    doctor.save()
    sign_in(page, f"{live_server.url}/portal/login/", "dr_neuro")


@pytest.mark.strict_csp
def test_practitioner_sees_the_week_and_closes_a_slot_after_confirming(page, live_server, actors):
    agenda = actors.neuro_agenda
    slot = _next_free(agenda, after=timezone.now() + datetime.timedelta(days=7))
    booked = _next_free(agenda, after=slot.end)
    f.booking(booked, actors.follow_up, patient=f.patient(last_name="Semaine"))
    _practitioner_signed_in(page, live_server, actors)
    page.goto(f"{live_server.url}/portal/week/?week={slot.local_date.isoformat()}")
    assert page.locator(".cal-booked", has_text="SEMAINE").is_visible()
    assert page.locator(".cal-booked", has_text="Suivi").is_visible()
    click = Clicks(page)
    click(f"form[action$='/slots/{slot.pk}/'] button")
    slot.refresh_from_db()
    assert slot.status == "open"  # asked first
    click("button.danger")
    slot.refresh_from_db()
    assert slot.status == "closed" and click.count == 2
    assert "/portal/week/" in page.url
    assert page.locator(f"form[action$='/slots/{slot.pk}/'] input[name=open][value='1']").count()


@pytest.mark.strict_csp
def test_absence_over_a_booking_shows_the_patient_then_flags_it(page, live_server, actors):
    agenda = actors.neuro_agenda
    slot = _next_free(agenda, after=timezone.now() + datetime.timedelta(days=10))
    booking = f.booking(
        slot,
        actors.follow_up,
        patient=f.patient(last_name="Absente", email="absente@example.org"),
    )
    _practitioner_signed_in(page, live_server, actors)
    page.goto(f"{live_server.url}/portal/agendas/{agenda.pk}/absences/new/")
    day = slot.local_date.isoformat()
    page.locator("input[name=start]").fill(f"{day}T00:00")
    page.locator("input[name=end]").fill(f"{day}T23:00")
    page.locator("input[name=label]").fill("Congrès")
    answered(page, page.locator("form.stack button[type=submit]").click)
    affected = page.locator("ul.affected")
    assert "ABSENTE" in affected.inner_text() and "absente@example.org" in affected.inner_text()
    assert not Absence.objects.exists()
    answered(page, page.locator("button.danger").click)
    booking.refresh_from_db()
    assert booking.to_rebook and Absence.objects.get().label == "Congrès"


@pytest.mark.parametrize("width", [1280, 390])
def test_portal_week_has_no_accessibility_violation(page, live_server, actors, width):
    page.set_viewport_size({"width": width, "height": 900})
    agenda = actors.neuro_agenda
    slot = _next_free(agenda, after=timezone.now() + datetime.timedelta(days=7))
    f.booking(slot, actors.follow_up)
    _practitioner_signed_in(page, live_server, actors)
    page.goto(f"{live_server.url}/portal/week/?week={slot.local_date.isoformat()}")
    assert axe_violations(page) == []
    for page_of_agenda in ("", "hours/", "absences/new/"):
        page.goto(f"{live_server.url}/portal/agendas/{agenda.pk}/{page_of_agenda}")
        assert axe_violations(page) == [], page_of_agenda


@pytest.mark.strict_csp
def test_board_and_week_run_htmx_under_the_csp_from_our_origin(page, live_server, desk, actors):
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    slot = _next_free(actors.neuro_agenda)
    _board_on(page, live_server, actors, slot.local_date)
    assert page.evaluate("typeof htmx") == "object"
    answered(page, page.locator(f"a.free-slot[href$='slot={slot.pk}']").click)
    assert page.locator(".board-panel").is_visible()
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # swapped
    assert refused == []
    assert all(url.startswith(live_server.url) for url in requests), requests


def test_bookings_list_fits_a_1280_pixel_screen(page, live_server, desk, actors):
    page.set_viewport_size({"width": 1280, "height": 900})
    for _ in range(3):
        f.booking(_next_free(actors.neuro_agenda), actors.follow_up, channel="phone")
    page.goto(f"{live_server.url}/admin/scheduling/booking/")
    assert page.locator("#result_list tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


RELATIVES = {
    "fr": "Également réservés depuis le même téléphone ou la même adresse",
    "en": "Also booked from the same phone or address",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_callers_son_is_booked_without_being_retyped_in_three_clicks(
    browser, live_server, actors, lang, width
):
    """Issue 25: relatives were retyped on every booking. The mother calls;
    her son, booked before from her phone, is one button of the panel. The
    secretary works in French, or in English she chose in the admin's header
    (kept in the language cookie)."""
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    agenda = actors.neuro_agenda
    assign_perm("hospital.work_in_department", secretary, agenda.department)
    follow_up = actors.follow_up
    mother = f.patient(last_name="Roux", first_name="Camille", phone="+33612000001", email="")
    son = f.patient(
        last_name="Roux",
        first_name="Léo",
        birth_date=datetime.date(2015, 3, 2),
        phone="+33612000001",
        email="",
    )
    for days, patient in ((40, mother), (30, son)):
        start = timezone.now() - datetime.timedelta(days=days)
        earlier = f.slot(agenda, start=start, by_hand=True)
        past = f.booking(earlier, follow_up, patient=patient, channel="phone")
        Booking.objects.filter(pk=past.pk).update(status="honoured")
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        bypass_csp=True,
    )
    if lang != "fr":
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, f"{live_server.url}/admin/login/?next={BOARD}", "secretaire")
    assert page.locator("html").get_attribute("lang") == lang
    slot = _next_free(agenda)
    page.goto(f"{live_server.url}{BOARD}?department={agenda.department_id}&day={slot.local_date}")
    click = Clicks(page)
    click(f"a.free-slot[href$='slot={slot.pk}']")
    page.locator("input[name=name]").fill("camille roux")
    answered(page, lambda: page.locator("input[name=name]").press("Enter"))  # the search
    relatives = page.locator(
        "form.book-form fieldset", has=page.locator(f"button[value='{son.pk}']")
    )
    assert relatives.locator("legend").inner_text() == RELATIVES[lang]
    assert axe_violations(page) == []
    click(f"input[name=reason][value='{follow_up.pk}']", answers=False)
    click(f"button[name=patient][value='{son.pk}']")
    booking = Booking.objects.get(slot=slot)
    assert booking.patient == son  # his own record: not retyped, no duplicate
    assert click.count == 3
    context.close()
