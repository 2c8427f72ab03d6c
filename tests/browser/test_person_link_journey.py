"""A patient with two appointments to come asks, in Chromium, for the link to
all of them: the address she booked with and her birth date, one mail, one
page listing both, each opening its own private page; then her data. In
French (the site's default), on a desktop and on a phone, axe-core clean."""

import datetime
import re

import pytest
from django.core import mail

from tests import factories as f
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patient_sees_all_her_appointments_from_one_mailed_link(browser, live_server):
    agenda = f.agenda()
    camille = f.patient(first_name="Camille", last_name="Roux", email="camille@example.org")
    _first, _second = (f.booking(f.slot(agenda), patient=camille) for _ in range(2))
    other = f.booking(f.slot(agenda), patient=f.patient(email="someone@example.org"))
    sent = len(mail.outbox)

    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        clicks = 0
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="Mes rendez-vous et mes données").click()
        clicks += 1
        assert axe_violations(page) == []
        page.get_by_label(re.compile("adresse e-mail", re.I)).fill("camille@example.org")
        page.get_by_label(re.compile("naissance", re.I)).fill("1980-05-17")
        page.get_by_role("button", name="M'envoyer le lien").click()
        clicks += 1
        assert page.get_by_text("un lien vient d'y être envoyé").is_visible()
        link = re.search(r"https?://\S+(/my/\S+/)", mail.outbox[-1].body).group(1)
        assert mail.outbox[-1].to == ["camille@example.org"]
        page.goto(f"{live_server.url}{link}")  # the patient opens the mail's link
        clicks += 1
        managed = page.get_by_role("link", name=re.compile("^Gérer le rendez-vous du"))
        assert managed.count() == 2
        assert axe_violations(page) == []
        managed.first.click()
        clicks += 1
        page.wait_for_url("**/appointment/**")
        assert page.get_by_role("heading", name="Votre rendez-vous").is_visible()
        page.go_back()
        page.get_by_role("link", name="Tout ce que nous détenons sur vous").click()
        assert page.get_by_text("camille@example.org").first.is_visible()
        assert axe_violations(page) == []
        assert clicks == 4  # home → form → mail link → one appointment
        context.close()
    assert len(mail.outbox) == sent + 2
    assert other.patient.email not in {to for message in mail.outbox for to in message.to}


RELATIVE = {
    "fr": {
        "book": "Prendre rendez-vous",
        "search": "Rechercher",
        "next_week": "Semaine suivante",
        "first_visit": "première visite",
        "continue": "Continuer",
        "confirm": "Confirmer le rendez-vous",
        "reason": "Première consultation",
    },
    "en": {
        "book": "Book an appointment",
        "search": "Search",
        "next_week": "Next week",
        "first_visit": "first visit",
        "continue": "Continue",
        "confirm": "Confirm the appointment",
        "reason": "First consultation",
    },
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_mother_books_for_her_son_from_her_link_without_retyping_him(
    browser, live_server, english_texts, lang, width
):
    """Issue 25: relatives were retyped on every booking. From her verified
    link, the booking form offers the people her address booked for."""
    from scheduling.models import Booking
    from scheduling.selectors.links import person_path

    text = RELATIVE[lang]
    prefix = "" if lang == "fr" else "/en"
    agenda = english_texts["agenda"]
    camille = f.patient(first_name="Camille", last_name="Roux", email="camille@example.org")
    leo = f.patient(
        first_name="Léo",
        last_name="Roux",
        birth_date=datetime.date(2015, 3, 2),
        email="camille@example.org",
    )
    f.booking(f.slot(agenda), patient=camille)
    f.booking(f.slot(agenda), patient=leo)
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 500 else 800}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    clicks = 0
    page.goto(f"{live_server.url}{prefix}{person_path(camille)}")  # the mail's link
    clicks += 1
    assert axe_violations(page) == []
    known = page.locator("section[aria-labelledby=known-title]")
    assert known.get_by_text("Léo Roux").is_visible()
    known.get_by_role("link", name=text["book"]).click()
    clicks += 1
    page.get_by_label(re.compile("établissement|establishment", re.I)).fill("Neuro")
    page.get_by_role("button", name=text["search"]).click()
    clicks += 1
    page.get_by_role("link", name="Dr Nadia Neuro").click()
    clicks += 1
    while page.locator("a.slot").count() == 0:
        page.get_by_role("link", name=text["next_week"]).click()
    page.locator("a.slot").last.click()
    clicks += 1
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label(re.compile("Léo Roux")).check()
    clicks += 1
    page.get_by_label(re.compile(text["first_visit"], re.I)).check()
    page.get_by_label(re.compile(text["reason"])).check()
    page.locator("input[name=consent]").check()
    clicks += 3
    page.get_by_role("button", name=text["continue"]).click()
    clicks += 1
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    assert mail.outbox[-1].to == ["camille@example.org"]
    page.get_by_label(re.compile("code", re.I)).fill(code)
    page.get_by_role("button", name=text["confirm"]).click()
    clicks += 1
    assert axe_violations(page) == []
    # his record, not a look-alike: a second appointment of his own
    assert Booking.objects.filter(patient=leo, status="booked").count() == 2
    assert Booking.objects.filter(patient__first_name="Léo").count() == 2
    # link, book, search, practitioner, slot, Léo, seen before + reason + consent, continue, confirm
    assert clicks == 11
    context.close()
