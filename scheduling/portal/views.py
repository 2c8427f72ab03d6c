"""The practitioner portal: their own agendas only, and their day.

Every view finds its objects through the logged-in practitioner (404 for
anything else) and writes through scheduling.services.agendas.
"""

import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.events import record_read
from hospital.params import date_param
from scheduling.ics import (
    feed_bookings,
    issue_feed_token,
    practitioner_feed_ics,
    practitioner_for_token,
    revoke_feed,
)
from scheduling.models import (
    Agenda,
    Booking,
    CalendarFeed,
    OpeningRule,
    Slot,
    VisitReason,
)
from scheduling.portal.forms import (
    AbsenceForm,
    PartnerOptInForm,
    ReasonForm,
    ReservationForm,
    RuleForm,
)
from scheduling.portal.week_cells import WeekWriter
from scheduling.selectors.api_scope import partners_for
from scheduling.selectors.calendar import affected_by_absence, week_grid
from scheduling.selectors.reasons import with_weekly_hours
from scheduling.services import agendas as agenda_changes
from scheduling.services import partners as partner_changes
from scheduling.services.agendas import displaced_message
from scheduling.services.notifications import will_tell as will_be_told
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


def _menu_agendas(request) -> list[Agenda]:
    """The caller's agendas as the menu lists them, each with its practitioner:
    one query where the practitioner, then the menu's agendas, took two."""
    return list(
        Agenda.objects.filter(practitioner__user=request.user).select_related(
            "practitioner", "department__establishment"
        )
    )


@practitioner_required
def dashboard(request):
    """Today's appointments with the patient and reason, then the week ahead."""
    practitioner = _practitioner(request)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    bookings = (
        Booking.objects.not_cancelled()
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
def week(request):
    """The practitioner's week across their agendas: appointments (patient and
    reason), free and closed slots, each slot opened or closed from here."""
    agendas = _menu_agendas(request)
    practitioner = agendas[0].practitioner if agendas else _practitioner(request)
    day = date_param(request.GET.get("week")) or timezone.localdate()
    monday = day - datetime.timedelta(days=day.weekday())
    calendar = week_grid(practitioner, monday)
    record_read(
        "scheduling_booking", "portal-week", detail={"bookings": [b.pk for b in calendar.bookings]}
    )
    multiple_agendas = len({c.slot.agenda_id for c in calendar.cells}) > 1
    cells = WeekWriter(request, monday=monday, multiple_agendas=multiple_agendas)
    return render(
        request,
        "scheduling/portal/week.html",
        {
            "calendar": calendar,
            "rows": [(time, cells.row(days)) for time, days in calendar.rows],
            "monday": monday,
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "multiple_agendas": multiple_agendas,
            "menu_agendas": agendas,
        },
    )


def _confirm(request, *, title: str, question: str, action: str, button: str, **extra):
    """Destructive changes ask first: the same post, with confirm=1, does it."""
    fields = [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)]
    return render(
        request,
        "scheduling/portal/confirm.html",
        {
            "title": title,
            "question": question,
            "action": action,
            "button": button,
            "fields": fields,
            "back": request.META.get("HTTP_REFERER") or reverse("portal:week"),
            **extra,
        },
    )


def _confirmed(request) -> bool:
    return request.POST.get("confirm") == "1"


@practitioner_required
def agenda_detail(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    now = timezone.now()
    return render(
        request,
        "scheduling/portal/agenda.html",
        {
            "agenda": agenda,
            "rules": agenda.opening_rules.prefetch_related("reasons"),
            "absences": agenda.absences.filter(end__gte=now),
            "reasons": with_weekly_hours(agenda.reasons.all(), timezone.localdate(now)),
        },
    )


@practitioner_required
def hours(request, agenda_id: int):
    """The weekly opening hours of one agenda, on their own page: the rules, each
    ended after a confirmation, and the form that adds one."""
    agenda = _own_agenda(request, agenda_id)
    return render(
        request,
        "scheduling/portal/hours.html",
        {
            "agenda": agenda,
            "rules": agenda.opening_rules.prefetch_related("reasons"),
            "rule_form": RuleForm(agenda=agenda, initial={"valid_from": timezone.localdate()}),
            "reservation_form": ReservationForm(
                initial={
                    "reserved_share": agenda.reserved_share,
                    "reserved_for": agenda.reserved_for,
                    "release_hours": agenda.release_hours,
                }
            ),
        },
    )


def _done(request, agenda: Agenda, action, *, page: str = "portal:agenda_detail") -> HttpResponse:
    """Run one change, then back to `page` (or to the week it was made from)."""
    _run(request, action)
    if request.POST.get("back") == "week":
        week_of = date_param(request.POST.get("week"))
        query = f"?week={week_of.isoformat()}" if week_of else ""
        return redirect(reverse("portal:week") + query)
    return redirect(page, agenda_id=agenda.pk)


def _run(request, action) -> None:
    """A refusal becomes a message listing what is in the way."""
    try:
        result = action()
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Saved."))
        displaced = getattr(result, "to_rebook", None)
        if displaced:
            messages.warning(request, displaced_message(displaced))
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


def _invalid(request, agenda: Agenda, form, *, page: str = "portal:agenda_detail"):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(page, agenda_id=agenda.pk)


@require_POST
@practitioner_required
def rule_add(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    form = RuleForm(request.POST, agenda=agenda)
    if not form.is_valid():
        return _invalid(request, agenda, form, page="portal:hours")
    return _done(
        request,
        agenda,
        lambda: agenda_changes.add_rule(agenda, by=request.user, **form.cleaned_data),
        page="portal:hours",
    )


@require_POST
@practitioner_required
def reservation(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    form = ReservationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, agenda, form, page="portal:hours")
    return _done(
        request,
        agenda,
        lambda: agenda_changes.set_reservation(agenda, by=request.user, **form.cleaned_data),
        page="portal:hours",
    )


@require_POST
@practitioner_required
def rule_remove(request, agenda_id: int, rule_id: int):
    agenda = _own_agenda(request, agenda_id)
    rule = get_object_or_404(OpeningRule, pk=rule_id, agenda=agenda)
    if not _confirmed(request):
        return _confirm(
            request,
            title=_("End these weekly hours?"),
            question=_("%(rule)s: their free slots from today on are removed.") % {"rule": rule},
            action=reverse("portal:rule_remove", args=[agenda.pk, rule.pk]),
            button=_("End these hours"),
        )
    return _done(
        request,
        agenda,
        lambda: agenda_changes.remove_rule(rule, by=request.user),
        page="portal:hours",
    )


@require_POST
@practitioner_required
def absence_add(request, agenda_id: int):
    agenda = _own_agenda(request, agenda_id)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        return render(
            request, "scheduling/portal/absence_form.html", {"agenda": agenda, "form": form}
        )
    if not _confirmed(request):
        data = form.cleaned_data
        affected = affected_by_absence(agenda, data["start"], data["end"])
        return _confirm(
            request,
            title=_("Add this absence?"),
            question=_("From %(start)s to %(end)s: the slots close.")
            % {
                "start": formats.date_format(timezone.localtime(data["start"]), "DATETIME_FORMAT"),
                "end": formats.date_format(timezone.localtime(data["end"]), "DATETIME_FORMAT"),
            },
            action=reverse("portal:absence_add", args=[agenda.pk]),
            button=_("Add this absence"),
            affected=[(b, will_be_told(b.patient)) for b in affected],
        )
    return _done(
        request,
        agenda,
        lambda: agenda_changes.add_absence(agenda, by=request.user, **form.cleaned_data),
    )


@practitioner_required
def absence_new(request, agenda_id: int):
    """The absence form on its own page: dates, then a preview of who is told."""
    agenda = _own_agenda(request, agenda_id)
    return render(
        request,
        "scheduling/portal/absence_form.html",
        {
            "agenda": agenda,
            "form": AbsenceForm(),
            "absences": agenda.absences.filter(end__gte=timezone.now()),
        },
    )


@require_POST
@practitioner_required
def slot_toggle(request, agenda_id: int, slot_id: int):
    agenda = _own_agenda(request, agenda_id)
    slot = get_object_or_404(Slot, pk=slot_id, agenda=agenda)
    is_open = request.POST.get("open") == "1"
    if not is_open and not _confirmed(request):
        return _confirm(
            request,
            title=_("Close this slot?"),
            question=_("%(when)s: nobody can book it until you open it again.")
            % {"when": formats.date_format(timezone.localtime(slot.start), "DATETIME_FORMAT")},
            action=reverse("portal:slot_toggle", args=[agenda.pk, slot.pk]),
            button=_("Close the slot"),
        )
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
    bookings = list(feed_bookings(practitioner))
    body = practitioner_feed_ics(practitioner, bookings)
    # Calendar apps poll: the ETag (the feed's digest) and Last-Modified (its
    # latest change) let them ask "anything new?" and get a 304.
    tag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    changed = max((b.updated_at for b in bookings), default=None)
    last_modified = int(changed.timestamp()) if changed else None
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = tag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # private: the app may keep it, no shared cache may; no-cache: ask each time.
    response["Cache-Control"] = "private, no-cache"
    return get_conditional_response(request, tag, last_modified, response)


@practitioner_required
def partners(request, agenda_id: int):
    """Which partner portals (external booking sites) see and book this agenda:
    each opted in or out with one button."""
    agenda = _own_agenda(request, agenda_id)
    if request.method == "POST":
        form = PartnerOptInForm(request.POST)
        if not form.is_valid():
            raise Http404
        client = get_object_or_404(partners_for(agenda), public_id=form.cleaned_data["partner"])
        opted_in = form.cleaned_data["opt"] == "in"
        return _done(
            request,
            agenda,
            lambda: partner_changes.set_opt_in(
                agenda=agenda, client=client, opted_in=opted_in, by=request.user
            ),
            page="portal:partners",
        )
    chosen = set(agenda.partner_opt_ins.values_list("client_id", flat=True))
    clients = partners_for(agenda)
    return render(
        request,
        "scheduling/portal/partners.html",
        {"agenda": agenda, "partners": [(c, c.pk in chosen) for c in clients]},
    )
