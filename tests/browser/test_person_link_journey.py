"""A patient with two appointments to come asks, in Chromium, for the link to
all of them: the address she booked with and her birth date, one mail, one
page listing both, each opening its own private page; then her data, as a
page and as JSON. In French and in English, on a desktop and on a phone,
axe-core clean."""

import datetime
import re

import pytest
from django.core import mail

from tests import factories as f
from tests.helpers import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


MY = {
    "fr": {
        "home_link": "Mes rendez-vous et mes données",
        "email": "adresse e-mail",
        "birth": "naissance",
        "send": "M'envoyer le lien",
        "sent": "un lien vient d'y être envoyé",
        "manage": "^Gérer le rendez-vous du",
        "appointment": "Votre rendez-vous",
        "data": "Tout ce que nous détenons sur vous",
        "json": "Télécharger en JSON",
        "reason": "Première consultation",
        "booked": "réservé",
        "born": "17 mai 1980",
        "notice": "confirmation (e-mail,",
        "read": "votre lien privé",
    },
    "en": {
        "home_link": "My appointments and my data",
        "email": "email address",
        "birth": "birth",
        "send": "Send me the link",
        "sent": "a link is on its way to it",
        "manage": "^Manage the appointment of",
        "appointment": "Your appointment",
        "data": "Everything we hold about you",
        "json": "Download as JSON",
        "reason": "First consultation",
        "booked": "booked",
        "born": "17 May 1980",
        "notice": "confirmation (email,",
        "read": "your private link",
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_patient_sees_all_her_appointments_and_her_data_from_one_mailed_link(
    browser, live_server, english_texts, actors, lang
):
    """Issue 25: one verified link lists every appointment to come and shows
    everything held about her, as JSON too, in her language, on a desktop
    and a phone. Her data reads as the rest of the site does: statuses,
    notices and who read it in words, times with their day, the reason in
    her language, phone numbers in the one format of the public pages."""
    from scheduling.models import Patient
    from scheduling.services import notifications

    text = MY[lang]
    prefix = "" if lang == "fr" else "/en"
    agenda, first = actors.neuro_agenda, actors.first_visit
    department = agenda.department
    department.phone = "+33142160000"
    department.save()
    camille = f.patient(
        first_name="Camille", last_name="Roux", email="camille@example.org", phone="+33612345678"
    )
    bookings = [f.booking(f.slot(agenda), first, patient=camille) for _ in range(2)]
    notifications.deliver(  # its confirmation, which her data lists
        bookings[0].pk, "confirmed", channel="email", expected=bookings[0].sequence, language=lang
    )
    other = f.booking(f.slot(agenda), patient=f.patient(email="someone@example.org"))
    sent = len(mail.outbox)

    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        clicks = 0
        page.goto(f"{live_server.url}{prefix}/")
        page.get_by_role("link", name=text["home_link"]).click()
        clicks += 1
        _fits(page, width)
        page.get_by_label(re.compile(text["email"], re.I)).fill("camille@example.org")
        page.get_by_label(re.compile(text["birth"], re.I)).fill("1980-05-17")
        page.get_by_role("button", name=text["send"]).click()
        clicks += 1
        page.get_by_text(text["sent"]).wait_for()  # visible once the answer has loaded
        link = re.search(r"https?://[^/\s]+(\S*/my/\S+/)", mail.outbox[-1].body).group(1)
        assert mail.outbox[-1].to == ["camille@example.org"]
        assert link.startswith(f"{prefix}/my/")  # the mail's link opens her language
        page.goto(f"{live_server.url}{link}")  # the patient opens the mail's link
        clicks += 1
        managed = page.get_by_role("link", name=re.compile(text["manage"]))
        assert managed.count() == 2
        assert page.get_by_text(text["reason"], exact=True).first.is_visible()
        assert page.get_by_role("link", name="01 42 16 00 00").first.is_visible()
        _fits(page, width)
        managed.first.click()
        clicks += 1
        page.wait_for_url("**/appointment/**")
        assert page.get_by_role("heading", name=text["appointment"]).is_visible()
        page.go_back()
        page.get_by_role("link", name=text["data"]).click()
        page.wait_for_url("**/data/")
        records = page.locator("section[aria-labelledby=person-records]")
        assert records.get_by_text("camille@example.org").is_visible()
        assert records.get_by_text("06 12 34 56 78").is_visible()  # not +33612345678
        assert records.get_by_text(text["born"]).is_visible()
        visits = page.locator("section[aria-labelledby=person-appointments] tbody tr")
        assert visits.count() == 2
        row = visits.first.inner_text()
        assert text["reason"] in row and text["booked"] in row and text["notice"] in row
        assert not re.search(r"\d{4}-\d\d", row)  # times read as on the other pages
        assert (
            page.locator("section[aria-labelledby=person-reads]")
            .get_by_text(text["read"])
            .first.is_visible()
        )
        _fits(page, width)
        # The download: codes and ISO times, the same in every language.
        download = page.get_by_role("link", name=text["json"]).get_attribute("href")
        data = page.request.get(live_server.url + download).json()
        assert data["records"][0]["phone"] == "+33612345678"
        assert [a["status"] for a in data["appointments"]] == ["booked", "booked"]
        assert clicks == 4  # home → form → mail link → one appointment
        context.close()
    assert len(mail.outbox) == sent + 2
    assert other.patient.email not in {to for message in mail.outbox for to in message.to}
    assert Patient.objects.filter(email="camille@example.org").count() == 1


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []


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
    browser, live_server, english_texts, actors, lang, width
):
    """Issue 25: relatives were retyped on every booking. From her verified
    link, the booking form offers the people her address booked for."""
    from scheduling.models import Booking
    from scheduling.selectors.links import person_path

    text = RELATIVE[lang]
    prefix = "" if lang == "fr" else "/en"
    agenda = actors.neuro_agenda
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
