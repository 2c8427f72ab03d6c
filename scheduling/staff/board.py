"""The secretaries' board: a department's day or week at a glance, and every
phone-desk action from it — book a free slot for a caller, move, cancel,
check in, record the outcome.

State lives in the URL (department, day, week, the open panel, the booking
being moved), so every view of the board is a plain GET link that htmx
(hx-boost) swaps in place and that still works without it. Writes are posts
to the staff views (scheduling.staff.views), each one service call, which
come back here. Every object is looked up within the caller's departments:
another department's slot or booking is a 404.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.events import record_read
from hospital.params import date_param, id_param
from scheduling.models import Booking, Slot
from scheduling.selectors import board as selectors
from scheduling.selectors.access import departments_for, patients_for
from scheduling.selectors.person_data import relatives_of_callers
from scheduling.selectors.reasons import offered_reasons
from scheduling.selectors.worklist import soonest_to_rebook
from scheduling.services import booking as service
from scheduling.services.notifications import told, will_tell
from scheduling.services.refusals import Refused
from scheduling.staff.board_cells import csrf_field, worklist_lines
from scheduling.staff.board_grid import written_grid
from scheduling.staff.forms import BoardBookingForm, CallerSearchForm
from scheduling.staff.refusals import staff_words

REMEMBERED = "board_department"
SEARCH_RESULTS = 10
# The worklist under the grid shows the soonest; the worklist page has them all.
# An absence can displace a hundred appointments, and each line through the
# template cost the board as much as a column of the grid (issue 23).
WORKLIST_SHOWN = 20


def board_url(department_id: int, day: datetime.date, *, week: bool = False, **extra) -> str:
    query = {"department": department_id, "day": day.isoformat(), **extra}
    if week:
        query["week"] = "1"
    return f"{reverse('admin:scheduling_board')}?{urlencode(query)}"


def back_to_board(booking: Booking, *, week: bool = False) -> HttpResponse:
    slot = booking.slot
    return redirect(board_url(slot.agenda.department_id, slot.local_date, week=week))


def _department(request, query, departments: list):
    """The department asked for, else the one used last, else the first, among
    the caller's (read once: the board lists them in its controls too)."""
    wanted = id_param(query.get("department")) or request.session.get(REMEMBERED)
    department = next((d for d in departments if d.pk == wanted), None) if wanted else None
    if department is None and query.get("department"):
        raise Http404  # another department's board, or none
    department = department or next(iter(departments), None)
    if department is None:
        raise Http404
    remember(request, department)
    return department


def remember(request, department) -> None:
    """The board and the day sheet open on the department used last."""
    if request.session.get(REMEMBERED) != department.pk:
        request.session[REMEMBERED] = department.pk


def board(request) -> HttpResponse:
    query = request.GET
    departments = list(
        departments_for(request.user).select_related("establishment").order_by("name", "pk")
    )
    department = _department(request, query, departments)
    # What the URL names is found (or is a 404) before anything is read and audited.
    moving = _moving(query, department)
    panel = _panel(request, query, department)
    day = date_param(query.get("day")) or timezone.localdate()
    week = query.get("week") == "1"
    first_day = day - datetime.timedelta(days=day.weekday()) if week else day
    here = {"department": department.pk, "day": day.isoformat(), "week": "1" if week else ""}
    here_query = urlencode({k: v for k, v in here.items() if v})
    board_path = reverse("admin:scheduling_board")
    # Kept from an earlier view while none of its rows has changed (board_grid).
    grid = written_grid(
        department,
        first_day,
        7 if week else 1,
        board_path=board_path,
        here_query=here_query,
        week=week,
        moving=moving,
    )
    worklist, waiting = soonest_to_rebook(request.user, department=department, first=WORKLIST_SHOWN)
    record_read(
        "scheduling_booking",
        "board",
        detail={"bookings": [*grid.bookings, *(b.pk for b in worklist)]},
    )
    context = {
        "grid": grid,
        "column_headers": grid.headers,
        "rows": grid.rows(csrf_field(request)),
        "department": department,
        "departments": departments,
        "day": day,
        "week": week,
        "here": here,
        "here_query": here_query,
        "previous": day - datetime.timedelta(days=7 if week else 1),
        "next": day + datetime.timedelta(days=7 if week else 1),
        "today": timezone.localdate(),
        "worklist": worklist,
        "waiting": waiting,
        "worklist_lines": worklist_lines(
            worklist, board_path=board_path, department_pk=department.pk
        ),
        "moving": moving,
        "board_path": board_path,
        **panel,
    }
    # htmx swaps the board alone; going back in history, it wants the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "scheduling/staff/_board.html" if partial else "scheduling/staff/board.html"
    return render(request, template, {**_admin_context(request), **context})


def _admin_context(request) -> dict:
    # The grid takes the screen's width: no admin sidebar, whose list of
    # every model the caller may see is then never read (config/admin_site.py).
    return {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": _("Agenda board"),
    }


def _their_booking(department, raw: str | None) -> Booking | None:
    if raw is None:
        return None
    return get_object_or_404(
        Booking.objects.select_related("patient", "reason", "slot__agenda__practitioner"),
        pk=id_param(raw) or 0,
        slot__agenda__department=department,
    )


def _moving(query, department) -> Booking | None:
    booking = _their_booking(department, query.get("move"))
    if booking is not None and booking.status != Booking.Status.BOOKED:
        return None
    return booking


def _panel(request, query, department) -> dict:
    if "slot" in query:
        return _slot_panel(request, query, department)
    booking = _their_booking(department, query.get("booking"))
    if booking is None:
        return {}
    record_read("scheduling_booking", booking.pk)
    return {"opened": booking, "will_tell": will_tell(booking.patient)}


def _slot_panel(request, query, department, form=None) -> dict:
    """The booking panel of a free slot: its reasons, the caller search, a new patient."""
    slot = get_object_or_404(
        Slot.objects.select_related("agenda__practitioner"),
        pk=id_param(query.get("slot")) or 0,
        agenda__department=department,
    )
    free = Slot.objects.free().open_to(Booking.Channel.PHONE)
    if not free.filter(pk=slot.pk, start__gt=timezone.now()).exists():
        return {"slot": slot, "not_free": True}
    search = CallerSearchForm(query if "name" in query else None, auto_id="search_%s")
    callers, relatives = [], []
    if search.is_bound and search.is_valid() and search.has_query():
        data = search.cleaned_data
        callers = list(
            selectors.find_callers(
                request.user,
                name=data["name"],
                birth_date=data["birth_date"],
                phone=data["phone"],
            )[:SEARCH_RESULTS]
        )
        relatives = relatives_of_callers(callers, within=patients_for(request.user))
        record_read(
            "scheduling_patient",
            "caller-search",
            detail={"patients": [p.pk for p in callers + relatives]},
        )
    reasons = offered_reasons(slot, Booking.Channel.PHONE)
    if form is None:
        first_two = list(reasons[:2])  # one reason only: chosen already
        initial = {"slot": slot.pk, "reason": first_two[0].pk if len(first_two) == 1 else None}
        form = BoardBookingForm(
            initial=initial, slots=Slot.objects.none(), reasons=reasons, patients=None
        )
    return {
        "slot": slot,
        "search": search,
        "callers": callers,
        "relatives": relatives,
        "booking_form": form,
    }


@require_POST
def board_book(request):
    """Book the panel's slot for the caller found, or for a new patient."""
    departments = departments_for(request.user)
    slot = get_object_or_404(
        Slot.objects.select_related("agenda__department"),
        pk=id_param(request.POST.get("slot")) or 0,
        agenda__department__in=departments,
    )
    form = BoardBookingForm(
        request.POST,
        slots=Slot.objects.filter(pk=slot.pk),
        reasons=offered_reasons(slot, Booking.Channel.PHONE),
        patients=patients_for(request.user),
    )
    if form.is_valid():
        patient = form.chosen_patient()
        returning = form.cleaned_data["returning"]
        if form.cleaned_data["patient"] != "new":
            returning = selectors.has_consulted(patient, slot.agenda)
        try:
            booking = service.book(
                slot=slot,
                reason=form.cleaned_data["reason"],
                patient=patient,
                channel=Booking.Channel.PHONE,
                by=request.user,
                returning=returning,
            )
        except Refused as refused:
            messages.error(request, staff_words(refused))
        else:
            messages.success(
                request,
                _("Booked: %(patient)s, reference %(ref)s.")
                % {"patient": booking.patient, "ref": booking.public_id.hex[:8]}
                + " "
                + told(booking.patient),
            )
            return redirect(
                board_url(slot.agenda.department_id, slot.local_date, booking=booking.pk)
            )
    # The panel alone, again, with what was typed, the reasons and the refusal
    # (not the whole board: a refusal reads no one's appointments).
    department = slot.agenda.department
    here = {"department": department.pk, "day": slot.local_date.isoformat(), "week": ""}
    context = {
        "department": department,
        "here": here,
        "here_query": urlencode({k: v for k, v in here.items() if v}),
        "board_path": reverse("admin:scheduling_board"),
        **_slot_panel(request, {"slot": str(slot.pk)}, department, form),
    }
    return render(
        request, "scheduling/staff/board_book.html", {**_admin_context(request), **context}
    )
