"""The call-centre console: an agent on the phone finds a time (by specialty,
place, practitioner, or the earliest anywhere in their rights), finds or
creates the caller as the secretaries' board does, and books, moves or
cancels through the booking service, on the channel "call_centre".

Every object is looked up within the agent's call centre
(selectors.call_centre): a slot, booking or caller outside it is a 404.
Served under /call-centre/, so the audit trail records its changes with the
agent as actor and the channel "call_centre" (audit.middleware).
"""

import datetime
import functools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.events import record_read
from hospital.params import id_param
from scheduling.callcentre.forms import CancelForm, MoveForm, SlotSearchForm
from scheduling.forms import BoardBookingForm, CallerSearchForm
from scheduling.models import Booking, Patient, Slot, WaitlistEntry
from scheduling.selectors import board as board_selectors
from scheduling.selectors import call_centre as scope
from scheduling.selectors.access import patients_for
from scheduling.selectors.reasons import offered_reasons
from scheduling.services import booking as service
from scheduling.services import waitlist
from scheduling.services.notifications import told
from scheduling.services.patients import PatientDetails
from scheduling.services.refusals import Refused

CHANNEL = Booking.Channel.CALL_CENTRE
SLOTS_SHOWN = 12
CALLERS_SHOWN = 10


def agent_view(view):
    """Signed in through the staff login; an agent of an active call centre."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        team = scope.call_centre_of(request.user)
        if team is None:
            raise PermissionDenied
        return view(request, team, *args, **kwargs)

    return admin.site.admin_view(wrapped)


def _render(request, template: str, context: dict) -> HttpResponse:
    return render(request, f"scheduling/callcentre/{template}", context)


@agent_view
def console(request, team) -> HttpResponse:
    asked = request.GET and "name" not in request.GET  # not the caller search
    search = SlotSearchForm(request.GET if asked else None, team=team)
    slots = None
    if search.is_bound and search.is_valid():
        data = search.cleaned_data
        slots = list(
            scope.free_slots(
                team,
                specialty=data["specialty"],
                establishment=data["establishment"],
                practitioner=data["practitioner"],
            )[:SLOTS_SHOWN]
        )
    callers, appointments, waiting = _callers_and_appointments(request, team)
    context = {
        "team": team,
        "search": search,
        "slots": slots,
        "caller_search": callers,
        "appointments": appointments,
        "waiting": waiting,
    }
    return _render(request, "console.html", context)


def _callers_and_appointments(request, team):
    """A returning caller's upcoming appointments and waiting-list places in
    the team's scope."""
    form = CallerSearchForm(request.GET if "name" in request.GET else None, auto_id="caller_%s")
    if not (form.is_bound and form.is_valid() and form.has_query()):
        return form, None, []
    data = form.cleaned_data
    found = board_selectors.find_callers(
        request.user, name=data["name"], birth_date=data["birth_date"], phone=data["phone"]
    )[:CALLERS_SHOWN]
    appointments = list(
        scope.bookings_of(team)
        .upcoming()
        .filter(patient__in=[patient.pk for patient in found])
        .select_related("patient", "slot__agenda__practitioner", "slot__agenda__department")
        .order_by("slot__start")
    )
    record_read(
        "scheduling_booking",
        "call-centre-search",
        detail={"bookings": [b.pk for b in appointments]},
    )
    waiting = list(
        scope.waitlist_of(team)
        .filter(
            patient__in=[patient.pk for patient in found],
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        )
        .select_related("patient", "reason__agenda__practitioner")
    )
    if waiting:
        record_read(
            "scheduling_waitlistentry",
            "call-centre-search",
            detail={"entries": [entry.pk for entry in waiting]},
        )
    return form, appointments, waiting


@agent_view
def slot_detail(request, team, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(
        scope.slots_of(team).select_related("agenda__practitioner", "agenda__department"),
        pk=slot_id,
    )
    return _render(request, "book.html", _booking_context(request, team, slot, None))


def _booking_context(request, team, slot: Slot, form) -> dict:
    free = scope.free_slots(team).filter(pk=slot.pk).exists()
    if not free:
        return {"team": team, "slot": slot, "not_free": True}
    search = CallerSearchForm(request.GET if "name" in request.GET else None, auto_id="search_%s")
    callers = []
    if search.is_bound and search.is_valid() and search.has_query():
        data = search.cleaned_data
        callers = list(
            board_selectors.find_callers(
                request.user,
                name=data["name"],
                birth_date=data["birth_date"],
                phone=data["phone"],
            )[:CALLERS_SHOWN]
        )
        record_read(
            "scheduling_patient", "caller-search", detail={"patients": [p.pk for p in callers]}
        )
    reasons = offered_reasons(slot, CHANNEL)
    if form is None:
        first_two = list(reasons[:2])  # one reason only: chosen already
        initial = {"slot": slot.pk, "reason": first_two[0].pk if len(first_two) == 1 else None}
        form = BoardBookingForm(
            initial=initial, slots=Slot.objects.none(), reasons=reasons, patients=None
        )
    return {"team": team, "slot": slot, "search": search, "callers": callers, "booking_form": form}


@require_POST
@agent_view
def book(request, team, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(scope.slots_of(team).select_related("agenda"), pk=slot_id)
    form = BoardBookingForm(
        request.POST,
        slots=Slot.objects.filter(pk=slot.pk),
        reasons=offered_reasons(slot, CHANNEL),
        patients=patients_for(request.user),
    )
    if form.is_valid():
        patient = form.chosen_patient()
        returning = form.cleaned_data["returning"]
        if form.cleaned_data["patient"] != "new":
            returning = board_selectors.has_consulted(patient, slot.agenda)
        try:
            booking = service.book(
                slot=slot,
                reason=form.cleaned_data["reason"],
                patient=patient,
                channel=CHANNEL,
                by=request.user,
                returning=returning,
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Booked.") + " " + told(booking.patient))
            return redirect("call_centre:booking", booking_id=booking.pk)
    return _render(request, "book.html", _booking_context(request, team, slot, form))


def _their_booking(team, booking_id: int) -> Booking:
    return get_object_or_404(
        scope.bookings_of(team).select_related(
            "patient", "reason", "slot__agenda__practitioner", "slot__agenda__department"
        ),
        pk=booking_id,
    )


@agent_view
def booking_detail(request, team, booking_id: int) -> HttpResponse:
    booking = _their_booking(team, booking_id)
    record_read("scheduling_booking", booking.pk)
    context = {"team": team, "booking": booking, "cancel_form": CancelForm()}
    if booking.status == Booking.Status.BOOKED and booking.slot.start > timezone.now():
        context["moves"] = list(
            scope.free_slots(team).filter(agenda=booking.slot.agenda_id)[:SLOTS_SHOWN]
        )
    return _render(request, "booking.html", context)


@require_POST
@agent_view
def booking_cancel(request, team, booking_id: int) -> HttpResponse:
    booking = _their_booking(team, booking_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            service.cancel(booking, reason=form.cleaned_data["reason"], by=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Cancelled.") + " " + told(booking.patient))
    else:
        messages.error(request, _("Please give a reason for the cancellation."))
    return redirect("call_centre:booking", booking_id=booking.pk)


@require_POST
@agent_view
def booking_move(request, team, booking_id: int) -> HttpResponse:
    booking = _their_booking(team, booking_id)
    form = MoveForm(request.POST)
    target = id_param(request.POST.get("slot")) if form.is_valid() else None
    # The new time, too, must be one the agent may book.
    slot = get_object_or_404(scope.slots_of(team), pk=target or 0)
    try:
        service.move(booking, to_slot=slot, by=request.user, channel=CHANNEL)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Moved.") + " " + told(booking.patient))
    return redirect("call_centre:booking", booking_id=booking.pk)


def _details(patient: Patient | PatientDetails) -> PatientDetails:
    """The waiting list takes a caller's details; a record found is its own."""
    if isinstance(patient, PatientDetails):
        return patient
    return PatientDetails(
        first_name=patient.first_name,
        last_name=patient.last_name,
        birth_date=patient.birth_date,
        email=patient.email,
        phone=patient.phone,
        sms_consent=patient.sms_consent,
    )


def wanted_before(slot: Slot) -> datetime.date:
    """A caller who would take an earlier time than `slot`: the day before it."""
    day = timezone.localtime(slot.start).date() - datetime.timedelta(days=1)
    return max(day, timezone.localdate())


@require_POST
@agent_view
def waitlist_join(request, team, slot_id: int) -> HttpResponse:
    """The caller would rather come earlier than this time: in line on its
    agenda's waiting list for the chosen reason, until the day before it."""
    slot = get_object_or_404(scope.slots_of(team).select_related("agenda"), pk=slot_id)
    form = BoardBookingForm(
        request.POST,
        slots=Slot.objects.filter(pk=slot.pk),
        reasons=offered_reasons(slot, CHANNEL),
        patients=patients_for(request.user),
    )
    if form.is_valid():
        patient = form.chosen_patient()
        returning = form.cleaned_data["returning"]
        if form.cleaned_data["patient"] != "new":
            returning = board_selectors.has_consulted(patient, slot.agenda)
        try:
            entry = waitlist.join(
                patient=_details(patient),
                returning=returning,
                wanted_before=wanted_before(slot),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("On the waiting list."))
            return redirect("call_centre:waitlist_entry", entry_id=entry.pk)
    return _render(request, "book.html", _booking_context(request, team, slot, form))


def _their_entry(team, entry_id: int) -> WaitlistEntry:
    return get_object_or_404(
        scope.waitlist_of(team).select_related(
            "patient", "reason__agenda__practitioner", "reason__agenda__department"
        ),
        pk=entry_id,
    )


@agent_view
def waitlist_entry(request, team, entry_id: int) -> HttpResponse:
    entry = _their_entry(team, entry_id)
    record_read("scheduling_waitlistentry", entry.pk)
    return _render(request, "waitlist_entry.html", {"team": team, "entry": entry})


@require_POST
@agent_view
def waitlist_leave(request, team, entry_id: int) -> HttpResponse:
    entry = _their_entry(team, entry_id)
    try:
        waitlist.withdraw(entry, by=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("No longer on the waiting list."))
    return redirect("call_centre:waitlist_entry", entry_id=entry.pk)
