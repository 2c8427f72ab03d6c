"""A patient books in Chromium; a secretary moves the appointment in the
admin; the patient's mail carries the updated calendar event (same UID,
SEQUENCE 1) and her private link shows the new time; she then moves it
herself, five weeks on, on the move page's week grid (axe-clean at 390 and
1,280 px). Mail leaves through the database task worker, as in production."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import dateformat, timezone, translation
from guardian.shortcuts import assign_perm
from icalendar import Calendar

from scheduling.models import Booking, Slot
from tests import factories as f
from tests.helpers import DATABASE_TASKS, axe_violations, run_worker, sign_in_without_waiting

pytestmark = pytest.mark.django_db(transaction=True)


def _event(message):
    calendar = Calendar.from_ical(message.attachments[0].get_payload(decode=True))
    return str(calendar["method"]), calendar.walk("VEVENT")[0]


def _french(moment) -> str:
    with translation.override("fr"):
        return dateformat.format(timezone.localtime(moment), "j F Y, H:i")


def test_a_secretary_moves_a_booking_and_the_patient_sees_the_new_time(
    browser, live_server, actors, settings
):
    settings.TASKS = DATABASE_TASKS
    department = actors.neuro_agenda.department
    department.phone = "01 42 16 00 00"
    department.save()
    secretary = f.user("secretaire")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, department)
    free = Slot.objects.free().filter(
        agenda=actors.neuro_agenda, start__gte=timezone.now() + datetime.timedelta(days=3)
    )
    slot, target = free.order_by("start")[0], free.order_by("start")[10]

    # The patient books and confirms in her browser.
    patient = browser.new_context(bypass_csp=True).new_page()  # axe-core is injected
    patient.set_default_timeout(15_000)
    patient.goto(f"{live_server.url}/book/{slot.pk}/")
    patient.get_by_label(re.compile("première visite", re.I)).check()
    patient.get_by_label(re.compile("Première consultation")).check()
    patient.get_by_label(re.compile("prénom", re.I)).fill("Camille")
    patient.get_by_label(re.compile("nom de famille", re.I)).fill("Roux")
    patient.get_by_label(re.compile("naissance", re.I)).fill("1985-03-02")
    patient.get_by_label(re.compile("e-mail", re.I)).fill("camille@example.org")
    patient.get_by_label(re.compile("téléphone", re.I)).fill("06 12 34 56 78")
    patient.locator("input[name=consent]").check()
    patient.get_by_role("button", name="Continuer").click()
    patient.wait_for_url("**/book/confirm/**")
    run_worker()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)
    patient.locator("input[name=code]").fill(code)
    patient.get_by_role("button", name="Confirmer le rendez-vous").click()
    patient.wait_for_url("**/appointment/**")
    link = patient.url
    run_worker()
    method, event = _event(mail.outbox[-1])
    uid = str(event["uid"])
    assert (method, event["sequence"]) == ("REQUEST", 0)
    booking = Booking.objects.get(patient__email="camille@example.org")

    # The secretary moves it in the admin; the screen says the patient will be told.
    staff = browser.new_context().new_page()
    staff.set_default_timeout(15_000)
    sign_in_without_waiting(
        staff,
        f"{live_server.url}/admin/login/?next=/admin/scheduling/booking/{booking.pk}/move/",
        "secretaire",
    )
    staff.wait_for_url("**/move/")
    assert "camille@example.org" in staff.content()
    staff.locator("select[name=slot]").select_option(value=str(target.pk))
    staff.locator("#content form button[type=submit]").click()
    staff.wait_for_url("**/change/")
    run_worker()

    # Her mail carries the updated event; her link shows the new time.
    moved = mail.outbox[-1]
    method, event = _event(moved)
    assert (method, str(event["uid"]), event["sequence"]) == ("REQUEST", uid, 1)
    assert event.decoded("dtstart") == target.start
    assert moved.to == ["camille@example.org"] and "01 42 16 00 00" in moved.body
    patient.goto(link)
    content = patient.content()
    assert _french(target.start) in content and "annulé" not in content
    assert patient.url == link

    # She moves it again herself, on a week like the booking page's, five
    # weeks on (beyond the two weeks the old list reached); the page stays
    # accessible on a phone and a desktop.
    later = Slot.objects.free().filter(
        agenda=actors.neuro_agenda, start__gte=timezone.now() + datetime.timedelta(weeks=5)
    )
    far = later.order_by("start").first()
    patient.get_by_role("link", name="Déplacer ce rendez-vous").click()
    patient.wait_for_url("**/move/")
    clicks = 0
    while patient.locator(f"#slot-{far.pk}").count() == 0:
        patient.get_by_role("link", name="Semaine suivante").click()
        patient.wait_for_load_state()
        clicks += 1
        assert clicks <= 8
    with translation.override("fr"):
        weekday = dateformat.format(timezone.localtime(far.start), "l j F")
    assert weekday in patient.content()
    for width, height in ((390, 844), (1280, 800)):
        patient.set_viewport_size({"width": width, "height": height})
        assert patient.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(patient) == [], width
    patient.locator(f"#slot-{far.pk}").check()
    patient.get_by_role("button", name="Déplacer à cet horaire").click()
    patient.wait_for_url(link)
    run_worker()
    assert _french(far.start) in patient.content()
    assert _event(mail.outbox[-1])[1].decoded("dtstart") == far.start
