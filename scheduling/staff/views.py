"""Staff screens in the admin: a department's day or week, booking on a
caller's behalf, and cancelling, moving or recording a booking's outcome.

Each view sees only the caller's departments (scheduling.selectors.access) and writes
through scheduling.services.booking, with the staff member as the acting user.
"""

import datetime

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.events import record_read
from hospital.params import id_param
from scheduling.models import Absence, Agenda, Booking, Slot, VisitReason
from scheduling.selectors.access import departments_for
from scheduling.selectors.worklist import to_rebook
from scheduling.services import booking as service
from scheduling.services.notifications import told, will_tell
from scheduling.services.refusals import Refused
from scheduling.staff import board
from scheduling.staff.forms import DayForm, PhoneBookingForm, StaffCancelForm, StaffMoveForm
from scheduling.staff.refusals import staff_words


def _context(request, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def _local_range(day: datetime.date, days: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return start, start + datetime.timedelta(days=days)


def department_day(request):
    """Who is booked when, the free slots and the absences, for a day or a week."""
    departments = departments_for(request.user)
    form = DayForm(
        request.GET or None,
        departments=departments,
        initial={
            "day": timezone.localdate(),
            "department": request.session.get(board.REMEMBERED),
        },
    )
    agendas = day = None
    if form.is_valid():
        board.remember(request, form.cleaned_data["department"])
        day = form.cleaned_data["day"]
        if form.cleaned_data["week"]:
            day -= datetime.timedelta(days=day.weekday())
        start, end = _local_range(day, 7 if form.cleaned_data["week"] else 1)
        agendas = list(_agendas_between(form.cleaned_data["department"], start, end))
        shown = [b.pk for a in agendas for s in a.day_slots for b in s.live_bookings]
        record_read("scheduling_booking", "department-day", detail={"bookings": shown})
    return render(
        request,
        "scheduling/staff/department_day.html",
        _context(
            request,
            _("Department agendas"),
            form=form,
            agendas=agendas,
            day=day,
            department=form.cleaned_data["department"] if agendas is not None else None,
        ),
    )


def _agendas_between(department, start, end):
    slots = (
        Slot.objects.filter(start__gte=start, start__lt=end)
        .order_by("start")
        .prefetch_related(
            Prefetch(
                "bookings",
                Booking.objects.not_cancelled().select_related("patient", "reason"),
                to_attr="live_bookings",
            )
        )
    )
    absences = Absence.objects.filter(start__lt=end, end__gt=start)
    return (
        Agenda.objects.filter(department=department)
        .select_related("practitioner")
        .prefetch_related(
            Prefetch("slots", slots, to_attr="day_slots"),
            Prefetch("absences", absences, to_attr="day_absences"),
        )
    )


def _staff_slots(request):
    """Free slots of the caller's departments, from now on, within the horizon."""
    now = timezone.now()
    return (
        Slot.objects.free()
        .open_to(Booking.Channel.PHONE, now)
        .filter(
            agenda__department__in=departments_for(request.user),
            start__gt=now,
            start__lt=now + datetime.timedelta(weeks=26),
            agenda__is_active=True,
        )
        .select_related("agenda__practitioner", "agenda__department")
        .order_by("start")
    )


def phone_booking(request):
    """Book on behalf of a caller: one service call, which finds the caller's
    record among the patients this secretary reaches, or creates one."""
    departments = departments_for(request.user)
    reasons = VisitReason.objects.filter(agenda__department__in=departments)
    form = PhoneBookingForm(
        request.POST or None,
        # Any open slot of theirs: if it was taken meanwhile, the service says so.
        slots=Slot.objects.filter(agenda__department__in=departments, status=Slot.Status.OPEN),
        reasons=reasons.select_related("agenda__practitioner"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = service.book(
                slot=data["slot"],
                reason=data["reason"],
                patient=form.patient(),
                channel=Booking.Channel.PHONE,
                by=request.user,
                returning=data["seen_before"] == "returning",
            )
        except Refused as refused:
            messages.error(request, staff_words(refused))
        else:
            messages.success(
                request,
                _("Booked: reference %(ref)s.") % {"ref": booking.public_id.hex[:8]}
                + " "
                + told(booking.patient),
            )
            return redirect(reverse("admin:scheduling_booking_change", args=[booking.pk]))
    # Shown (again, after a refusal): the next slots to choose from, in one query.
    form.fields["slot"].queryset = _slot_choices(request, form.data.get("slot"))
    return render(
        request,
        "scheduling/staff/phone_booking.html",
        _context(request, _("Book for a caller"), form=form),
    )


SLOT_CHOICES = 300


def _slot_choices(request, chosen: str | None):
    """The next free slots of the caller's departments (of one agenda with
    ?agenda=), and the slot already chosen on a refused form."""
    slots = _staff_slots(request)
    agenda = id_param(request.GET.get("agenda"))
    if agenda:
        slots = slots.filter(agenda_id=agenda)
    shown = list(slots.values_list("pk", flat=True)[:SLOT_CHOICES])
    chosen_id = id_param(chosen)
    if chosen_id:
        shown.append(chosen_id)
    return (
        Slot.objects.filter(pk__in=shown, agenda__department__in=departments_for(request.user))
        .select_related("agenda__practitioner")
        .order_by("start")
    )


def worklist(request):
    """Appointments an absence displaced: each to move or cancel, patient told."""
    bookings = to_rebook(request.user)
    record_read("scheduling_booking", "worklist", detail={"bookings": [b.pk for b in bookings]})
    return render(
        request,
        "scheduling/staff/worklist.html",
        _context(request, _("Appointments to rebook"), bookings=bookings),
    )


def _their_booking(request, booking_id: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("slot__agenda__practitioner", "patient", "reason"),
        pk=booking_id,
        slot__agenda__department__in=departments_for(request.user),
    )


def _back(request, booking: Booking):
    """To the board when the action was taken there, else to the booking's page."""
    if request.POST.get("back") == "board":
        return board.back_to_board(booking, week=request.POST.get("week") == "1")
    return redirect(reverse("admin:scheduling_booking_change", args=[booking.pk]))


def _refused_on_board(request, booking: Booking, form):
    """Back to the board, which says why (it has no room for this page's form)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(request, booking)


def booking_cancel(request, booking_id: int):
    booking = _their_booking(request, booking_id)
    form = StaffCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.cancel(booking, reason=form.cleaned_data["reason"], by=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("The booking is cancelled; it stays on record.") + " " + told(booking.patient),
            )
            return _back(request, booking)
    if request.method == "POST" and request.POST.get("back") == "board":
        return _refused_on_board(request, booking, form)
    return render(
        request,
        "scheduling/staff/booking_form.html",
        _context(
            request,
            _("Cancel a booking"),
            form=form,
            booking=booking,
            will_tell=will_tell(booking.patient),
        ),
    )


def booking_move(request, booking_id: int):
    booking = _their_booking(request, booking_id)
    slots = _staff_slots(request).filter(agenda=booking.slot.agenda)
    form = StaffMoveForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            moved = service.move(
                booking,
                to_slot=form.cleaned_data["slot"],
                by=request.user,
                channel=Booking.Channel.PHONE,
            )
        except Refused as refused:
            messages.error(request, staff_words(refused))
        else:
            messages.success(request, _("The booking is moved.") + " " + told(booking.patient))
            return _back(request, moved)
    if request.method == "POST" and request.POST.get("back") == "board":
        # Still moving: the board opens on the day tried, in move mode.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        target = form.cleaned_data.get("slot") if form.is_bound and form.is_valid() else None
        day = target.local_date if target else booking.slot.local_date
        week = request.POST.get("week") == "1"
        return redirect(
            board.board_url(booking.slot.agenda.department_id, day, week=week, move=booking.pk)
        )
    return render(
        request,
        "scheduling/staff/booking_form.html",
        _context(
            request,
            _("Move a booking"),
            form=form,
            booking=booking,
            will_tell=will_tell(booking.patient),
        ),
    )


def booking_outcome(request, booking_id: int):
    booking = _their_booking(request, booking_id)
    if request.method != "POST" or request.POST.get("outcome") not in ("honoured", "missed"):
        raise Http404
    try:
        service.record_outcome(
            booking, honoured=request.POST["outcome"] == "honoured", by=request.user
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        done = _("Honoured") if request.POST["outcome"] == "honoured" else _("Missed")
        messages.success(request, f"{booking.patient}: {done}.")
    return _back(request, booking)


@require_POST
def booking_check_in(request, booking_id: int):
    """The patient is at the front desk: one click, from the board or the booking's page."""
    booking = _their_booking(request, booking_id)
    try:
        service.check_in(booking, by=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(patient)s has arrived.") % {"patient": booking.patient})
    return _back(request, booking)
