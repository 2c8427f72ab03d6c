"""The portal week's cells, written out in Python (issue 23).

As on the secretaries' board (scheduling/staff/board_cells.py): each slot
through the template engine cost a dozen tags, a ``{% url %}`` and a
``{% csrf_token %}``. Here the words, the forms' fixed parts and the CSRF
field are worked out once per page and each row's seven days joined into one
string; the HTML is the one the template wrote (tests/portal/test_week.py,
tests/browser/test_board_journeys.py). Every value from the database goes
through ``escape``.
"""

import datetime

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from scheduling.selectors.board import Cell


class WeekWriter:
    """Writes the cells of one portal week for one request."""

    def __init__(self, request, *, monday: datetime.date, multiple_agendas: bool):
        csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        )
        # What follows the "open" field in each form: the way back to this week.
        self.back = (
            '<input type="hidden" name="back" value="week">'
            f'<input type="hidden" name="week" value="{monday.isoformat()}">'
        )
        self.csrf = csrf
        self.multiple_agendas = multiple_agendas
        self.free = escape(_("free"))
        self.closed = escape(_("closed"))
        self.to_rebook = escape(_("to rebook"))
        self.being_confirmed = escape(_("being confirmed"))
        self.close = escape(_("Close"))
        self.open = escape(_("Open"))
        self._toggle: dict[int, str] = {}

    def row(self, days: list[list[Cell]]) -> SafeString:
        return mark_safe(  # every value is escaped by the writers below
            "".join("<td>" + "\n".join(self.cell(c) for c in cells) + "</td>" for cells in days)
        )

    def _action(self, slot) -> str:
        """portal:slot_toggle for this slot: reversed once per agenda."""
        if slot.agenda_id not in self._toggle:
            url = reverse("portal:slot_toggle", args=[slot.agenda_id, 0])
            self._toggle[slot.agenda_id] = escape(url.removesuffix("0/"))
        return f"{self._toggle[slot.agenda_id]}{slot.pk}/"

    def _form(self, cell: Cell, *, opens: bool, label: str) -> str:
        return (
            f'<form method="post" action="{self._action(cell.slot)}" class="inline">{self.csrf}'
            f'<input type="hidden" name="open" value="{1 if opens else 0}">{self.back}\n'
            f'<button type="submit" class="small">{label}'
            f'<span class="visually-hidden"> {escape(cell.when)}</span></button></form>'
        )

    def cell(self, cell: Cell) -> str:
        state, booking = cell.state, cell.booking
        parts = [f'<div class="cal-{escape(state)}">']
        if self.multiple_agendas:
            parts.append(f'<span class="cal-where">{escape(cell.where)}</span>')
        if booking:
            words = f"<strong>{escape(booking.patient)}</strong> <span>{escape(booking.local_reason)}</span>"
            if state == "to-rebook":
                words += f" <em>{self.to_rebook}</em>"
            elif state == "held":
                words += f" <em>{self.being_confirmed}</em>"
            parts.append(words)
        elif state == "free":
            parts.append(f"<span>{self.free}</span>")
            parts.append(self._form(cell, opens=False, label=self.close))
        elif state == "closed":
            parts.append(f"<span>{self.closed}</span>")
            if not cell.started:
                parts.append(self._form(cell, opens=True, label=self.open))
        else:
            parts.append("<span>—</span>")
        parts.append("</div>")
        return "\n".join(parts)
