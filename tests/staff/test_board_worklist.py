"""The worklist under the board: the soonest appointments to rebook of the
department shown, all of them counted, the rest on the worklist page."""

import pytest
from django.urls import reverse

from scheduling.staff.board import WORKLIST_SHOWN
from tests import factories as f

pytestmark = pytest.mark.django_db

BOARD = "/admin/scheduling/booking/board/"


def _to_rebook(agenda, count: int) -> list:
    reason = f.reason(agenda)
    return [
        f.booking(
            f.slot(agenda),
            reason,
            patient=f.patient(last_name=f"Nom{n:02d}", email=f"p{n}@example.org"),
            to_rebook=True,
        )
        for n in range(count)
    ]


def test_the_board_shows_the_soonest_to_rebook_counts_them_all_and_links_to_the_rest(
    client, actors
):
    """An absence can displace a hundred appointments: the board lists the
    soonest (each line cost the board as much as a column of its grid,
    issue 23), says how many there are and leads to the worklist page."""
    bookings = _to_rebook(actors.agenda, WORKLIST_SHOWN + 2)
    client.force_login(actors.secretary)
    page = client.get(BOARD, {"department": actors.cardio.pk}).content.decode()
    worklist = page.split('id="worklist-title"')[1]
    assert f"({WORKLIST_SHOWN + 2})" in worklist.split("</h2>")[0]
    shown = [b for b in bookings if f'booking={b.pk}"' in worklist]
    assert shown == bookings[:WORKLIST_SHOWN]  # the soonest, in order of time
    assert f'href="{reverse("admin:scheduling_booking_worklist")}"' in worklist


def test_a_short_worklist_is_shown_whole_without_a_link(client, actors):
    bookings = _to_rebook(actors.agenda, 2)
    client.force_login(actors.secretary)
    page = client.get(BOARD, {"department": actors.cardio.pk}).content.decode()
    worklist = page.split('id="worklist-title"')[1]
    assert "(2)" in worklist.split("</h2>")[0]
    assert all(f'booking={b.pk}"' in worklist for b in bookings)
    assert reverse("admin:scheduling_booking_worklist") not in worklist


def test_the_count_and_the_lines_are_the_departments_alone(actors):
    """The department joins the query's WHERE clause, under the window that
    counts: another department's flagged bookings and the department's
    unflagged ones are neither shown nor counted, whichever was asked first."""
    from scheduling.selectors.worklist import soonest_to_rebook

    cardio = _to_rebook(actors.agenda, 3)
    neuro = _to_rebook(f.agenda(department_=actors.neuro), 2)
    f.booking(f.slot(actors.agenda), cardio[0].reason, patient=f.patient(last_name="Calme"))
    for department, flagged in ((actors.neuro, neuro), (actors.cardio, cardio)):
        lines, waiting = soonest_to_rebook(actors.secretary, department=department, first=2)
        assert waiting == len(flagged)
        assert [line.pk for line in lines] == [b.pk for b in flagged[:2]]
