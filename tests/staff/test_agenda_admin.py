"""The admin changes agendas through the portal's services: the same refusals,
naming the bookings in the way, and the same effects at once."""

import datetime

import pytest
from django.utils import timezone

from scheduling.models import Absence, OpeningRule, Slot
from scheduling.services import agendas
from tests import factories as f
from tests.helpers import in_hours, messages_of

pytestmark = pytest.mark.django_db


def _absence(agenda, start: datetime.datetime, hours: int) -> dict:
    start, end = (
        timezone.localtime(start),
        timezone.localtime(start) + datetime.timedelta(hours=hours),
    )
    return {
        "agenda": agenda.pk,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "label": "Congrès",
    }


def test_an_absence_over_a_booking_flags_it_to_rebook(client, cardio_desk):
    booking = f.booking(f.slot(cardio_desk.agenda, start=in_hours(48)))
    page = client.post(
        "/admin/scheduling/absence/add/",
        _absence(cardio_desk.agenda, booking.slot.start - datetime.timedelta(hours=1), 3),
        follow=True,
    )
    assert "flagged to rebook" in messages_of(page)
    assert Absence.objects.count() == 1
    booking.refresh_from_db()
    assert booking.to_rebook


def test_an_absence_closes_its_free_slots_at_once(client, cardio_desk):
    inside, outside = (
        f.slot(cardio_desk.agenda, start=in_hours(48)),
        f.slot(cardio_desk.agenda, start=in_hours(96)),
    )
    response = client.post(
        "/admin/scheduling/absence/add/",
        _absence(cardio_desk.agenda, inside.start - datetime.timedelta(hours=1), 3),
    )
    assert response.status_code == 302
    inside.refresh_from_db(), outside.refresh_from_db()
    assert Absence.objects.get().label == "Congrès"
    assert (inside.status, outside.status) == (Slot.Status.CLOSED, Slot.Status.OPEN)


def test_closing_a_booked_slot_in_the_admin_is_refused_naming_it(client, cardio_desk):
    booking = f.booking(f.slot(cardio_desk.agenda, start=in_hours(48)))
    page = client.post(
        f"/admin/scheduling/slot/{booking.slot_id}/change/", {"status": "closed"}, follow=True
    )
    assert booking.public_id.hex[:8] in messages_of(page)
    assert Slot.objects.get(pk=booking.slot_id).status == Slot.Status.OPEN


def test_closing_a_started_slot_in_the_admin_is_refused_in_words(client, cardio_desk):
    """A slot that has started is history (the routing report counts it): the
    admin says so, rather than failing on the database's refusal."""
    started = f.started_slot(cardio_desk.agenda)
    page = client.post(f"/admin/scheduling/slot/{started.pk}/change/", {"status": "closed"})
    assert page.status_code == 200
    assert "This slot has started" in page.content.decode()
    assert Slot.objects.get(pk=started.pk).status == Slot.Status.OPEN


def test_a_longer_duration_in_the_admin_is_refused_naming_the_booking(client, cardio_desk):
    reason = cardio_desk.reason
    booking = f.booking(f.slot(cardio_desk.agenda, start=in_hours(48), minutes=20), reason)
    page = client.post(
        f"/admin/scheduling/visitreason/{reason.pk}/change/",
        {
            "label": reason.label,
            "duration_minutes": 45,
            "online_bookable": "on",
            "for_new_patients": "on",
            "for_returning_patients": "on",
            "instructions": "",
        },
        follow=True,
    )
    assert booking.public_id.hex[:8] in messages_of(page)
    reason.refresh_from_db()
    assert reason.duration_minutes == 20


def test_weekly_hours_added_in_the_admin_open_their_slots(client, cardio_desk):
    response = client.post(
        "/admin/scheduling/openingrule/add/",
        {
            "agenda": cardio_desk.agenda.pk,
            "weekday": 2,
            "start_time": "14:00",
            "end_time": "16:00",
            "valid_from": timezone.localdate().isoformat(),
            "valid_until": "",
            "reasons": [cardio_desk.reason.pk],
        },
    )
    assert response.status_code == 302
    rule = OpeningRule.objects.get(agenda=cardio_desk.agenda, weekday=2)
    assert Slot.objects.filter(rule=rule).count() >= 6 * 10  # six 20-minute slots, ~12 Wednesdays


def test_the_weekly_hours_form_lists_the_agendas_own_reasons_each_named(client, cardio_desk):
    """Issue 25: the form listed ~94 look-alike reasons of every agenda in scope."""
    neighbour = f.agenda(f.practitioner(last_name="Voisine"), cardio_desk.agenda.department)
    theirs = f.reason(neighbour, label="Consultation")
    blank = client.get("/admin/scheduling/openingrule/add/")
    assert list(blank.context["adminform"].form.fields["reasons"].queryset) == []
    assert "Choose the agenda first" in blank.text
    page = client.get(f"/admin/scheduling/openingrule/add/?agenda={cardio_desk.agenda.pk}")
    field = page.context["adminform"].form.fields["reasons"]
    assert list(field.queryset) == [cardio_desk.reason]
    label = field.label_from_instance(cardio_desk.reason)
    assert str(cardio_desk.agenda.practitioner) in label and "Cardiologie" in label
    assert theirs not in field.queryset and "Voisine" not in page.text
    agenda_page = client.get(f"/admin/scheduling/agenda/{cardio_desk.agenda.pk}/change/")
    assert f"/admin/scheduling/openingrule/add/?agenda={cardio_desk.agenda.pk}" in agenda_page.text


def test_a_last_day_before_a_booking_given_in_the_admin_is_refused_naming_it(client, cardio_desk):
    booking = f.booking(f.slot(cardio_desk.agenda, start=in_hours(72)))
    page = client.post(
        f"/admin/scheduling/openingrule/{booking.slot.rule_id}/change/",
        {"valid_until": timezone.localdate().isoformat()},
        follow=True,
    )
    assert booking.public_id.hex[:8] in messages_of(page)
    assert OpeningRule.objects.get(pk=booking.slot.rule_id).valid_until is None


def test_removing_an_absence_in_the_admin_reopens_its_slots(admin_client, cardio_desk):
    agendas.add_rule(
        cardio_desk.agenda,
        weekday=timezone.localdate().weekday(),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        valid_from=timezone.localdate(),
        valid_until=None,
        reasons=[cardio_desk.reason],
        by=None,
    )
    slot = Slot.objects.filter(agenda=cardio_desk.agenda, start__gte=in_hours(48)).first()
    admin_client.post(
        "/admin/scheduling/absence/add/",
        _absence(cardio_desk.agenda, slot.start - datetime.timedelta(hours=1), 3),
    )
    absence = Absence.objects.get()
    admin_client.post(f"/admin/scheduling/absence/{absence.pk}/delete/", {"post": "yes"})
    slot.refresh_from_db()
    assert not Absence.objects.exists() and slot.status == Slot.Status.OPEN


def test_agendas_rules_reasons_and_slots_are_never_deleted_in_the_admin(admin_client, cardio_desk):
    slot = f.slot(cardio_desk.agenda, start=in_hours(48))
    for url in [
        f"/admin/scheduling/slot/{slot.pk}/delete/",
        f"/admin/scheduling/openingrule/{slot.rule_id}/delete/",
        f"/admin/scheduling/visitreason/{cardio_desk.reason.pk}/delete/",
    ]:
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_the_add_and_change_pages_render(admin_client, cardio_desk):
    slot = f.slot(cardio_desk.agenda, start=in_hours(48))
    absence = agendas.add_absence(
        cardio_desk.agenda, start=in_hours(200), end=in_hours(201), label="", by=None
    ).absence
    pages = {
        "slot": slot.pk,
        "openingrule": slot.rule_id,
        "visitreason": cardio_desk.reason.pk,
        "absence": absence.pk,
    }
    for model, pk in pages.items():
        assert admin_client.get(f"/admin/scheduling/{model}/add/").status_code == 200, model
        assert admin_client.get(f"/admin/scheduling/{model}/{pk}/change/").status_code == 200, model
    agenda = admin_client.get(f"/admin/scheduling/agenda/{cardio_desk.agenda.pk}/change/")
    assert cardio_desk.reason.label in agenda.content.decode()


def test_an_agenda_saves_with_its_reasons_shown_read_only(admin_client, cardio_desk):
    agenda = cardio_desk.agenda
    page = admin_client.get(f"/admin/scheduling/agenda/{agenda.pk}/change/")
    data = {
        "practitioner": agenda.practitioner_id,
        "department": agenda.department_id,
        "is_active": "",
        **{
            f"reasons-{key}": value
            for key, value in page.context["inline_admin_formsets"][
                0
            ].formset.management_form.initial.items()
        },
    }
    assert (
        admin_client.post(f"/admin/scheduling/agenda/{agenda.pk}/change/", data).status_code == 302
    )
    agenda.refresh_from_db()
    assert not agenda.is_active and agenda.reasons.get() == cardio_desk.reason
