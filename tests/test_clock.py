"""The ``clock`` filter and the pages that use it: the two 02:30 of the
autumn clock change (last Sunday of October, Europe/Paris: 02:00-02:59 is
lived at UTC+2 then again at UTC+1) read differently; every other time reads
exactly as Django's ``date`` filter renders it (issue 25)."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from guardian.shortcuts import assign_perm

from hospital.models import Department
from scheduling.models import Booking
from scheduling.selectors.links import manage_path
from scheduling.templatetags.clock import ambiguous, clock
from tests import factories as f

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
# 2027-10-31 is the last Sunday of October 2027: 02:30 happens at 00:30 UTC
# (summer time, UTC+2) and again at 01:30 UTC (winter time, UTC+1).
FIRST_0230 = datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
SECOND_0230 = datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def _render(value, fmt="D j M H:i"):
    with timezone.override(PARIS), translation.override("en"):
        return Template('{% load clock %}{{ value|clock:"' + fmt + '" }}').render(
            Context({"value": value})
        )


def test_both_folds_of_an_ambiguous_time_are_told_apart():
    assert _render(FIRST_0230) == "Sun 31 Oct 02:30 (UTC+2)"
    assert _render(SECOND_0230) == "Sun 31 Oct 02:30 (UTC+1)"
    assert _render(FIRST_0230, "H:i") == "02:30 (UTC+2)"
    # The same wall time, given as local datetimes with zoneinfo's fold.
    wall = datetime.datetime(2026, 10, 25, 2, 30, tzinfo=PARIS)
    assert ambiguous(wall) and ambiguous(wall.replace(fold=1))
    assert clock(wall, "H:i") == "02:30 (UTC+2)"
    assert clock(wall.replace(fold=1), "H:i") == "02:30 (UTC+1)"


def test_every_other_time_renders_as_the_date_filter_does():
    for value in (
        datetime.datetime(2027, 10, 31, 2, 30, tzinfo=UTC),  # 03:30 UTC+1, after the change
        datetime.datetime(2027, 10, 30, 22, 59, tzinfo=UTC),  # 00:59 UTC+2, before it
        datetime.datetime(2027, 6, 1, 7, 0, tzinfo=UTC),
        datetime.datetime(2027, 1, 15, 8, 45, tzinfo=UTC),
    ):
        with timezone.override(PARIS), translation.override("en"):
            expected = Template('{{ value|date:"D j M H:i" }}').render(Context({"value": value}))
        assert _render(value) == expected
        assert "UTC" not in expected
    assert _render(datetime.date(2027, 10, 31), "D j M") == "Sun 31 Oct"
    assert _render(None) == ""


def test_the_spring_forward_gap_is_not_ambiguous():
    # 2027-03-28 02:30 does not exist in Paris: zoneinfo's two folds disagree
    # the other way round (01:00 UTC then 00:30 UTC); nobody is ever shown it.
    gap = datetime.datetime(2027, 3, 28, 2, 30, tzinfo=PARIS)
    assert not ambiguous(gap) and not ambiguous(gap.replace(fold=1))
    assert clock(gap, "H:i") == "02:30"
    # Around the gap, real instants read as plain times.
    assert _render(datetime.datetime(2027, 3, 28, 0, 59, tzinfo=UTC), "H:i") == "01:59"
    assert _render(datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC), "H:i") == "03:00"


@dataclass(frozen=True)
class ClockChangeNight:
    """A cardiology of its own hospital (not the actors'), a Dr Coeur's agenda
    in it with a 20-minute "Garde", booked at both 02:30 of 2027-10-31:
    `first_0230` (summer time, patient Avant), `second_0230` (winter time,
    patient Apres)."""

    cardio: Department
    first_0230: Booking
    second_0230: Booking


@pytest.fixture
def clock_change() -> ClockChangeNight:
    hospital = f.establishment()
    cardio = f.department(hospital, name="Cardiologie")
    agenda = f.agenda(f.practitioner(last_name="Coeur"), cardio)
    f.reason(agenda, minutes=20, label="Garde")
    first = f.booking(f.slot(agenda, start=FIRST_0230), patient=f.patient(last_name="Avant"))
    second = f.booking(f.slot(agenda, start=SECOND_0230), patient=f.patient(last_name="Apres"))
    return ClockChangeNight(cardio=cardio, first_0230=first, second_0230=second)


@pytest.mark.django_db
def test_board_and_day_view_give_each_0230_its_own_row_and_text(client, clock_change):
    secretary = f.user("secretaire_nuit")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, clock_change.cardio)
    client.force_login(secretary)
    query = {"department": clock_change.cardio.pk, "day": "2027-10-31"}
    with timezone.override(PARIS):
        board = client.get("/admin/scheduling/booking/board/", query).content.decode()
        day = client.get("/admin/scheduling/booking/day/", query).content.decode()
    # Two rows, the first lived first, each with its own patient (one cell
    # used to overwrite the other).
    summer, winter = board.index("02:30 (UTC+2)"), board.index("02:30 (UTC+1)")
    assert summer < winter
    assert summer < board.index("AVANT") < winter < board.index("APRES", winter)
    assert "02:30 (UTC+2)" in day and "02:30 (UTC+1)" in day
    assert day.index("02:30 (UTC+2)") < day.index("02:30 (UTC+1)")


@pytest.mark.django_db
def test_patient_appointment_pages_differ(client, clock_change):
    with timezone.override(PARIS):
        first = client.get(
            manage_path(clock_change.first_0230), HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
        second = client.get(manage_path(clock_change.second_0230)).content.decode()
    assert "02:30 (UTC+2)" in first and "(UTC+1)" not in first
    assert "02:30 (UTC+1)" in second and "(UTC+2)" not in second


@pytest.mark.django_db
def test_mail_and_sms_of_the_two_0230_differ(clock_change):
    def notice(booking, name):
        slot = booking.slot
        context = {
            "slot": slot,
            "practitioner": slot.agenda.practitioner,
            "establishment": slot.agenda.department.establishment,
            "phone": "",
        }
        with timezone.override(PARIS), translation.override("fr"):
            return " ".join(render_to_string(name, context).split())

    for name in ("scheduling/sms/confirmed.txt", "scheduling/email/confirmed_subject.txt"):
        first, second = (
            notice(clock_change.first_0230, name),
            notice(clock_change.second_0230, name),
        )
        assert "02:30 (UTC+2)" in first and "02:30 (UTC+1)" in second, (first, second)


def test_python_side_texts_use_the_same_rule():
    from scheduling.templatetags.clock import clock_text

    with timezone.override(PARIS), translation.override("fr"):
        assert clock_text(FIRST_0230, "SHORT_DATETIME_FORMAT") == "31/10/2027 02:30 (UTC+2)"
        assert clock_text(SECOND_0230, "H:i") == "02:30 (UTC+1)"
        assert clock_text(FIRST_0230 + datetime.timedelta(hours=9), "H:i") == "10:30"
