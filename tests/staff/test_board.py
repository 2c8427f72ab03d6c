"""The secretaries' board: a department's day at a glance, booking from a free
slot for a found or a new caller, moving, cancelling, checking in and the
outcome — inside the secretary's departments only, through the services."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audit.models import Event
from hospital.models import Department, Practitioner
from scheduling.models import Agenda, Booking, Patient, Slot, VisitReason
from tests import factories as f
from tests.helpers import nodes_rendered

pytestmark = pytest.mark.django_db

BOARD = "/admin/scheduling/booking/board/"


def _today_at(hour: int, minute: int = 0) -> datetime.datetime:
    local = datetime.datetime.combine(timezone.localdate(), datetime.time(hour, minute))
    return timezone.make_aware(local)


def _tomorrow_at(hour: int) -> datetime.datetime:
    return _today_at(hour) + datetime.timedelta(days=1)


@dataclass(frozen=True)
class CardioBoard:
    """The cardiology secretary (actors.secretary), signed in to `client`, at
    the board of cardiology (actors.cardio): Dr Coeur's agenda (actors.agenda)
    with a first visit and a follow-up, and Dr Valve's with an "Écho";
    in neurosurgery (actors.neuro), which is not theirs, an agenda with a
    reason, `elsewhere`."""

    secretary: AbstractUser
    cardio: Department
    neuro: Department
    agenda: Agenda
    colleague: Agenda
    elsewhere: Agenda
    first: VisitReason
    follow_up: VisitReason


@pytest.fixture
def cardio_board(client, actors) -> CardioBoard:
    cardio, neuro = actors.cardio, actors.neuro
    agenda = actors.agenda  # Dr Coeur's
    colleague = f.agenda(f.practitioner(last_name="Valve"), cardio)
    first = f.reason(agenda, minutes=20, label="Première consultation")
    follow_up = f.reason(agenda, minutes=20, label="Suivi")
    f.reason(colleague, minutes=20, label="Écho")
    elsewhere = f.agenda(department_=neuro)
    f.reason(elsewhere)
    client.force_login(actors.secretary)
    return CardioBoard(
        secretary=actors.secretary,
        cardio=cardio,
        neuro=neuro,
        agenda=agenda,
        colleague=colleague,
        elsewhere=elsewhere,
        first=first,
        follow_up=follow_up,
    )


def _board(client, cardio_board, **params):
    query = {
        "department": cardio_board.cardio.pk,
        "day": timezone.localdate().isoformat(),
        **params,
    }
    return client.get(BOARD, query)


def test_board_opens_on_today_and_on_the_department_used_last(client, cardio_board):
    f.slot(cardio_board.agenda, start=_today_at(23))
    other = f.department(cardio_board.cardio.establishment, name="Angiologie")
    assign_perm("hospital.work_in_department", cardio_board.secretary, other)
    client.get(BOARD, {"department": cardio_board.cardio.pk})
    page = client.get(BOARD).content.decode()
    assert "Cardiologie" in page.split("</h1>")[0]
    assert timezone.localdate().strftime("%Y") in page.split("</h1>")[0]
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_board_shows_practitioners_side_by_side_with_each_state(client, cardio_board):
    agenda, colleague = cardio_board.agenda, cardio_board.colleague
    free = f.slot(agenda, start=_tomorrow_at(9))
    booked = f.booking(f.slot(colleague, start=_tomorrow_at(9)))
    closed = f.slot(agenda, start=_tomorrow_at(10))
    closed.status = "closed"
    closed.save()
    rebook = f.booking(f.slot(colleague, start=_tomorrow_at(10)), to_rebook=True)
    page = _board(
        client, cardio_board, day=(timezone.localdate() + datetime.timedelta(days=1))
    ).content
    page = page.decode()
    assert page.index("Dr") < page.index("Coeur") < page.index("Valve")  # columns by name
    assert f"slot={free.pk}" in page
    assert "cell-booked" in page and str(booked.patient) in page
    assert "cell-closed" in page and "cell-to-rebook" in page
    assert str(rebook.patient) in page.split('id="worklist-title"')[1]


def test_a_lapsed_online_hold_shows_as_free(client, cardio_board):
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    f.booking(
        slot,
        status="pending",
        hold_expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    held = f.slot(cardio_board.agenda, start=_tomorrow_at(10))
    f.booking(
        held, status="pending", hold_expires_at=timezone.now() + datetime.timedelta(minutes=9)
    )
    page = _board(client, cardio_board, day=slot.local_date).content.decode()
    assert f"slot={slot.pk}" in page
    assert f"slot={held.pk}" not in page and "cell-held" in page


def test_another_departments_board_slot_or_booking_is_not_found(client, cardio_board):
    theirs = f.slot(cardio_board.elsewhere, start=_tomorrow_at(9))
    their_booking = f.booking(f.slot(cardio_board.elsewhere, start=_tomorrow_at(10)))
    assert client.get(BOARD, {"department": cardio_board.neuro.pk}).status_code == 404
    assert _board(client, cardio_board, slot=theirs.pk).status_code == 404
    assert _board(client, cardio_board, booking=their_booking.pk).status_code == 404
    assert _board(client, cardio_board, move=their_booking.pk).status_code == 404
    response = client.post(
        reverse("admin:scheduling_board_book"),
        {"slot": theirs.pk, "reason": cardio_board.first.pk, "patient": "new"},
    )
    assert response.status_code == 404
    for action in ("check_in", "outcome", "cancel", "move"):
        url = reverse(f"admin:scheduling_booking_{action}", args=[their_booking.pk])
        assert client.post(url, {"outcome": "honoured", "reason": "x"}).status_code == 404
    their_booking.refresh_from_db()
    assert (their_booking.status, their_booking.checked_in_at) == ("booked", None)


def test_free_slot_panel_offers_only_that_slots_reasons(client, cardio_board):
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    page = _board(client, cardio_board, slot=slot.pk).content.decode()
    panel = page.split('class="board-panel')[1]
    assert "Première consultation" in panel and "Suivi" in panel
    assert "Écho" not in panel  # the colleague's reason is not this slot's


def test_booking_a_new_caller_from_the_board(
    client, cardio_board, mailoutbox, django_capture_on_commit_callbacks
):
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:scheduling_board_book"),
            {
                "slot": slot.pk,
                "reason": cardio_board.first.pk,
                "patient": "new",
                "last_name": "Morel",
                "first_name": "Jeanne",
                "birth_date": "1950-02-03",
                "phone": "01 45 67 89 10",
                "email": "jeanne@example.org",
            },
        )
    assert response.status_code == 302
    booking = Booking.objects.get(slot=slot)
    assert (booking.channel, booking.created_by, booking.patient.phone) == (
        "phone",
        cardio_board.secretary,
        "+33145678910",
    )
    assert f"booking={booking.pk}" in response["Location"]
    if connection.vendor == "sqlite":  # PostgreSQL seals events at commit (tests/audit)
        assert Event.objects.filter(object_type="scheduling_booking", object_id=str(booking.pk))
    assert mailoutbox and "jeanne@example.org" in mailoutbox[-1].to


def test_a_taken_slot_opens_no_booking_form(client, cardio_board):
    booked = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    page = _board(client, cardio_board, slot=booked.slot_id).content.decode()
    assert "no longer free" in page and "book-form" not in page


def test_a_cancel_without_reason_from_the_board_returns_to_it_with_the_error(client, cardio_board):
    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    url = reverse("admin:scheduling_booking_cancel", args=[booking.pk])
    response = client.post(url, {"reason": "", "back": "board"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(BOARD)
    assert "errorlist" not in response.content.decode()  # said as a message, on the board
    assert any(m.level_tag == "error" for m in response.context["messages"])
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_a_refused_new_caller_keeps_what_was_typed(client, cardio_board):
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    response = client.post(
        reverse("admin:scheduling_board_book"),
        {"slot": slot.pk, "reason": cardio_board.first.pk, "patient": "new", "last_name": "Morel"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Morel"' in page and "errorlist" in page
    assert not Booking.objects.filter(slot=slot).exists()


def test_returning_caller_is_found_within_scope_and_booked(client, cardio_board):
    earlier = f.booking(
        f.slot(cardio_board.agenda, start=_today_at(0) - datetime.timedelta(days=30))
    )
    earlier.patient.last_name, earlier.patient.first_name = "Morel", "Jeanne"
    earlier.patient.save()
    stranger = f.patient(last_name="Morel", first_name="Paul")
    f.booking(f.slot(cardio_board.elsewhere, start=_tomorrow_at(11)), patient=stranger)
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    page = _board(client, cardio_board, slot=slot.pk, name="mor").content.decode()
    assert f'name="patient" value="{earlier.patient.pk}"' in page
    assert f'name="patient" value="{stranger.pk}"' not in page  # another department's patient
    client.post(
        reverse("admin:scheduling_board_book"),
        {"slot": slot.pk, "reason": cardio_board.follow_up.pk, "patient": earlier.patient.pk},
    )
    assert Booking.objects.get(slot=slot).patient == earlier.patient
    assert Patient.objects.filter(last_name="Morel", first_name="Jeanne").count() == 1
    refused = client.post(
        reverse("admin:scheduling_board_book"),
        {
            "slot": f.slot(cardio_board.agenda).pk,
            "reason": cardio_board.first.pk,
            "patient": stranger.pk,
        },
    )
    assert "errorlist" in refused.content.decode()
    assert not Booking.objects.filter(patient=stranger, slot__agenda=cardio_board.agenda).exists()


def test_a_known_callers_relatives_are_offered_not_retyped(client, cardio_board):
    """Issue 25: the people booked before from the caller's phone or address,
    within the secretary's departments only, are a click away."""
    mother = _known_caller(
        cardio_board, last_name="Roux", first_name="Camille", phone="+33612000001"
    )
    child = f.patient(
        last_name="Roux",
        first_name="Léo",
        birth_date=datetime.date(2015, 3, 2),
        phone="+33612000001",
        email="",
    )
    f.booking(
        f.slot(cardio_board.agenda, start=_today_at(0) - datetime.timedelta(days=20)), patient=child
    )
    elsewhere = f.patient(last_name="Roux", first_name="Zoé", phone="+33612000001", email="")
    f.booking(f.slot(cardio_board.elsewhere, start=_tomorrow_at(11)), patient=elsewhere)
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    assert "Léo" not in _board(client, cardio_board, slot=slot.pk).content.decode()  # no caller yet
    page = _board(client, cardio_board, slot=slot.pk, name="camille roux").content.decode()
    assert f'name="patient" value="{mother.pk}"' in page
    assert f'name="patient" value="{child.pk}"' in page and "02/03/2015" in page
    assert f'name="patient" value="{elsewhere.pk}"' not in page  # another department's
    client.post(
        reverse("admin:scheduling_board_book"),
        {"slot": slot.pk, "reason": cardio_board.follow_up.pk, "patient": child.pk},
    )
    assert Booking.objects.get(slot=slot).patient == child
    assert Patient.objects.filter(first_name="Léo").count() == 1


def _known_caller(cardio_board, days_ago=30, **names):
    when = _today_at(0) - datetime.timedelta(days=days_ago)
    earlier = f.booking(f.slot(cardio_board.agenda, start=when))
    for field, value in names.items():
        setattr(earlier.patient, field, value)
    earlier.patient.save()
    return earlier.patient


@pytest.mark.parametrize("typed", ["elodie", "ELODIE lefevre", "lefèvre élo", "Lefevre-Elodie"])
def test_caller_search_ignores_accents_and_case(client, cardio_board, typed):
    caller = _known_caller(
        cardio_board, first_name="Élodie", last_name="Lefèvre", phone="+33612345678"
    )
    _known_caller(  # a namesake with a contact of her own (same contact: a relative)
        cardio_board,
        31,
        first_name="Elise",
        last_name="Lemaire",
        email="elise@example.org",
        phone="",
    )
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    page = _board(client, cardio_board, slot=slot.pk, name=typed).content.decode()
    panel = page.split("Callers found")[1]
    assert f'name="patient" value="{caller.pk}"' in panel
    assert panel.count('name="patient" value="') == 2  # the caller and "new patient"


@pytest.mark.parametrize(
    "typed",
    [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "06-12-34-56-78",
        "lefevre 06 12 34 56 78",
    ],
)
def test_caller_search_takes_a_phone_number_in_the_name_box(client, cardio_board, typed):
    caller = _known_caller(
        cardio_board, first_name="Élodie", last_name="Lefèvre", phone="+33612345678"
    )
    _known_caller(
        cardio_board,
        31,
        first_name="Élodie",
        last_name="Lefèvre",
        phone="+33698765432",
        email="other@example.org",
    )
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    page = _board(client, cardio_board, slot=slot.pk, name=typed).content.decode()
    panel = page.split("Callers found")[1]
    assert f'name="patient" value="{caller.pk}"' in panel
    assert panel.count('name="patient" value="') == 2


def test_phone_numbers_on_the_board_read_as_people_say_them(client, cardio_board):
    caller = _known_caller(
        cardio_board, first_name="Élodie", last_name="Lefèvre", phone="+33612345678"
    )
    booked = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(10)), patient=caller)
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    panel = _board(client, cardio_board, slot=slot.pk, name="elodie").content.decode()
    opened = _board(client, cardio_board, day=slot.local_date, booking=booked.pk).content.decode()
    for page in (panel, opened):
        assert "06 12 34 56 78" in page and "+33612345678" not in page


def test_a_phone_number_that_is_not_the_callers_finds_nobody(client, cardio_board):
    _known_caller(cardio_board, first_name="Élodie", last_name="Lefèvre", phone="+33612345678")
    slot = f.slot(cardio_board.agenda, start=_tomorrow_at(9))
    page = _board(client, cardio_board, slot=slot.pk, name="elodie 01 42 16 00 00").content.decode()
    assert "No patient of your departments matches" in page


def test_move_from_the_board_keeps_the_booking_and_returns_to_the_board(client, cardio_board):
    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    target = f.slot(cardio_board.agenda, start=_tomorrow_at(11))
    page = _board(client, cardio_board, day=target.local_date, move=booking.pk).content.decode()
    assert "Move here" in page and f'value="{target.pk}"' in page
    response = client.post(
        reverse("admin:scheduling_booking_move", args=[booking.pk]),
        {"slot": target.pk, "back": "board"},
    )
    assert response.status_code == 302 and response["Location"].startswith(BOARD)
    booking.refresh_from_db()
    assert (booking.slot, booking.sequence) == (target, 1)


def test_a_refused_move_speaks_to_the_secretary_names_the_appointment_and_keeps_move_mode(
    client, cardio_board
):
    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    # The same patient is seen by the colleague at 11:00: moving to 11:00 overlaps.
    in_the_way = f.booking(
        f.slot(cardio_board.colleague, start=_tomorrow_at(11)), patient=booking.patient
    )
    target = f.slot(cardio_board.agenda, start=_tomorrow_at(11))
    response = client.post(
        reverse("admin:scheduling_booking_move", args=[booking.pk]),
        {"slot": target.pk, "back": "board"},
        follow=True,
    )
    url, _status = response.redirect_chain[-1]
    assert f"move={booking.pk}" in url and f"day={target.local_date.isoformat()}" in url
    page = response.content.decode()
    assert "The patient already has an appointment at this time" in page
    assert "You already" not in page
    assert "Valve" in page.split("already has an appointment")[1].split("</li>")[0]
    assert in_the_way.public_id.hex[:8] in page
    assert "Move here" in page  # still in move mode
    booking.refresh_from_db()
    assert booking.slot_id != target.pk


def test_the_move_page_lists_the_next_free_times_and_accepts_any_later_one(client, cardio_board):
    """~2,400 options took the page seconds to render under load (the mixed
    load's worst p99): it lists the next MOVE_CHOICES, the board posts any."""
    from scheduling.models import Slot
    from scheduling.staff.forms import StaffMoveForm

    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    first = _tomorrow_at(10)
    Slot.objects.bulk_create(
        Slot(
            agenda=cardio_board.agenda,
            start=first + datetime.timedelta(hours=hour),
            end=first + datetime.timedelta(hours=hour, minutes=20),
        )
        for hour in range(StaffMoveForm.MOVE_CHOICES + 20)
    )
    url = reverse("admin:scheduling_booking_move", args=[booking.pk])
    page = client.get(url).content.decode()
    # The move's own list (the header's language switch has options too).
    listed = re.search(r'<select name="slot".*?</select>', page, re.S).group()
    assert listed.count('<option value="') == StaffMoveForm.MOVE_CHOICES + 1  # and the blank one
    latest = Slot.objects.filter(agenda=cardio_board.agenda).order_by("start").last()
    assert f'value="{latest.pk}"' not in page
    response = client.post(url, {"slot": latest.pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot == latest


def test_cancel_from_the_board_needs_a_reason_and_keeps_the_booking(client, cardio_board):
    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    url = reverse("admin:scheduling_booking_cancel", args=[booking.pk])
    response = client.post(url, {"reason": "appel du patient", "back": "board"})
    assert response["Location"].startswith(BOARD)
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason, booking.cancelled_by) == (
        "cancelled",
        "appel du patient",
        cardio_board.secretary,
    )


def test_check_in_then_outcome_one_post_each(client, cardio_board):
    # Started a minute ago: PostgreSQL's now() is the test transaction's start,
    # and an outcome needs a started appointment.
    started = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    booking = f.booking(f.slot(cardio_board.agenda, start=started))
    page = _board(client, cardio_board).content.decode()
    assert reverse("admin:scheduling_booking_check_in", args=[booking.pk]) in page
    client.post(reverse("admin:scheduling_booking_check_in", args=[booking.pk]), {"back": "board"})
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    again = client.post(reverse("admin:scheduling_booking_check_in", args=[booking.pk]))
    assert again.status_code == 302
    response = client.post(
        reverse("admin:scheduling_booking_outcome", args=[booking.pk]),
        {"outcome": "honoured", "back": "board"},
    )
    assert response["Location"].startswith(BOARD)
    booking.refresh_from_db()
    assert booking.status == "honoured"
    if connection.vendor == "sqlite":  # PostgreSQL seals events at commit (tests/audit)
        changes = Event.objects.filter(object_type="scheduling_booking", object_id=str(booking.pk))
        assert changes.filter(action="update").count() == 2


def test_check_in_is_refused_on_another_day(client, cardio_board):
    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)))
    client.post(reverse("admin:scheduling_booking_check_in", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_the_board_answers_htmx_with_the_board_alone(client, cardio_board):
    f.slot(cardio_board.agenda, start=_today_at(23))
    page = client.get(
        BOARD, {"department": cardio_board.cardio.pk}, headers={"HX-Request": "true"}
    ).content.decode()
    assert page.lstrip().startswith('<div id="board"') and "<html" not in page


def _department_of(size: int, cardio_board, *, to_rebook: bool = True) -> None:
    """`size` practitioners with four slots each tomorrow, half of them booked."""
    for n in range(size):
        agenda = f.agenda(f.practitioner(last_name=f"Dr{n:02d}"), cardio_board.cardio)
        f.reason(agenda)
        for hour in (9, 10, 11, 12):
            slot = f.slot(agenda, start=_tomorrow_at(hour))
            if hour % 2:
                f.booking(slot, to_rebook=to_rebook and hour == 11)


@pytest.mark.parametrize("size", [2, 12])
def test_board_query_count_does_not_grow_with_the_department(
    client, cardio_board, size, django_assert_num_queries
):
    _department_of(size, cardio_board)
    client.get(BOARD, {"department": cardio_board.cardio.pk})  # session and caches warm
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with django_assert_num_queries(BOARD_QUERIES[connection.vendor]):
        response = client.get(BOARD, {"department": cardio_board.cardio.pk, "day": tomorrow})
    assert response.content.decode().count("cell-booked") >= size
    with django_assert_num_queries(BOARD_QUERIES[connection.vendor]):
        client.get(BOARD, {"department": cardio_board.cardio.pk, "day": tomorrow, "week": "1"})


# Session, user, permissions (one query: config/auth_backend.py), the caller's departments (guardian; read once,
# the board lists them too), the agendas, their slots with their live bookings
# (one query), the worklist, the audit event of the read: the same at any size.
# PostgreSQL sets the audit context, and reads the grid's fingerprint first
# (a view that finds the grid kept reads neither agendas nor slots:
# tests/staff/test_board_kept.py).
BOARD_QUERIES = {"sqlite": 8, "postgresql": 11}


def test_the_board_renders_no_template_per_cell(client, cardio_board):
    """Issue 23: a template included per cell was most of the board's time
    (1 s of 1.3 s for 60 practitioners); the cells are written out in the
    board's template, so what is rendered does not grow with the grid."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _department_of(2, cardio_board)
    small = client.get(BOARD, {"department": cardio_board.cardio.pk, "day": tomorrow})
    _department_of(12, cardio_board)
    large = client.get(BOARD, {"department": cardio_board.cardio.pk, "day": tomorrow})
    assert large.content.decode().count("cell-booked") >= 12
    assert len(large.templates) == len(small.templates)
    assert sorted(t.name for t in large.templates) == sorted(t.name for t in small.templates)


def test_the_board_renders_as_many_template_nodes_whatever_the_grid(client, cardio_board):
    """Issue 23: a department of 60 has some 1,200 cells a day, and each one
    through the template engine (a dozen tags, a {% url %}, a {% csrf_token %})
    kept the board at 0.03x the floor page; the cells are written out in
    Python (staff/board_cells.py), so the template's work is the same at any size."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    query = {"department": cardio_board.cardio.pk, "day": tomorrow}
    _department_of(2, cardio_board, to_rebook=False)
    small = nodes_rendered(lambda: client.get(BOARD, query))
    _department_of(12, cardio_board, to_rebook=False)
    large = nodes_rendered(lambda: client.get(BOARD, query))
    assert large[1].content.decode().count("cell-booked") == 2 * (12 + 2)
    assert large[0] == small[0]


def test_the_board_makes_no_model_of_its_agendas_slots_or_bookings(client, cardio_board):
    """Issue 23: the board reads its columns, its cells and its worklist as
    rows of columns; 60 agendas with their practitioners, and the worklist's
    bookings with five related records each, made as models at every view
    cost it more than the queries."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _department_of(12, cardio_board)  # to rebook too: the worklist has lines
    made = []

    def count(sender, **kwargs):
        made.append(sender)

    watched = (Agenda, Practitioner, Slot, Booking, Patient, VisitReason)
    for model in watched:
        post_init.connect(count, sender=model)
    try:
        page = client.get(BOARD, {"department": cardio_board.cardio.pk, "day": tomorrow})
    finally:
        for model in watched:
            post_init.disconnect(count, sender=model)
    page = page.content.decode()
    assert page.count("cell-booked") >= 12 and page.count("cell-to-rebook") == 12
    assert made == []


def test_the_worklist_lines_say_when_who_with_whom_and_why_escaped(client, cardio_board):
    """Its lines are written in Python from the columns read: the time, the
    practitioner, the patient and their number as people say it, the reason."""
    tomorrow_at_11 = _tomorrow_at(11)
    colleague = f.agenda(
        f.practitioner(first_name="Anne", last_name="<b>Valve</b>"), cardio_board.cardio
    )
    reason = f.reason(colleague, label="Suivi <i>&</i>")
    patient = f.patient(last_name="O'Hara", first_name="Zoé", phone="+33612345678")
    booking = f.booking(
        f.slot(colleague, start=tomorrow_at_11), reason, patient=patient, to_rebook=True
    )
    worklist = _board(client, cardio_board).content.decode().split('id="worklist-title"')[1]
    line = worklist.split("<li>")[1].split("</li>")[0]
    assert line.split(" — ", 1)[1].startswith(
        "Dr Anne &lt;b&gt;Valve&lt;/b&gt; — O&#x27;HARA Zoé (06 12 34 56 78),"
        " Suivi &lt;i&gt;&amp;&lt;/i&gt;"
    )
    assert "11:00" in line.split(" — ", 1)[0]
    day = tomorrow_at_11.astimezone(timezone.get_current_timezone()).date().isoformat()
    assert f"day={day}&amp;move={booking.pk}" in line and f"booking={booking.pk}" in line


def test_what_the_cells_show_is_escaped(client, cardio_board):
    """The cells are written in Python: every name and label still goes
    through escaping, as the template's {{ }} did."""
    colleague = f.agenda(f.practitioner(last_name="<i>Valve</i>"), cardio_board.cardio)
    f.slot(colleague, start=_tomorrow_at(10))
    reason = f.reason(cardio_board.agenda, label="Suivi <b>&</b>")
    patient = f.patient(last_name="<script>O'Hara</script>", first_name="Zoé")
    booking = f.booking(f.slot(cardio_board.agenda, start=_tomorrow_at(9)), reason, patient=patient)
    page = _board(client, cardio_board, day=booking.slot.local_date).content.decode()
    assert "<script>" not in page.lower() and "<i>Valve" not in page and "<b>&" not in page
    assert "&lt;SCRIPT&gt;O&#x27;HARA&lt;/SCRIPT&gt; Zoé" in page
    assert "Suivi &lt;b&gt;&amp;&lt;/b&gt;" in page
    assert "&lt;i&gt;Valve&lt;/i&gt;" in page  # its column and its free slot's hidden words


def test_each_cell_has_the_links_and_forms_of_its_state(client, cardio_board):
    """The cells' HTML, state by state, as the board's journeys use it."""
    today = f.booking(f.started_slot(cardio_board.agenda))
    # Later today, one after the other in what is left of the day: late in
    # the evening, 20-minute slots from now fell on tomorrow's board.
    now = timezone.now().replace(microsecond=0)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    left = (
        datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=timezone.get_current_timezone())
        - now
    )
    minutes = min(20, int(left.total_seconds() // 60 - 1) // 2)
    if minutes < 1:
        pytest.skip("less than three minutes of today are left, local time")
    soon = now + datetime.timedelta(minutes=1)
    later = f.booking(f.slot(cardio_board.colleague, start=soon, minutes=minutes))
    free = f.slot(cardio_board.colleague, start=later.slot.end, minutes=minutes)
    page = _board(client, cardio_board, day=timezone.localdate()).content.decode()
    here = f"{BOARD}?department={cardio_board.cardio.pk}&amp;day={timezone.localdate().isoformat()}"
    assert f'<a class="free-slot" href="{here}&amp;slot={free.pk}">' in page
    assert f'<a class="patient" href="{here}&amp;booking={today.pk}">' in page
    # Started: check-in and both outcomes; later today: check-in and move.
    outcome = reverse("admin:scheduling_booking_outcome", args=[today.pk])
    assert page.count(f'<form method="post" action="{outcome}">') == 2
    for booking in (today, later):
        check_in = reverse("admin:scheduling_booking_check_in", args=[booking.pk])
        assert f'<form method="post" action="{check_in}">' in page
    assert f'<a class="move" href="{here}&amp;move={later.pk}">' in page
    assert f"move={today.pk}" not in page
    cells = page.split("<tbody>")[1]
    assert cells.count('name="csrfmiddlewaretoken"') == 4  # check-in x2, outcome x2
    moving = _board(client, cardio_board, day=timezone.localdate(), move=later.pk).content.decode()
    move = reverse("admin:scheduling_booking_move", args=[later.pk])
    assert f'<form method="post" action="{move}">' in moving and f'value="{free.pk}"' in moving
