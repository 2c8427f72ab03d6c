"""The practitioner's week calendar: appointments with patient and reason,
free and closed slots, closing and opening from it, and destructive changes
(closing a slot, ending hours, an absence) that ask first — an absence
showing which patients will be told."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from scheduling.models import Absence, Booking, OpeningRule
from tests import factories as f
from tests.helpers import messages_of, signed_in

pytestmark = pytest.mark.django_db


def _next_week_at(hour: int, weekday: int = 1) -> datetime.datetime:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    day = monday + datetime.timedelta(days=weekday)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _week(client, when: datetime.datetime):
    return client.get("/portal/week/", {"week": timezone.localdate(when).isoformat()})


def test_week_shows_appointments_free_and_closed_slots_of_mine_only(client, world):
    agenda = world["agenda_x"]
    booked = f.booking(f.slot(agenda, start=_next_week_at(9)), world["reason_x"])
    free = f.slot(agenda, start=_next_week_at(10))
    closed = f.slot(agenda, start=_next_week_at(11))
    closed.status = "closed"
    closed.save()
    theirs = f.booking(
        f.slot(world["agenda_y"], start=_next_week_at(9)), patient=f.patient(last_name="Other")
    )
    page = _week(signed_in(client, world["x_user"]), free.start).content.decode()
    assert str(booked.patient) in page and world["reason_x"].label in page
    assert f"/slots/{free.pk}/" in page and f"/slots/{closed.pk}/" in page
    assert 'class="cal-free"' in page and 'class="cal-closed"' in page
    assert str(theirs.patient) not in page and f"/slots/{theirs.slot_id}/" not in page


def test_closing_a_slot_from_the_week_asks_first_then_returns_to_the_week(client, world):
    agenda = world["agenda_x"]
    slot = f.slot(agenda, start=_next_week_at(10))
    url = f"/portal/agendas/{agenda.pk}/slots/{slot.pk}/"
    data = {"open": "0", "back": "week", "week": slot.local_date.isoformat()}
    question = signed_in(client, world["x_user"]).post(url, data)
    slot.refresh_from_db()
    assert question.status_code == 200 and slot.status == "open"
    assert 'name="confirm" value="1"' in question.content.decode()
    done = client.post(url, {**data, "confirm": "1"})
    slot.refresh_from_db()
    assert slot.status == "closed"
    assert done["Location"] == f"/portal/week/?week={slot.local_date.isoformat()}"
    client.post(url, {"open": "1", "back": "week"})  # opening is not destructive: at once
    slot.refresh_from_db()
    assert slot.status == "open"


def test_ending_hours_asks_first(client, world):
    agenda = world["agenda_x"]
    rule = OpeningRule.objects.create(
        agenda=agenda,
        weekday=2,
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        valid_from=timezone.localdate(),
    )
    url = f"/portal/agendas/{agenda.pk}/rules/{rule.pk}/end/"
    assert signed_in(client, world["x_user"]).post(url).status_code == 200
    rule.refresh_from_db()
    assert rule.valid_until is None
    client.post(url, {"confirm": "1"})
    rule.refresh_from_db()
    assert rule.valid_until is not None


def test_absence_over_bookings_shows_who_will_be_told_before_it_is_added(client, world):
    agenda = world["agenda_x"]
    told = f.booking(
        f.slot(agenda, start=_next_week_at(9)),
        patient=f.patient(last_name="Aubert", email="a@example.org"),
    )
    unreachable = f.booking(
        f.slot(agenda, start=_next_week_at(10)), patient=f.patient(last_name="Barre", email="")
    )
    outside = f.booking(f.slot(agenda, start=_next_week_at(9, weekday=3)))
    data = {
        "start": f"{told.slot.local_date.isoformat()}T08:00",
        "end": f"{told.slot.local_date.isoformat()}T12:00",
        "label": "Congrès",
    }
    signed_in(client, world["x_user"])
    assert client.get(f"/portal/agendas/{agenda.pk}/absences/new/").status_code == 200
    preview = client.post(f"/portal/agendas/{agenda.pk}/absences/", data).content.decode()
    assert not Absence.objects.exists()
    assert "AUBERT" in preview and "a@example.org" in preview
    assert "BARRE" in preview and "please call them" in preview
    assert str(outside.patient) not in preview.split('id="affected-title"')[1]
    page = client.post(
        f"/portal/agendas/{agenda.pk}/absences/", {**data, "confirm": "1"}, follow=True
    )
    assert "flagged to rebook" in messages_of(page)
    flagged = set(Booking.objects.filter(to_rebook=True).values_list("pk", flat=True))
    assert flagged == {told.pk, unreachable.pk}


def test_another_practitioners_objects_are_404_from_the_new_pages(client, world):
    theirs = f.slot(world["agenda_y"], start=_next_week_at(9))
    agenda_y = world["agenda_y"]
    signed_in(client, world["x_user"])
    assert client.get(f"/portal/agendas/{agenda_y.pk}/absences/new/").status_code == 404
    assert client.get(f"/portal/agendas/{agenda_y.pk}/hours/").status_code == 404
    url = f"/portal/agendas/{agenda_y.pk}/slots/{theirs.pk}/"
    assert client.post(url, {"open": "0", "confirm": "1", "back": "week"}).status_code == 404
    mine = world["agenda_x"]
    assert client.post(f"/portal/agendas/{mine.pk}/slots/{theirs.pk}/", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"


WEEK_QUERIES = {"sqlite": 9, "postgresql": 11}


@pytest.mark.parametrize("per_day", [1, 8])
def test_week_costs_the_same_whatever_it_holds(client, world, per_day, django_assert_num_queries):
    agenda = world["agenda_x"]
    for weekday in range(5):
        for n in range(per_day):
            slot = f.slot(agenda, start=_next_week_at(8, weekday) + datetime.timedelta(hours=n))
            if n % 2:
                f.booking(slot, world["reason_x"])
    signed_in(client, world["x_user"])
    _week(client, _next_week_at(8))
    with django_assert_num_queries(WEEK_QUERIES[connection.vendor]):
        page = _week(client, _next_week_at(8))
    assert page.content.decode().count('class="cal-free"') == 5 * (per_day - per_day // 2)


def test_weekly_hours_form_shows_today_in_its_date_field(client, world):
    agenda = world["agenda_x"]
    page = signed_in(client, world["x_user"]).get(f"/portal/agendas/{agenda.pk}/hours/")
    page = page.content.decode()
    assert f'name="valid_from" value="{timezone.localdate().isoformat()}"' in page
