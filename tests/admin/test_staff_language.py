"""Staff choose the admin's and the call-centre console's language (issue 25):
French, the institution's, until they pick English in the header; the choice
is kept in the language cookie and honoured on every staff page. The public
site stays French at / and English at /en/ whatever the cookie says, and the
per-object checks, CSRF and the audit trail are those of French pages."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from audit.models import Event
from scheduling.models import CallCentre, CallCentreAgent
from scheduling.roles import CALL_CENTRE
from tests import factories as f
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

ENGLISH_ADMIN = "Appointments and agendas"
FRENCH_ADMIN = "Rendez-vous et agendas"


@pytest.fixture(autouse=True)
def french_institution(settings):
    """The institution as deployed: French unless the staff member chose."""
    settings.LANGUAGE_CODE = "fr"


def _choose(client: Client, language: str, next_url: str = "/admin/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_the_admin_is_french_until_the_staff_member_chooses(client, actors):
    signed_in(client, actors.secretary)
    page = client.get("/admin/")
    assert FRENCH_ADMIN in page.content.decode() and page["Content-Language"] == "fr"
    assert 'id="staff-language"' in page.content.decode()  # the switch, in the header


def test_english_chosen_in_the_header_stays_on_every_staff_page(client, actors):
    signed_in(client, actors.secretary)
    answer = _choose(client, "en", "/admin/scheduling/booking/")
    assert answer.status_code == 302 and answer["Location"] == "/admin/scheduling/booking/"
    cookie = answer.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 30 * 24 * 3600  # kept, not per visit
    for url in ("/admin/", "/admin/scheduling/booking/", "/admin/scheduling/booking/board/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert '<html lang="en"' in page.content.decode(), url
        assert page["Content-Language"] == "en" and "Cookie" in page["Vary"], url
    assert ENGLISH_ADMIN in client.get("/admin/").content.decode()


def test_the_login_page_follows_the_choice_before_signing_in(client):
    french = client.get("/admin/login/").content.decode()
    assert "Connexion" in french and 'id="staff-language"' in french  # the switch
    _choose(client, "en", "/admin/login/")
    page = client.get("/admin/login/").content.decode()
    assert '<html lang="en"' in page and "Log in" in page


def test_back_to_french(client, actors):
    signed_in(client, actors.secretary)
    _choose(client, "en")
    _choose(client, "fr")
    assert FRENCH_ADMIN in client.get("/admin/").content.decode()


def test_the_call_centre_console_follows_the_choice(client, actors):
    team = CallCentre.objects.create(name="Centre Nord")
    team.establishments.add(actors.hospital)
    agent = f.user("agent")
    agent.groups.add(Group.objects.get(name=CALL_CENTRE))
    CallCentreAgent.objects.create(user=agent, call_centre=team)
    signed_in(client, agent)
    assert "Nouvel appel" in client.get("/call-centre/").content.decode()
    _choose(client, "en", "/call-centre/")
    page = client.get("/call-centre/").content.decode()
    assert '<html lang="en">' in page and "New call" in page


def test_the_public_site_follows_its_address_not_the_cookie(client, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    _choose(client, "en", "/en/")
    assert '<html lang="fr">' in client.get("/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()
    _choose(client, "fr", "/")
    assert '<html lang="en">' in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    ("cookie", "header"), [("", "en-GB,en;q=0.9"), ("de", ""), ("en-us<script>", "")]
)
def test_only_a_chosen_known_language_changes_the_staff_pages(client, actors, cookie, header):
    """A workstation's browser language is no choice of the person signed in."""
    signed_in(client, actors.secretary)
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=header)
    assert FRENCH_ADMIN in page.content.decode() and page["Content-Language"] == "fr"


def test_choosing_needs_the_forms_csrf_token(actors):
    client = Client(enforce_csrf_checks=True)
    signed_in(client, actors.secretary)
    assert _choose(client, "en").status_code == 403
    assert FRENCH_ADMIN in client.get("/admin/").content.decode()


def test_in_english_another_departments_booking_is_still_a_404(client, actors):
    theirs = f.booking(f.slot(f.agenda(department_=actors.neuro)))
    signed_in(client, actors.secretary)  # cardiology only
    _choose(client, "en")
    assert client.get(f"/admin/scheduling/booking/{theirs.pk}/change/").status_code == 404
    assert client.get("/admin/scheduling/booking/").context["cl"].result_count == 0


@pytest.mark.django_db(transaction=True)  # PostgreSQL seals the trail at COMMIT
def test_in_english_the_trail_records_the_staff_member_as_in_french(client, actors):
    ours = f.booking(f.slot(actors.agenda), patient=f.patient(last_name="Avril"))
    signed_in(client, actors.secretary)
    _choose(client, "en")
    since = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    page = client.get(f"/admin/scheduling/patient/{ours.patient_id}/change/")
    assert page.status_code == 200 and '<html lang="en"' in page.content.decode()
    read = Event.objects.get(seq__gt=since, object_type="scheduling_patient")
    assert (read.action, read.channel) == ("read", "admin")
    assert f"user:{actors.secretary.pk}" in read.actor
