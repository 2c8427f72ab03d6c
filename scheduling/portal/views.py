"""The practitioner portal: their own agendas only, and their day.

Every view finds its objects through the logged-in practitioner (404 for
anything else) and writes through scheduling.services.agendas.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.events import record_read
from scheduling.ics import (
    issue_feed_token,
    practitioner_feed_ics,
    practitioner_for_token,
    revoke_feed,
)
from scheduling.models import Agenda, Booking, CalendarFeed, OpeningRule, Slot, VisitReason
from scheduling.portal.forms import AbsenceForm, ReasonForm, RuleForm
from scheduling.services import agendas as agenda_changes
from scheduling.services.refusals import Refused


def _practitioner(request):
    practitioner = getattr(request.user, "practitioner", None)
    if practitioner is None:
        raise Http404  # a staff account that is not a practitioner has no portal
    return practitioner


def practitioner_required(view):
    return never_cache(login_required(view, login_url="portal:login"))


def _own_agenda(request, agenda_id: int) -> Agenda:
    return get_object_or_404(
        Agenda.objects.select_related("department__establishment"),
        pk=agenda_id,
        practitioner=_practitioner(request),
    )


@practitioner_required
def dashboard(request):
    """Today's appointments with the patient and reason, then the week ahead."""
    practitioner = _practitioner(request)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    bookings = (
        Booking.objects.active()
        .filter(
            slot__agenda__practitioner=practitioner,
            slot__start__gte=start,
            slot__start__lt=start + datetime.timedelta(days=8),
        )
        .select_related("patient", "reason", "slot__agenda__department")
        .order_by("slot__start")
    )
    today_end = start + datetime.timedelta(days=1)
    bookings = list(bookings)
    # Listing patients by name is a read of their bookings: audited.
    record_read("scheduling_booking", "portal-day", detail={"bookings": [b.pk for b in bookings]})
    return render(
        request,
        "scheduling/portal/dashboard.html",
        {
            "practitioner": practitioner,
            "agendas": practitioner.agendas.select_related("department__establishment"),
            "today": [b for b in bookings if b.slot.start < today_end],
            "week": [b for b in bookings if b.slot.start >= today_end],
        },
    )


@practitioner_required
def agenda_detail(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    now = timezone.now()
    slots = (
        agenda.slots.filter(start__gte=now, start__lt=now + datetime.timedelta(days=14))
        .prefetch_related("bookings")
        .order_by("start")
    )
    return render(
        request,
        "scheduling/portal/agenda.html",
        {
            "agenda": agenda,
            "rules": agenda.opening_rules.prefetch_related("reasons"),
            "absences": agenda.absences.filter(end__gte=now),
            "reasons": agenda.reasons.all(),
            "slots": [(slot, any(b.is_active for b in slot.bookings.all())) for slot in slots],
            "rule_form": RuleForm(agenda=agenda, initial={"valid_from": timezone.localdate()}),
            "absence_form": AbsenceForm(),
        },
    )


def _done(request, agenda: Agenda, action) -> HttpResponse:
    """Run one change; a refusal becomes a message listing what is in the way."""
    try:
        result = action()
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Saved."))
        conflicts = getattr(result, "conflicts", None)
        if conflicts:
            messages.warning(
                request,
                _("Booked slots kept although the rules no longer open them: %(list)s")
                % {
                    "list": ", ".join(
                        f"{timezone.localtime(s.start):%d/%m %H:%M}" for s in conflicts
                    )
                },
            )
    return redirect("portal:agenda_detail", agenda_id=agenda.pk)


def _invalid(request, agenda: Agenda, form) -> HttpResponse:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("portal:agenda_detail", agenda_id=agenda.pk)


@require_POST
@practitioner_required
def rule_add(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    form = RuleForm(request.POST, agenda=agenda)
    if not form.is_valid():
        return _invalid(request, agenda, form)
    return _done(
        request,
        agenda,
        lambda: agenda_changes.add_rule(agenda, by=request.user, **form.cleaned_data),
    )


@require_POST
@practitioner_required
def rule_remove(request, agenda_id: int, rule_id: int):
    agenda = _own_agenda(request, agenda_id)
    rule = get_object_or_404(OpeningRule, pk=rule_id, agenda=agenda)
    return _done(request, agenda, lambda: agenda_changes.remove_rule(rule, by=request.user))


@require_POST
@practitioner_required
def absence_add(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, agenda, form)
    return _done(
        request,
        agenda,
        lambda: agenda_changes.add_absence(agenda, by=request.user, **form.cleaned_data),
    )


@require_POST
@practitioner_required
def slot_toggle(request, agenda_id: int, slot_id: int):
    agenda = _own_agenda(request, agenda_id)
    slot = get_object_or_404(Slot, pk=slot_id, agenda=agenda)
    is_open = request.POST.get("open") == "1"
    return _done(
        request,
        agenda,
        lambda: agenda_changes.set_slot_open(slot, is_open=is_open, by=request.user),
    )


@require_POST
@practitioner_required
def reason_update(request, agenda_id: int, reason_id: int):
    agenda = _own_agenda(request, agenda_id)
    reason = get_object_or_404(VisitReason, pk=reason_id, agenda=agenda)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _invalid(request, agenda, form)
    return _done(
        request,
        agenda,
        lambda: agenda_changes.update_reason(reason, by=request.user, **form.cleaned_data),
    )


@practitioner_required
def feed(request):
    practitioner = _practitioner(request)
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_feed(practitioner)
            messages.success(request, _("The calendar link no longer works."))
        else:
            token = issue_feed_token(practitioner)
    feed_url = (
        request.build_absolute_uri(reverse("portal_calendar", args=[token])) if token else None
    )
    has_feed = CalendarFeed.objects.filter(practitioner=practitioner).exists()
    return render(
        request, "scheduling/portal/feed.html", {"has_feed": has_feed, "feed_url": feed_url}
    )


def calendar_feed(request, token: str):
    """For calendar apps: no login, the private token is the key."""
    practitioner = practitioner_for_token(token)
    if practitioner is None:
        raise Http404
    response = HttpResponse(
        practitioner_feed_ics(practitioner), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
