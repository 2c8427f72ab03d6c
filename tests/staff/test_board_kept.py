"""The board serves the grid it wrote at an earlier view while no row the grid
reads has changed and the clock has changed no cell (scheduling/staff/
board_grid.py, issue 23). Each input the grid shows is changed here by a path
the board never sees (SQL through the cursor, a service, the admin), and the
next view shows the change."""

import datetime
import re
import time
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hospital.models import Department
from scheduling.models import Agenda, Booking, Slot, VisitReason
from scheduling.services import booking as service
from scheduling.staff.board_grid import KEPT
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row versions: the board reads its grid at every view",
    ),
]

BOARD = "/admin/scheduling/booking/board/"
# The grid's read of the slots with their live bookings (selectors.board.read_slots).
GRID_READ = '"scheduling_booking" live'


def _tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass(frozen=True)
class Desk:
    """The cardiology secretary, signed in to `client`, and tomorrow at
    cardiology: Dr Coeur's agenda with a free slot at 9:00 and, at 10:00,
    Zoé Morel's booking for a follow-up."""

    secretary: AbstractUser
    cardio: Department
    agenda: Agenda
    reason: VisitReason
    free: Slot
    booking: Booking


@pytest.fixture
def board_desk(client, actors) -> Desk:
    agenda = actors.agenda
    reason = f.reason(agenda, label="Suivi", label_en="Follow-up")
    free = f.slot(agenda, start=_tomorrow_at(9))
    patient = f.patient(last_name="Morel", first_name="Zoé")
    booking = f.booking(f.slot(agenda, start=_tomorrow_at(10)), reason, patient=patient)
    client.force_login(actors.secretary)
    return Desk(actors.secretary, actors.cardio, agenda, reason, free, booking)


def _view(client, board_desk, **params) -> str:
    query = {
        "department": board_desk.cardio.pk,
        "day": _tomorrow_at(9).date().isoformat(),
        **params,
    }
    return client.get(BOARD, query).content.decode()


def _grid(page: str) -> str:
    """The grid's head and cells (the page around them is written at each view)."""
    return page.split('<table class="grid">')[1].split("</table>")[0]


def _viewed_again(client, board_desk, **params) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        page = _view(client, board_desk, **params)
    return page, [q["sql"] for q in queries.captured_queries]


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_second_view_serves_the_kept_grid_without_reading_the_slots(client, board_desk):
    page = _view(client, board_desk)
    again, queries = _viewed_again(client, board_desk)
    assert not any(GRID_READ in sql for sql in queries)
    assert len(queries) == BOARD_QUERIES_KEPT
    assert _tokens_out(_grid(again)) == _tokens_out(_grid(page))
    assert "MOREL Zoé" in _grid(again) and f"slot={board_desk.free.pk}" in _grid(again)
    KEPT.clear()
    afresh, queries = _viewed_again(client, board_desk)
    assert any(GRID_READ in sql for sql in queries)
    assert len(queries) == BOARD_QUERIES_KEPT + 2  # the agendas and the slots
    assert _tokens_out(_grid(afresh)) == _tokens_out(_grid(page))


# As tests/staff/test_board.py's BOARD_QUERIES, with the grid kept: the
# fingerprint instead of the agendas and the slots.
BOARD_QUERIES_KEPT = 9


def test_a_slot_closed_in_sql_shows_closed(client, board_desk):
    assert "cell-closed" not in _view(client, board_desk)
    _sql("UPDATE scheduling_slot SET status = 'closed' WHERE id = %s", board_desk.free.pk)
    page = _view(client, board_desk)
    assert "cell-closed" in page and f"slot={board_desk.free.pk}" not in page


def test_a_slot_added_or_deleted_in_sql_shows(client, board_desk):
    _view(client, board_desk)
    added = f.slot(board_desk.agenda, start=_tomorrow_at(11))
    assert f"slot={added.pk}" in _view(client, board_desk)
    _sql("DELETE FROM scheduling_slot WHERE id = %s", added.pk)
    assert f"slot={added.pk}" not in _view(client, board_desk)


def test_a_booking_made_through_the_service_shows(client, board_desk):
    _view(client, board_desk)
    made = service.book(
        slot=board_desk.free,
        reason=board_desk.reason,
        patient=f.patient(last_name="Lefèvre", first_name="Élodie"),
        channel=Booking.Channel.PHONE,
        by=board_desk.secretary,
        returning=True,
    )
    page = _view(client, board_desk)
    assert f"booking={made.pk}" in page and "LEFÈVRE Élodie" in page


def test_a_booking_cancelled_in_the_admin_and_another_made_shows_the_new_one(client, board_desk):
    _view(client, board_desk)
    cancel = reverse("admin:scheduling_booking_cancel", args=[board_desk.booking.pk])
    client.post(cancel, {"reason": "appel du patient", "back": "board"})
    assert "MOREL" not in _view(client, board_desk)
    again = f.booking(
        board_desk.booking.slot, board_desk.reason, patient=f.patient(last_name="Roux")
    )
    page = _view(client, board_desk)
    assert f"booking={again.pk}" in page and "ROUX" in page and "MOREL" not in page


def test_a_booking_flagged_in_sql_shows_the_flag(client, board_desk):
    assert "cell-to-rebook" not in _view(client, board_desk)
    _sql("UPDATE scheduling_booking SET to_rebook = true WHERE id = %s", board_desk.booking.pk)
    assert "cell-to-rebook" in _view(client, board_desk)


def test_a_patient_renamed_in_sql_shows_the_new_name(client, board_desk):
    assert "MOREL Zoé" in _view(client, board_desk)
    _sql(
        "UPDATE scheduling_patient SET last_name = 'Moreau' WHERE id = %s",
        board_desk.booking.patient_id,
    )
    page = _view(client, board_desk)
    assert "MOREAU Zoé" in page and "MOREL" not in page


def test_a_reason_relabelled_in_sql_shows_the_new_label(client, board_desk):
    assert '<span class="reason">Suivi</span>' in _view(client, board_desk)
    _sql("UPDATE scheduling_visitreason SET label = 'Contrôle' WHERE id = %s", board_desk.reason.pk)
    assert '<span class="reason">Contrôle</span>' in _view(client, board_desk)


def test_a_practitioner_renamed_in_sql_shows_the_new_name(client, board_desk):
    assert "Coeur" in _grid(_view(client, board_desk))
    _sql(
        "UPDATE hospital_practitioner SET last_name = 'Cœur-Vaillant' WHERE id = %s",
        board_desk.agenda.practitioner_id,
    )
    assert "Cœur-Vaillant" in _grid(_view(client, board_desk))


def test_an_agenda_added_to_the_department_or_moved_out_shows(client, board_desk, actors):
    assert "Valve" not in _grid(_view(client, board_desk))
    added = f.agenda(
        f.practitioner(last_name="Valve"), board_desk.cardio
    )  # no slot: the column alone
    assert "Valve" in _grid(_view(client, board_desk))
    _sql("UPDATE scheduling_agenda SET department_id = %s WHERE id = %s", actors.neuro.pk, added.pk)
    assert "Valve" not in _grid(_view(client, board_desk))


def test_the_board_in_another_language_is_written_in_it(client, board_desk, settings):
    free = f'href="{BOARD}?department={board_desk.cardio.pk}&amp;day={board_desk.free.local_date}&amp;slot={board_desk.free.pk}">'
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert f"{free}libre<" in _view(client, board_desk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert f"{free}free<" in _view(client, board_desk)


def test_cells_change_when_the_clock_alone_changes_them(client, actors):
    """A slot whose start passes, a hold that lapses and a reservation
    released between two views: no row changed, the cells did."""
    now = timezone.now()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    if timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time())) - now < (
        datetime.timedelta(minutes=30)
    ):
        pytest.skip("less than half an hour of today is left, local time")
    agenda, colleague = actors.agenda, f.agenda(f.practitioner(last_name="Valve"), actors.cardio)
    f.reason(agenda), f.reason(colleague)
    soon = now + datetime.timedelta(seconds=2)
    starting = f.slot(agenda, start=soon, minutes=5)
    reserved = f.slot(
        colleague,
        start=now + datetime.timedelta(minutes=20),
        reserved_for="partners",
        opens_to_all_at=soon,
    )
    held = f.slot(agenda, start=now + datetime.timedelta(minutes=20))
    f.booking(held, status="pending", hold_expires_at=soon)
    client.force_login(actors.secretary)
    query = {"department": actors.cardio.pk, "day": timezone.localdate().isoformat()}
    before = client.get(BOARD, query).content.decode()
    assert f"slot={starting.pk}" in before and "cell-past" not in before
    assert "cell-held" in before and "cell-reserved" in before
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.2)
    after = client.get(BOARD, query).content.decode()
    assert f"slot={starting.pk}" not in after and "cell-past" in after
    assert "cell-held" not in after and f"slot={held.pk}" in after
    assert "cell-reserved" not in after and f"slot={reserved.pk}" in after


def _today_with_every_state(actors) -> None:
    """Today at cardiology, a column per state: started at once, or about to
    start (so the board of the next minutes has each state of a day)."""
    now = timezone.now().replace(microsecond=0)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    if timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time())) - now < (
        datetime.timedelta(minutes=30)
    ):
        pytest.skip("less than half an hour of today is left, local time")
    soon = now + datetime.timedelta(minutes=5)
    column = iter(range(100))

    def agenda():
        made = f.agenda(f.practitioner(last_name=f"Dr{next(column):02d}"), actors.cardio)
        f.reason(made, label="Suivi <b>&</b>")
        return made

    def patient(name):
        return f.patient(last_name=name, first_name="Zoé", phone="", email=f"{name}@example.org")

    f.slot(agenda(), start=soon)  # free
    f.slot(agenda(), start=soon, reserved_for="partners", opens_to_all_at=soon)  # reserved
    f.started_slot(agenda())  # past
    f.booking(f.slot(agenda(), start=soon), patient=patient("Booked"))
    f.booking(f.started_slot(agenda()), patient=patient("Started"))  # check-in and outcomes
    f.booking(
        f.slot(agenda(), start=soon),
        status="pending",
        hold_expires_at=now + datetime.timedelta(minutes=3),
        patient=patient("Held"),
    )
    closed = f.slot(agenda(), start=soon)
    Slot.objects.filter(pk=closed.pk).update(status="closed")
    f.booking(f.slot(agenda(), start=soon), to_rebook=True, patient=patient("Rebook"))
    f.booking(f.started_slot(agenda()), status="honoured", patient=patient("Came"))
    f.booking(f.started_slot(agenda()), status="missed", patient=patient("Missed"))


STATES = ("free", "reserved", "past", "booked", "held", "closed", "to-rebook", "honoured", "missed")


def _tokens_out(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)


@pytest.mark.parametrize("week", ["", "1"])
def test_the_kept_grid_is_the_grid_written_afresh_in_every_state(client, actors, week):
    _today_with_every_state(actors)
    client.force_login(actors.secretary)
    query = {"department": actors.cardio.pk, "day": timezone.localdate().isoformat()}
    if week:
        query["week"] = week
    first = client.get(BOARD, query).content.decode()
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(BOARD, query).content.decode()
    assert not any(GRID_READ in q["sql"] for q in queries.captured_queries)
    KEPT.clear()
    afresh = client.get(BOARD, query).content.decode()
    for state in STATES:
        assert f'<td class="cell-{state}">' in afresh, state
    assert afresh.count('name="csrfmiddlewaretoken"') > 4  # the cells' forms and the page's
    assert _tokens_out(kept) == _tokens_out(afresh) == _tokens_out(first)


def _their_secrets(page: str) -> set[str]:
    return {_unmask_cipher_token(t) for t in re.findall(r'csrfmiddlewaretoken" value="(\w+)', page)}


def test_two_secretaries_of_one_department_each_get_their_own_csrf_token(actors, settings):
    _today_with_every_state(actors)
    query = {"department": actors.cardio.pk, "day": timezone.localdate().isoformat()}
    pages, secrets = [], []
    for user in (actors.secretary, f.secretary("secretaire-2", actors.cardio)):
        board_desk = Client(enforce_csrf_checks=True)
        board_desk.force_login(user)
        pages.append(board_desk.get(BOARD, query).content.decode())
        secrets.append(board_desk.cookies[settings.CSRF_COOKIE_NAME].value)
    first, second = pages
    assert _grid(first).count("csrfmiddlewaretoken") == _grid(second).count("csrfmiddlewaretoken")
    assert _grid(second).count("csrfmiddlewaretoken") >= 3  # check-in and two outcomes
    assert secrets[0] != secrets[1]
    assert _their_secrets(_grid(first)) == {secrets[0]}
    assert _their_secrets(_grid(second)) == {secrets[1]}


def test_the_read_is_audited_with_the_same_bookings_when_kept(client, board_desk):
    _view(client, board_desk)
    _view(client, board_desk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT changes FROM audit_pending WHERE action = 'read' AND object_id = 'board'"
            " ORDER BY id"
        )
        events = [row[0] for row in cursor.fetchall()]
    assert len(events) == 2 and events[0] == events[1]
    assert str(board_desk.booking.pk) in events[0]


def test_a_panel_is_shown_beside_the_kept_grid(client, board_desk):
    page = _view(client, board_desk)
    panel, queries = _viewed_again(client, board_desk, slot=board_desk.free.pk)
    assert not any(GRID_READ in sql for sql in queries)
    assert 'class="board-panel' in panel
    assert _tokens_out(_grid(panel)) == _tokens_out(_grid(page))


def test_a_booking_being_moved_is_written_for_that_view(client, board_desk):
    _view(client, board_desk)
    moving, queries = _viewed_again(client, board_desk, move=board_desk.booking.pk)
    assert any(GRID_READ in sql for sql in queries)
    assert "Move here" in moving and f'value="{board_desk.free.pk}"' in moving
    assert "Move here" not in _view(client, board_desk)
