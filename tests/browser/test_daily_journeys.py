"""Points of issue 25 that had no English or phone-width journey, in real
Chromium, French and English, at 1,280 and 390 px, axe-core clean, clicks
counted: a misspelt specialty offers the one meant (and its page reads in the
visitor's language); inside the cancellation cutoff, the appointment's page
offers neither Move nor Cancel but says whom to call; the move page's week
grid; the waiting list joined, left, and a freed slot offered and taken; the
practitioner warned of a reason bookable online that no weekly hours carry."""

import datetime
import re

import pytest
from django.utils import timezone

from scheduling.selectors.links import manage_path
from tests import factories as f
from tests.helpers import axe_violations

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
    did_you_mean = page.get_by_text(TEXT[lang]["did_you_mean"])
    did_you_mean.wait_for()  # the click returns before the results page has loaded
    assert did_you_mean.is_visible()
    _fits(page, width)
    name = {"fr": "Neurochirurgie", "en": "Neurosurgery"}[lang]
    page.get_by_role("link", name=name, exact=True).click()
    clicks += 1
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("link", name="Dr Nadia Neuro").first.is_visible()
    _fits(page, width)
    assert clicks == 2  # search, the specialty meant
    context.close()


def _free_time_within_the_cutoff(agenda) -> datetime.datetime:
    """A start 2 to 20 hours from now that none of the agenda's generated
    slots overlaps (they fill the weekday mornings: a fixed "now + 5 h" falls
    among them when the suite runs at dawn)."""
    from scheduling.models import Slot

    now = timezone.now().replace(second=0, microsecond=0)
    for quarter in range(8, 80):
        start = now + datetime.timedelta(minutes=15 * quarter)
        end = start + datetime.timedelta(minutes=20)
        if not Slot.objects.filter(agenda=agenda, start__lt=end, end__gt=start).exists():
            return start
    raise AssertionError("no free time within the cutoff")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_inside_the_cutoff_the_appointment_offers_no_move_or_cancel(
    browser, live_server, english_texts, actors, lang, width
):
    prefix = "" if lang == "fr" else "/en"
    soon = f.slot(actors.neuro_agenda, start=_free_time_within_the_cutoff(actors.neuro_agenda))
    booking = f.booking(soon, actors.first_visit)
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
    browser, live_server, english_texts, actors, width
):
    """The move page's week grid in English (its French journey is in
    test_moved_appointment_journey.py): weekdays named, two weeks on."""
    from scheduling.models import Booking, Slot

    agenda = actors.neuro_agenda
    free = Slot.objects.free().filter(agenda=agenda).order_by("start")
    first = free.filter(start__gte=timezone.now() + datetime.timedelta(days=3)).first()
    booking = f.booking(first, actors.first_visit, patient=f.patient(language="en"))
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
    browser, live_server, english_texts, actors, lang, width
):
    """Issue 25: no confirmation on joining, no way to leave."""
    from django.core import mail

    from scheduling.models import Slot, WaitlistEntry

    text = WAITLIST[lang]
    prefix = "" if lang == "fr" else "/en"
    # Nothing free in the next ten days: the list is the way to an earlier slot.
    soon = timezone.now() + datetime.timedelta(days=10)
    Slot.objects.free().filter(agenda=actors.neuro_agenda, start__lt=soon).update(
        status=Slot.Status.CLOSED
    )
    context, page = _page(browser, width)
    page.goto(f"{live_server.url}{prefix}/practitioners/{actors.neurosurgeon.rpps}/")
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
    page.get_by_text(text["joined"]).wait_for()  # told on the page, once it has loaded
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
    page.locator("p.message-success[role=status]").wait_for()  # visible, or a timeout
    assert WaitlistEntry.objects.get().status == WaitlistEntry.Status.CLOSED
    _fits(page, width)
    # the list's link, reason, first visit, consent, join; the mail's link, leave
    assert clicks == 7
    context.close()


PORTAL = {
    "fr": {
        "reason": "Bilan pré-opératoire",
        "online": "Réservable en ligne",
        "save": "Enregistrer",
        "warning": "Aucun horaire hebdomadaire ne propose ce motif",
        "hours": "Modifier les horaires hebdomadaires",
        "add": "Ajouter cette plage",
        "back": "Retour à l'agenda",
    },
    "en": {
        "reason": "Pre-operative assessment",
        "online": "Bookable online",
        "save": "Save",
        "warning": "No weekly hours offer this reason",
        "hours": "Change the weekly hours",
        "add": "Add these hours",
        "back": "Back to the agenda",
    },
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_practitioner_is_warned_of_a_reason_no_hours_carry_and_mends_it_in_seven_clicks(
    browser, live_server, english_texts, actors, lang, width
):
    """Issue 25: a reason made bookable online with no weekly hours carrying
    it led to "no free slot" everywhere, the practitioner never told. Her
    agenda's page says so under the reason, in her language, and the hours
    page mends it; the reason reads in English on /en/ (it stayed French)."""
    from scheduling.models import VisitReason
    from scheduling.selectors.search import free_slots
    from tests.helpers import answered, sign_in

    text = PORTAL[lang]
    prefix = "" if lang == "fr" else "/en"
    agenda = actors.neuro_agenda
    assessment = VisitReason.objects.get(agenda=agenda, online_bookable=False)
    assessment.label_en = "Pre-operative assessment"
    assessment.save()
    doctor = actors.neurosurgeon
    doctor.user = f.user("dr_neuro", staff=False)
    doctor.save()
    context, page = _page(browser, width)
    detail = f"{prefix}/portal/agendas/{agenda.pk}/"
    sign_in(page, f"{live_server.url}{prefix}/portal/login/?next={detail}", "dr_neuro")
    assert page.url.endswith(detail)
    clicks = 0
    own = page.locator("fieldset", has=page.locator("legend", has_text=text["reason"]))
    assert own.count() == 1  # the reason named in the page's language
    own.get_by_label(text["online"]).check()
    answered(page, own.get_by_role("button", name=text["save"]).click)
    clicks += 2
    warned = page.locator("fieldset", has=page.locator("legend", has_text=text["reason"]))
    assert warned.locator("p.warning[role=status]").inner_text().startswith(text["warning"])
    assert page.locator("p.warning[role=status]").count() == 1  # only under that reason
    _fits(page, width)
    assert not free_slots(reason=assessment).exists()  # what patients found: nothing
    page.get_by_role("link", name=text["hours"]).click()
    clicks += 1
    page.wait_for_url(f"**{prefix}/portal/agendas/{agenda.pk}/hours/")
    _fits(page, width)
    page.locator("select[name=weekday]").select_option("5")  # Saturday
    page.locator("input[name=start_time]").fill("14:00")
    page.locator("input[name=end_time]").fill("16:00")
    page.get_by_label(re.compile(re.escape(text["reason"]))).check()
    answered(page, page.get_by_role("button", name=text["add"]).click)
    clicks += 3
    assert page.url.endswith(f"{prefix}/portal/agendas/{agenda.pk}/hours/")
    page.get_by_role("link", name=text["back"]).click()
    clicks += 1
    page.wait_for_url(f"**{detail}")
    assert page.locator("p.warning[role=status]").count() == 0
    _fits(page, width)
    assessment.refresh_from_db()
    assert assessment.online_bookable and assessment.opening_rules.filter(weekday=5).exists()
    assert free_slots(reason=assessment).exists()  # patients may book it now
    # online, save; the hours' link; the day, the reason, add; back
    assert clicks == 7
    context.close()


OFFER = {
    "fr": {
        "offered": "Un créneau plus tôt pour vous",
        "heading": "Un créneau pour vous",
        "take": "Prendre ce rendez-vous",
        "taken": "Le rendez-vous est à vous.",
        "confirmed": "Rendez-vous confirmé",
        "reason": "Première consultation",
    },
    "en": {
        "offered": "An earlier slot for you",
        "heading": "A slot for you",
        "take": "Take this appointment",
        "taken": "The appointment is yours.",
        "confirmed": "Appointment confirmed",
        "reason": "First consultation",
    },
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_freed_slot_offered_from_the_waiting_list_is_taken_in_two_clicks(
    browser, live_server, english_texts, actors, lang, width
):
    """Issue 25: the waiting list tells the patient at every change. Joined on
    the site's /en/, she is told of the freed slot in English, opens the
    offer on her phone and takes it; every mail is in her language."""
    from django.core import mail
    from django.utils import translation

    from scheduling.models import WaitlistEntry
    from scheduling.selectors.search import free_slots
    from scheduling.services import booking as service
    from scheduling.services import waitlist
    from scheduling.services.patients import PatientDetails

    text = OFFER[lang]
    prefix = "" if lang == "fr" else "/en"
    first = actors.first_visit
    with translation.override(lang):  # as the waiting-list form on her page does
        entry = waitlist.join(
            reason=first,
            patient=PatientDetails(
                "Alex", "Durand", datetime.date(1980, 5, 17), "alex@example.org"
            ),
            returning=False,
            wanted_before=timezone.localdate() + datetime.timedelta(days=60),
        )
    later = timezone.now() + datetime.timedelta(days=5)
    freed = service.book(
        slot=free_slots(reason=first, start=later).first(),
        reason=first,
        patient=f.patient(email="other@example.org"),
        channel="phone",
        returning=False,
    )
    service.cancel(freed, reason="Empêchement")  # the offer task runs once it commits
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    offered = [m for m in mail.outbox if m.to == ["alex@example.org"]][-1]
    assert offered.subject.startswith(text["offered"]) and text["reason"] in offered.body
    link = re.search(r"https?://[^/\s]+(\S*/waitlist/offer/\S+/)", offered.body).group(1)
    assert link.startswith(f"{prefix}/waitlist/offer/")
    context, page = _page(browser, width)
    page.goto(f"{live_server.url}{link}")  # the mail's link
    clicks = 1
    assert page.get_by_role("heading", level=1).inner_text() == text["heading"]
    assert page.get_by_text(text["reason"], exact=True).is_visible()
    _fits(page, width)
    page.get_by_role("button", name=text["take"]).click()
    clicks += 1
    page.wait_for_url(re.compile(rf"{prefix}/appointment/[^/]+/$"))
    assert page.locator("[role=status] .message-success").inner_text().startswith(text["taken"])
    _fits(page, width)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.BOOKED and entry.offer.slot == freed.slot
    told = [m.subject for m in mail.outbox if m.to == ["alex@example.org"]]
    assert len(told) == 3 and told[-1].startswith(text["confirmed"])  # joined, offered, booked
    assert clicks == 2  # the mail's link, take it
    context.close()
