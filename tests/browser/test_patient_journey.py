"""A patient finds a practitioner, books, confirms the emailed code, gets the
ICS and cancels through the private link, in real Chromium, in French and in
English; axe-core checks every page of the way."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from scheduling.models import Booking
from tests.helpers import ARTIFACTS, axe_violations, page_weight

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "fr": {
        "search": "Rechercher",
        "continue": "Continuer",
        "confirm": "Confirmer le rendez-vous",
        "cancel": "Annuler le rendez-vous",
        "calendar": "Ajouter à mon agenda (.ics)",
        "next_week": "Semaine suivante",
        "cancelled": "Votre rendez-vous est annulé.",
        "reason": "Première consultation",
        "before": "Apportez vos IRM.",
        "specialty": "Neurochirurgie",
    },
    "en": {
        "search": "Search",
        "continue": "Continue",
        "confirm": "Confirm the appointment",
        "cancel": "Cancel the appointment",
        "calendar": "Add to my calendar (.ics)",
        "next_week": "Next week",
        "cancelled": "Your appointment is cancelled.",
        "reason": "First consultation",
        "before": "Bring your MRI scans.",
        "specialty": "Neurosurgery",
    },
}


def _accessible(page, visited: list[str]) -> None:
    violations = axe_violations(page)
    visited.append(page.url)
    assert violations == [], f"{page.url}: {violations}"


def _record_weight(name: str, page) -> int:
    weight = page_weight(page)
    ARTIFACTS.mkdir(exist_ok=True)
    with Path(ARTIFACTS, "page-weight.txt").open("a") as out:
        out.write(f"{name}\t{weight}\n")
    return weight


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_patient_books_confirms_and_cancels(page, live_server, english_texts, actors, lang, width):
    """The visit reason, its instructions and the specialty read in the page's
    language (issue 25: they stayed French on /en/), on a desktop and a phone;
    the phone number to call reads the same on the page and in the mail."""
    text = TEXT[lang]
    prefix = "" if lang == "fr" else "/en"
    actors.hospital.phone = "+33142160000"  # stored in E.164
    actors.hospital.save()
    visited: list[str] = []
    clicks = 0
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 800})

    # Find
    page.goto(f"{live_server.url}{prefix}/")
    assert page.locator("html").get_attribute("lang") == lang
    _accessible(page, visited)
    page.get_by_label(re.compile("établissement|establishment", re.I)).fill("Neuro")
    page.get_by_role("button", name=text["search"]).click()
    clicks += 1
    _accessible(page, visited)
    assert page.locator(".card p.muted").first.inner_text() == text["specialty"]
    _record_weight(f"search results ({lang}, {width}px)", page)
    page.get_by_role("link", name="Dr Nadia Neuro").click()
    clicks += 1
    _accessible(page, visited)
    assert page.get_by_role("link", name=re.compile(text["reason"])).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Pick a slot three days or more ahead (outside the cancellation cutoff)
    while page.locator("a.slot").count() == 0 or _too_soon(page):
        page.get_by_role("link", name=text["next_week"]).click()
    page.locator("a.slot").last.click()
    clicks += 1
    _accessible(page, visited)
    _record_weight(f"booking form ({lang}, {width}px)", page)

    # Book
    page.get_by_label(re.compile("première visite|first visit", re.I)).check()
    page.get_by_label(re.compile(text["reason"])).check()
    page.get_by_label(re.compile("prénom|first name", re.I)).fill("Alex")
    page.get_by_label(re.compile("nom de famille|last name", re.I)).fill("Durand")
    page.get_by_label(re.compile("naissance|birth", re.I)).fill("1980-05-17")
    page.get_by_label(re.compile("e-mail|email", re.I)).fill("alex@example.org")
    page.get_by_label(re.compile("téléphone|phone", re.I)).fill("06 12 34 56 78")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name=text["continue"]).click()
    clicks += 1
    _accessible(page, visited)

    # Confirm with the code from the mail
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    page.get_by_label(re.compile("code", re.I)).fill(code)
    page.get_by_role("button", name=text["confirm"]).click()
    clicks += 1
    _accessible(page, visited)
    assert page.get_by_text(text["before"]).is_visible()
    assert text["reason"] in mail.outbox[-1].body and text["before"] in mail.outbox[-1].body
    # The number to call, in the one format of the pages and the notices (issue 25).
    assert page.get_by_role("link", name="01 42 16 00 00").is_visible()
    assert "01 42 16 00 00" in mail.outbox[-1].body and "+33" not in mail.outbox[-1].body
    booking = Booking.objects.get(patient__email="alex@example.org")
    assert booking.status == "booked"
    assert booking.slot.agenda.practitioner.rpps in page.content()

    # The ICS, as the confirmation mail and the page offer it
    assert mail.outbox[-1].attachments[0].get_content_type() == "text/calendar"
    ics_path = page.get_by_role("link", name=text["calendar"]).get_attribute("href")
    ics = page.request.get(live_server.url + ics_path)
    event = Calendar.from_ical(ics.body()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.slot.start

    # Cancel through the private link
    page.get_by_label(re.compile("annulez|cancelling", re.I)).fill("Empêchement")
    page.get_by_role("button", name=text["cancel"]).click()
    clicks += 1
    assert text["cancelled"] in page.content()
    _accessible(page, visited)
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.cancel_reason == "Empêchement"
    assert len(visited) == 7  # home, results, practitioner, form, code, confirmed, cancelled
    # search, practitioner, slot, continue, confirm, cancel (paging weeks aside)
    assert clicks == 6


def _too_soon(page) -> bool:
    """Whether the last slot of the week shown is less than three days away."""
    href = page.locator("a.slot").last.get_attribute("href")
    from scheduling.models import Slot

    slot = Slot.objects.get(pk=int(href.rstrip("/").split("/")[-1]))
    return slot.start < timezone.now() + datetime.timedelta(days=3)


@pytest.mark.strict_csp
def test_pages_load_nothing_blocked_by_the_csp(page, live_server, actors):
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in [
        "/",
        "/?q=neuro",
        f"/practitioners/{actors.neurosurgeon.rpps}/",
        "/admin/login/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", (
            "the stylesheet applies"
        )
    assert refused == []
    assert all(url.startswith(live_server.url) for url in requests), requests


def test_every_other_public_page_is_accessible(page, live_server, actors):
    from scheduling.selectors.links import manage_path
    from scheduling.selectors.search import free_slots
    from scheduling.services import booking as service
    from tests import factories as f

    later = timezone.now() + datetime.timedelta(days=3)
    booking = service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=f.patient(),
        channel="web",
        returning=False,
    )
    paths = [
        "/specialties/neurochirurgie/",
        f"/establishments/{actors.hospital.finess}/",
        manage_path(booking),
        manage_path(booking) + "move/",
        f"/practitioners/{actors.neurosurgeon.rpps}/waitlist/",
        "/specialties/neurochirurgie/waitlist/",
        "/privacy/",
        "/no-such-page/",
        "/en/specialties/neurochirurgie/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


@pytest.mark.parametrize(("width", "height"), [(375, 740), (1280, 800)])
def test_booking_form_fits_a_phone_and_a_desktop(page, live_server, actors, width, height):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    from scheduling.selectors.search import free_slots

    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/book/{free_slots().first().pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"booking-form-{width}px.png"), full_page=True)
