"""The board's cells, written out in Python (issue 23).

A department of 60 practitioners makes a grid of about 1,200 cells a day.
Through the template engine every cell cost a loop step, a dozen tags, a
``{% url %}`` and a ``{% csrf_token %}`` each: most of the page's time. Here
the words, the URL prefixes and the CSRF field are worked out once per page
and the rows with their cells are joined into one string, which the board's
template writes. The HTML is the one the template wrote: the same classes, links,
forms and hidden words for screen readers (tests/staff/test_board.py,
tests/browser/test_board_journeys.py). Every value from the database goes
through ``escape``.
"""

import html
from collections.abc import Iterable

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from scheduling.models import Booking, Reservation
from scheduling.selectors.board import BoardBooking, BoardSlot, Cell
from scheduling.selectors.worklist import ToRebook
from scheduling.templatetags.clock import clock, clock_text


def _by_id(name: str) -> tuple[str, str]:
    """What comes before and after a booking's id in the URL `name`, so a
    URL per cell is a string join rather than a reverse()."""
    before, _zero, after = reverse(name, args=[0]).rpartition("/0/")
    return escape(before + "/"), escape("/" + after)


def csrf_field(request) -> str:
    """The CSRF field of this request's forms, as {% csrf_token %} writes it."""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'


class CellWriter:
    """Writes the cells of one board page, with `csrf` in each form (board_grid
    writes a placeholder, replaced by the request's field at each view)."""

    def __init__(self, csrf: str, *, agendas, board_path: str, here_query: str, week: bool, moving):
        self.here = escape(f"{board_path}?{here_query}")
        self.csrf = csrf
        self.back = '<input type="hidden" name="back" value="board">' + (
            '<input type="hidden" name="week" value="1">' if week else ""
        )
        self.moving = moving
        if moving is not None:
            self.move_action = escape(reverse("admin:scheduling_booking_move", args=[moving.pk]))
        self.check_in = _by_id("admin:scheduling_booking_check_in")
        self.outcome = _by_id("admin:scheduling_booking_outcome")
        # Each word escaped once, as {{ word }} printed it.
        self.free = escape(_("free"))
        self.closed = escape(_("closed"))
        self.held = escape(_("held (online)"))
        self.to_rebook = escape(_("to rebook"))
        self.came = escape(_("came"))
        self.missed = escape(_("did not come"))
        self.arrived = escape(_("Arrived"))
        self.came_button = escape(_("Came"))
        self.missed_button = escape(_("Missed"))
        self.move = escape(_("Move"))
        self._kept: dict[str, str] = {}
        self._td: dict[str, str] = {}  # '<td class="cell-STATE">' per state
        self._when: dict[str, str] = {}  # each start's words, escaped once
        self._names = {agenda.pk: escape(str(agenda.practitioner)) for agenda in agendas}

    def rows(self, rows: Iterable[tuple[str, Iterable[Cell | None]]]) -> SafeString:
        """The grid's body: a row per start time, its label and its cells (the
        template's loop over 30 to 40 rows was a tenth of the page's rendering)."""
        return mark_safe(  # every value is escaped by the writers below
            "\n  ".join(
                f'<tr><th scope="row">{escape(time)}</th>{self.row(cells)}</tr>'
                for time, cells in rows
            )
        )

    def row(self, cells: Iterable[Cell | None]) -> str:
        return "".join(self.cell(c) if c else '<td class="cell-none"></td>' for c in cells)

    def headers(self, columns) -> SafeString:
        return mark_safe(
            "".join(f'<th scope="col">{self._names[c.agenda.pk]}</th>' for c in columns)
        )

    def cell(self, cell: Cell) -> str:
        state, slot = cell.state, cell.slot
        if state == "free":
            inner = self._free(cell, slot)
        elif state == "reserved":
            inner = f"<span>{self._kept_for(slot)}</span>"
        elif state == "closed":
            inner = f"<span>{self.closed}</span>"
        elif state == "past":
            inner = "<span>—</span>"
        elif state == "held":
            inner = f"<span>{self.held}</span>"
        else:
            inner = self._booked(cell, cell.booking)
        td = self._td.get(state)
        if td is None:
            td = self._td[state] = f'<td class="cell-{escape(state)}">'
        return f"{td}{inner}</td>"

    def _free(self, cell: Cell, slot: BoardSlot) -> str:
        if self.moving is None:
            return (
                f'<a class="free-slot" href="{self.here}&amp;slot={slot.pk}">{self.free}'
                f'<span class="visually-hidden"> {self._escaped_when(cell.when)}, '
                f"{self._names[slot.agenda_id]}</span></a>"
            )
        if slot.agenda_id != self.moving.slot.agenda_id:
            return f"<span>{self.free}</span>"
        here = _("Move here, %(time)s") % {"time": escape(cell.time)}
        return (
            f'<form method="post" action="{self.move_action}">{self.csrf}'
            f'<input type="hidden" name="slot" value="{slot.pk}">{self.back}'
            f'<button type="submit" class="move-here">{here}</button></form>'
        )

    def _escaped_when(self, when: str) -> str:
        escaped = self._when.get(when)
        if escaped is None:
            escaped = self._when[when] = escape(when)
        return escaped

    def _kept_for(self, slot: BoardSlot) -> str:
        if slot.reserved_for not in self._kept:
            channels = Reservation(slot.reserved_for).label
            self._kept[slot.reserved_for] = _("kept for %(channels)s") % {
                "channels": escape(channels)
            }
        return self._kept[slot.reserved_for]

    def _booked(self, cell: Cell, booking: BoardBooking) -> str:
        # html.escape is what django's escape runs, without its lazy-string
        # wrapper: a booked cell escapes two values from the database.
        patient = html.escape(booking.patient)
        parts = [
            f'<a class="patient" href="{self.here}&amp;booking={booking.pk}">{patient}</a>',
            f'<span class="reason">{html.escape(booking.reason)}</span>',
        ]
        if cell.state == "to-rebook":
            parts.append(f"<strong>{self.to_rebook}</strong>")
        elif cell.state == "honoured":
            parts.append(f"<strong>{self.came}</strong>")
        elif cell.state == "missed":
            parts.append(f"<strong>{self.missed}</strong>")
        if booking.status != Booking.Status.BOOKED:
            return "\n".join(parts)
        if booking.checked_in_at:
            time = escape(clock_text(booking.checked_in_at, "H:i"))
            parts.append(f"<strong>{_('arrived %(time)s') % {'time': time}}</strong>")
        hidden = f'<span class="visually-hidden">: {patient}</span>'
        parts.append('<div class="cell-actions no-print">')
        if not booking.checked_in_at and cell.today:
            before, after = self.check_in
            parts.append(
                f'<form method="post" action="{before}{booking.pk}{after}">{self.csrf}{self.back}'
                f'<button type="submit">{self.arrived}{hidden}</button></form>'
            )
        if cell.started:
            # One form per outcome: the value travels as a field, whoever submits the form.
            before, after = self.outcome
            action = f"{before}{booking.pk}{after}"
            for outcome, label in (("honoured", self.came_button), ("missed", self.missed_button)):
                parts.append(
                    f'<form method="post" action="{action}">{self.csrf}{self.back}'
                    f'<input type="hidden" name="outcome" value="{outcome}">'
                    f'<button type="submit" class="outcome-{outcome}">{label}{hidden}</button>'
                    "</form>"
                )
        else:
            parts.append(
                f'<a class="move" href="{self.here}&amp;move={booking.pk}">{self.move}{hidden}</a>'
            )
        parts.append("</div>")
        # One line each, as the template wrote them: the patient, the reason and
        # the words after them read apart (the line breaks are spaces on screen).
        return "\n".join(parts)


def worklist_lines(
    worklist: Iterable[ToRebook], *, board_path: str, department_pk: int
) -> SafeString:
    """The worklist's lines under the grid, as its template loop wrote them
    (a clock filter, two date filters, two translations and a dozen lookups
    per line were a fifth of a booked board's time, issue 23)."""
    move, open_ = escape(_("Move")), escape(_("Open"))
    here = f"{escape(board_path)}?department={department_pk}"
    lines = []
    for b in worklist:
        start = timezone.localtime(b.start)
        link = f"{here}&amp;day={start.date().isoformat()}"
        lines.append(
            f"<li>{escape(clock(start, 'D j M H:i'))} — {escape(b.practitioner)}"
            f" — {escape(b.patient)} ({escape(b.phone)}),"
            f" {escape(b.reason)}\n"
            f'    <a class="no-print" href="{link}&amp;move={b.pk}">{move}</a>\n'
            f'    <a class="no-print" href="{link}&amp;booking={b.pk}">{open_}</a></li>\n'
        )
    return mark_safe("".join(lines))  # every value is escaped above
