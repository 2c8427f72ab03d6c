"""The practitioner's week calendar: appointments with patient and reason,
free and closed slots, closing and opening from it, and destructive changes
(closing a slot, ending hours, an absence) that ask first — an absence
showing which patients will be told."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scheduling.models import Absence, Booking, OpeningRule
from tests import factories as f
from tests.helpers import messages_of, nodes_rendered, signed_in

pytestmark = pytest.mark.django_db


def _next_week_at(hour: int, weekday: int = 1) -> datetime.datetime:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    day = monday + datetime.timedelta(days=weekday)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _week(client, when: datetime.datetime):
    return client.get("/portal/week/", {"week": timezone.localdate(when).isoformat()})


def test_week_shows_appointments_free_and_closed_slots_of_mine_only(client, dr_xavier, dr_yilmaz):
    agenda = dr_xavier.agenda
    booked = f.booking(f.slot(agenda, start=_next_week_at(9)), dr_xavier.reason)
    free = f.slot(agenda, start=_next_week_at(10))
    closed = f.slot(agenda, start=_next_week_at(11))
    closed.status = "closed"
    closed.save()
    theirs = f.booking(
        f.slot(dr_yilmaz.agenda, start=_next_week_at(9)), patient=f.patient(last_name="Other")
    )
    page = _week(signed_in(client, dr_xavier.user), free.start).content.decode()
    assert str(booked.patient) in page and dr_xavier.reason.label in page
    assert f"/slots/{free.pk}/" in page and f"/slots/{closed.pk}/" in page
    assert 'class="cal-free"' in page and 'class="cal-closed"' in page
    assert str(theirs.patient) not in page and f"/slots/{theirs.slot_id}/" not in page


def test_closing_a_slot_from_the_week_asks_first_then_returns_to_the_week(client, dr_xavier):
    agenda = dr_xavier.agenda
    slot = f.slot(agenda, start=_next_week_at(10))
    url = f"/portal/agendas/{agenda.pk}/slots/{slot.pk}/"
    data = {"open": "0", "back": "week", "week": slot.local_date.isoformat()}
    question = signed_in(client, dr_xavier.user).post(url, data)
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


def test_ending_hours_asks_first(client, dr_xavier):
    agenda = dr_xavier.agenda
    rule = OpeningRule.objects.create(
        agenda=agenda,
        weekday=2,
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        valid_from=timezone.localdate(),
    )
    url = f"/portal/agendas/{agenda.pk}/rules/{rule.pk}/end/"
    assert signed_in(client, dr_xavier.user).post(url).status_code == 200
    rule.refresh_from_db()
    assert rule.valid_until is None
    client.post(url, {"confirm": "1"})
    rule.refresh_from_db()
    assert rule.valid_until is not None


def test_absence_over_bookings_shows_who_will_be_told_before_it_is_added(client, dr_xavier):
    agenda = dr_xavier.agenda
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
    signed_in(client, dr_xavier.user)
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


def test_another_practitioners_objects_are_404_from_the_new_pages(client, dr_xavier, dr_yilmaz):
    theirs = f.slot(dr_yilmaz.agenda, start=_next_week_at(9))
    agenda_y = dr_yilmaz.agenda
    signed_in(client, dr_xavier.user)
    assert client.get(f"/portal/agendas/{agenda_y.pk}/absences/new/").status_code == 404
    assert client.get(f"/portal/agendas/{agenda_y.pk}/hours/").status_code == 404
    url = f"/portal/agendas/{agenda_y.pk}/slots/{theirs.pk}/"
    assert client.post(url, {"open": "0", "confirm": "1", "back": "week"}).status_code == 404
    mine = dr_xavier.agenda
    assert client.post(f"/portal/agendas/{mine.pk}/slots/{theirs.pk}/", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"


WEEK_QUERIES = {"sqlite": 5, "postgresql": 7}


@pytest.mark.parametrize("per_day", [1, 8])
def test_week_costs_the_same_whatever_it_holds(
    client, dr_xavier, per_day, django_assert_num_queries
):
    agenda = dr_xavier.agenda
    for weekday in range(5):
        for n in range(per_day):
            slot = f.slot(agenda, start=_next_week_at(8, weekday) + datetime.timedelta(hours=n))
            if n % 2:
                f.booking(slot, dr_xavier.reason)
    signed_in(client, dr_xavier.user)
    _week(client, _next_week_at(8))
    with django_assert_num_queries(WEEK_QUERIES[connection.vendor]):
        page = _week(client, _next_week_at(8))
    assert page.content.decode().count('class="cal-free"') == 5 * (per_day - per_day // 2)


def test_weekly_hours_form_shows_today_in_its_date_field(client, dr_xavier):
    agenda = dr_xavier.agenda
    page = signed_in(client, dr_xavier.user).get(f"/portal/agendas/{agenda.pk}/hours/")
    page = page.content.decode()
    assert f'name="valid_from" value="{timezone.localdate().isoformat()}"' in page


def test_the_week_renders_as_many_template_nodes_whatever_it_holds(client, dr_xavier):
    """Issue 23: each slot through the template engine (its tags, a {% url %},
    a {% csrf_token %}) kept the week at 0.09-0.12x the floor page; the days
    are written out in Python (portal/week_cells.py), so the template's work
    does not grow with the slots of a row."""
    agenda = dr_xavier.agenda
    signed_in(client, dr_xavier.user)
    for weekday in range(2):
        f.booking(f.slot(agenda, start=_next_week_at(9, weekday)), dr_xavier.reason)
        f.slot(agenda, start=_next_week_at(10, weekday))
    few, _page = nodes_rendered(lambda: _week(client, _next_week_at(8)))
    for weekday in range(2, 5):
        f.booking(f.slot(agenda, start=_next_week_at(9, weekday)), dr_xavier.reason)
        f.slot(agenda, start=_next_week_at(10, weekday))
    more, page = nodes_rendered(lambda: _week(client, _next_week_at(8)))
    assert page.content.decode().count('class="cal-booked"') == 5
    assert more == few


def test_what_the_week_shows_is_escaped_and_each_slot_has_its_form(client, dr_xavier):
    agenda = dr_xavier.agenda
    patient = f.patient(last_name="<script>O'Hara</script>", first_name="Zoé")
    reason = f.reason(agenda, label="Suivi <b>&</b>")
    booked = f.booking(f.slot(agenda, start=_next_week_at(9)), reason, patient=patient)
    free = f.slot(agenda, start=_next_week_at(10))
    closed = f.slot(agenda, start=_next_week_at(11), status="closed")
    page = _week(signed_in(client, dr_xavier.user), booked.slot.start).content.decode()
    assert "<script>" not in page.lower() and "<b>&" not in page
    assert "<strong>&lt;SCRIPT&gt;O&#x27;HARA&lt;/SCRIPT&gt; Zoé</strong>" in page
    assert "<span>Suivi &lt;b&gt;&amp;&lt;/b&gt;</span>" in page
    monday = booked.slot.local_date - datetime.timedelta(days=booked.slot.local_date.weekday())
    for slot, opens in ((free, "0"), (closed, "1")):
        form = page.split(f'action="/portal/agendas/{agenda.pk}/slots/{slot.pk}/"')[1]
        form = form.split("</form>")[0]
        assert f'name="open" value="{opens}"' in form
        assert f'name="week" value="{monday.isoformat()}"' in form
        assert 'name="csrfmiddlewaretoken"' in form


def test_a_practitioner_in_three_departments_costs_the_week_what_one_does(
    client, actors, dr_xavier
):
    """The menu names each agenda by its department and hospital: read with
    the agendas (templatetags/portal.py), not two queries more per agenda;
    the week's slots name their department from the same query as the slot."""
    signed_in(client, dr_xavier.user)
    f.slot(dr_xavier.agenda, start=_next_week_at(9))
    with CaptureQueriesContext(connection) as one:
        _week(client, _next_week_at(9))
    for name in ("Angiologie", "Rythmologie"):
        agenda = f.agenda(dr_xavier.practitioner, f.department(actors.hospital, name=name))
        f.slot(agenda, start=_next_week_at(11))
    with CaptureQueriesContext(connection) as three:
        page = _week(client, _next_week_at(9)).content.decode()
    assert page.count('class="cal-where"') == 3 and "Rythmologie" in page
    assert len(three) == len(one)
