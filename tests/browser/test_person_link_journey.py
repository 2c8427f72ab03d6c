"""A patient with two appointments to come asks, in Chromium, for the link to
all of them: the address she booked with and her birth date, one mail, one
page listing both, each opening its own private page; then her data. In
French (the site's default), on a desktop and on a phone, axe-core clean."""

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
