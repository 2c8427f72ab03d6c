"""The public site: find, book, confirm and manage an appointment.

Thin views: validate a form, call one service function, redirect. Every
write goes through scheduling.services.booking.
"""

import datetime
import json
import secrets
import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from audit.events import record_read
from hospital.models import Establishment, Specialty
from hospital.params import date_param
from scheduling.ics import appointment_ics
from scheduling.models import Booking, Patient, Slot, VisitReason, WaitlistEntry
from scheduling.public.forms import (
    BookingForm,
    CancelForm,
    ConfirmForm,
    MoveForm,
    PersonLinkForm,
    SearchForm,
    SpecialtyWaitlistForm,
    WaitlistForm,
)
from scheduling.public.replica import reads_from_replica
from scheduling.selectors import directory, person_data
from scheduling.selectors.links import (
    booking_from_token,
    leave_from_token,
    manage_path,
    manage_token,
    offer_from_token,
    person_from_token,
)
from scheduling.selectors.listing import ListingPage, page_number
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services import rights, waitlist
from scheduling.services.booking import checks, makers
from scheduling.services.refusals import Refused
from scheduling.templatetags.clock import clock, clock_text


def _search_rate(group, request) -> str:
    return settings.SEARCH_RATE


def _booking_rate(group, request) -> str:
    return settings.BOOKING_RATE


def rate_limited(request, exception=None):
    return render(request, "scheduling/public/rate_limited.html", status=429)


# --- find ------------------------------------------------------------------------


def _linked(results: ListingPage | None) -> ListingPage | None:
    """Each card links its practitioner and its establishment. The URLs are
    reversed once per page and filled in per card: the busiest pages list ten."""
    if results:
        # Placeholders of the converters' shapes (11 and 9 digits): "RPPS" is no RPPS number.
        rpps, finess = "0" * 11, "0" * 9
        practitioner = reverse("public:practitioner_detail", args=[rpps])
        establishment = reverse("public:establishment_detail", args=[finess])
        for card in results.cards:
            card.practitioner_url = practitioner.replace(rpps, card.listing.rpps)
            card.establishment_url = establishment.replace(finess, card.listing.finess)
    return results


@ratelimit(key="ip", rate=_search_rate, block=True)
@reads_from_replica
def home(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.has_criteria():
        results = _linked(
            directory.search(
                query=form.cleaned_data["q"],
                specialty=form.cleaned_data["specialty"],
                page=page_number(request.GET.get("page")),
            )
        )
    suggestions = []
    if results is not None and not results and form.cleaned_data["q"]:
        suggestions = directory.suggested_specialties(form.cleaned_data["q"])
    specialties = form.fields["specialty"].queryset
    if (translation.get_language() or "").startswith("en"):
        specialties = sorted(specialties, key=lambda specialty: specialty.local_name)
    return render(
        request,
        "scheduling/public/home.html",
        {
            "form": form,
            "results": results,
            "suggestions": suggestions,
            "specialties": specialties,
        },
    )


@ratelimit(key="ip", rate=_search_rate, block=True)
@reads_from_replica
def specialty_detail(request, code: str):
    specialty = get_object_or_404(Specialty, code=code)
    results = _linked(
        directory.specialty_listing(specialty, page=page_number(request.GET.get("page")))
    )
    return render(
        request,
        "scheduling/public/specialty_detail.html",
        {"specialty": specialty, "results": results},
    )


@ratelimit(key="ip", rate=_search_rate, block=True)
@reads_from_replica
def establishment_detail(request, finess: str):
    establishment = directory.member_establishment(finess)
    if establishment is None:
        raise Http404  # external establishments are never places to book
    departments = directory.departments_of(establishment)
    chosen = next((d for d in departments if str(d.pk) == request.GET.get("department")), None)
    results = None
    if chosen is not None:
        page = page_number(request.GET.get("page"))
        results = _linked(directory.department_listing(chosen, page=page))
    return render(
        request,
        "scheduling/public/establishment_detail.html",
        {
            "establishment": establishment,
            "departments": departments,
            "department": chosen,
            "results": results,
        },
    )


def _week_start(request, default: datetime.date | None = None) -> datetime.datetime:
    """The Monday of the week asked for (else of `default`, else this week),
    from this week to the booking horizon's."""
    today = timezone.localdate()
    last = today + datetime.timedelta(weeks=settings.SLOT_HORIZON_WEEKS)
    day = min(max(date_param(request.GET.get("week")) or default or today, today), last)
    monday = day - datetime.timedelta(days=day.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))


def _chosen_reason(request, reasons):
    chosen = request.GET.get("reason", "")
    return next((r for r in reasons if str(r.pk) == chosen), None)


def _booking_links(days: dict[datetime.date, list[directory.FreeTime]]) -> list[tuple]:
    """(the day's heading, its free times), each time with its text, its link
    and what a screen reader reads of it. What the template would do per slot
    (reverse the URL, translate the label, format the day) is done once per
    page or once per day: a busy week lists dozens of slots."""
    marker = "1234567890"  # a slot id no booking form has: replaced by each slot's
    url = reverse("public:booking_create", args=[marker])
    book_at = _("Book at %(time)s on %(day)s, %(place)s")
    linked = []
    for day, times in sorted(days.items()):
        heading = date_format(day, "l j F")
        for free in times:
            free.time = clock(free.start, "H:i")
            free.url = url.replace(marker, str(free.pk))
            free.label = book_at % {"time": free.time, "day": heading, "place": free.place}
        linked.append((heading, times))
    return linked


@ratelimit(key="ip", rate=_search_rate, block=True)
@reads_from_replica
def practitioner_detail(request, rpps: str):
    practitioner = directory.practitioner_page(rpps)
    if practitioner is None:
        raise Http404
    reasons = directory.online_reasons(practitioner)
    reason = _chosen_reason(request, reasons)
    monday = _week_start(request)
    days = directory.week_of_slots(practitioner, monday, reason)
    first = directory.next_free(practitioner, reason) if not days else None
    return render(
        request,
        "scheduling/public/practitioner_detail.html",
        {
            "practitioner": practitioner,
            "reasons": reasons,
            "reason": reason,
            "days": _booking_links(days),
            "week_start": monday.date(),
            "previous_week": (monday - datetime.timedelta(days=7)).date(),
            "next_week": (monday + datetime.timedelta(days=7)).date(),
            "is_current_week": monday.date() <= timezone.localdate(),
            "next_free": first,
        },
    )


# --- book ------------------------------------------------------------------------


def _bookable_slot(slot_id: int) -> Slot:
    slot = (
        Slot.objects.select_related("agenda__practitioner", "agenda__department__establishment")
        .filter(
            pk=slot_id,
            agenda__is_active=True,
            agenda__department__establishment__is_member=True,
        )
        .first()
    )
    if slot is None:
        raise Http404
    return slot


def _own_hold(request, slot_id: int) -> uuid.UUID | None:
    """The hold this visitor made on this slot (their session remembers it)."""
    own = request.session.get("holds", {}).get(str(slot_id))
    return uuid.UUID(own) if own else None


def _visitor(request) -> str:
    """The hold's maker: this visitor's session (saved now if it is their first
    request, so that the hold and the session that remembers it agree)."""
    if not request.session.session_key:
        request.session.save()
    return makers.web(request.session.session_key)


def _remember_hold(request, booking: Booking) -> None:
    holds = request.session.get("holds", {})
    holds[str(booking.slot_id)] = str(booking.public_id)
    request.session["holds"] = dict(list(holds.items())[-5:])


def _details_of_own_hold(request, slot: Slot) -> dict:
    """To change the address: the form again, with everything but the address."""
    own = _own_hold(request, slot.pk)
    hold = slot.bookings.filter(public_id=own).select_related("patient").first() if own else None
    if hold is None or request.GET.get("change") != "1":
        return {}
    patient = hold.patient
    fields = ("first_name", "last_name", "birth_date", "phone", "sms_consent")
    return {"reason": hold.reason_id, **{name: getattr(patient, name) for name in fields}}


@never_cache  # the form comes back with the patient's details
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def booking_create(request, slot_id: int):
    slot = _bookable_slot(slot_id)
    initial = {"form_token": secrets.token_urlsafe(24), **_details_of_own_hold(request, slot)}
    form = BookingForm(
        request.POST or None, slot=slot, initial=initial, known=_known_people(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking, _code = service.hold(
                slot=slot,
                reason=data["reason"],
                patient=form.patient(),
                returning=data["seen_before"] == "returning",
                maker=_visitor(request),
                idempotency_key=f"web:{data['form_token']}",
                resuming=_own_hold(request, slot.pk),
            )
        except Refused as refused:
            form.add_refusal(refused)
        else:
            _remember_hold(request, booking)
            return redirect("public:booking_confirm", public_id=booking.public_id)
    return render(request, "scheduling/public/booking_form.html", {"slot": slot, "form": form})


def _pending_or_404(public_id: uuid.UUID) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related(
            "slot__agenda__practitioner",
            "slot__agenda__department__establishment",
            "reason",
            "patient",
        ),
        public_id=public_id,
        channel=Booking.Channel.WEB,
    )


def _masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


def _confirm_page(request, booking: Booking, form) -> HttpResponse:
    own = _own_hold(request, booking.slot_id) == booking.public_id
    return render(
        request,
        "scheduling/public/booking_confirm.html",
        {
            "booking": booking,
            "form": form,
            "address": booking.patient.email if own else _masked(booking.patient.email),
            "own": own,
            "attempts_left": service.attempts_left(booking),
            "resends_left": max(0, settings.BOOKING_CODE_RESENDS - booking.code_round),
            "code_not_sent": booking.cancel_reason == service.CODE_NOT_SENT,
            "phone": booking.slot.agenda.department.contact_phone_display,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def booking_confirm(request, public_id: uuid.UUID):
    booking = _pending_or_404(public_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = service.confirm(booking, code=form.cleaned_data["code"])
        except Refused as refused:
            form.add_error("code", refused.message)
            booking.refresh_from_db()
        else:
            messages.success(
                request, _("Your appointment is confirmed. We have sent you an email.")
            )
            return redirect(manage_path(booking))
    return _confirm_page(request, booking, form)


@require_POST
@ratelimit(key="ip", rate=_booking_rate, block=True)
def booking_resend(request, public_id: uuid.UUID):
    """Send the code again (a new one: the previous one stops working)."""
    booking = _pending_or_404(public_id)
    try:
        service.resend_code(booking)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("A new code is on its way. The previous one no longer works."))
    return redirect("public:booking_confirm", public_id=booking.public_id)


# --- manage ----------------------------------------------------------------------


def _managed_or_404(token: str) -> Booking:
    booking = booking_from_token(token)
    if booking is None:
        raise Http404
    return booking


# The private pages of an appointment are never stored by a browser or a proxy.


@never_cache
def appointment_manage(request, token: str):
    booking = _managed_or_404(token)
    # Inside the cutoff, the page says so and gives the number at once rather
    # than offering changes it would refuse once the reason is typed.
    too_late = booking.status == Booking.Status.BOOKED and checks.inside_cutoff(
        booking, timezone.now()
    )
    return render(
        request,
        "scheduling/public/appointment_manage.html",
        {
            "booking": booking,
            "token": token,
            "cancel_form": CancelForm(),
            "too_late": checks.cutoff_words(booking) if too_late else "",
        },
    )


@never_cache
def appointment_ics_download(request, token: str):
    booking = _managed_or_404(token)
    response = HttpResponse(appointment_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rendez-vous.ics"'
    return response


@never_cache
@require_POST
def appointment_cancel(request, token: str):
    booking = _managed_or_404(token)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            service.cancel(booking, reason=form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your appointment is cancelled."))
    else:
        messages.error(request, _("Please say why you are cancelling."))
    return redirect("public:appointment_manage", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def appointment_move(request, token: str):
    booking = _managed_or_404(token)
    if booking.status != Booking.Status.BOOKED:
        raise Http404
    if checks.inside_cutoff(booking, timezone.now()):
        messages.error(request, checks.cutoff_words(booking))
        return redirect("public:appointment_manage", token=token)
    free = free_slots(practitioner=booking.slot.agenda.practitioner, reason=booking.reason)
    form = MoveForm(request.POST or None, slots=free)
    if request.method == "POST" and form.is_valid():
        try:
            service.move(booking, to_slot=form.cleaned_data["slot"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, _("Your appointment has been moved. We have sent you the new time.")
            )
            return redirect("public:appointment_manage", token=token)
    return render(
        request,
        "scheduling/public/appointment_move.html",
        {"booking": booking, "form": form, "token": token, **_move_week(request, free)},
    )


def _move_week(request, free) -> dict:
    """The move page's week, as the booking page shows one: the free times by
    weekday, a week at a time up to the horizon. Without a week asked for,
    the week of the next free time."""
    first = free.values_list("start", flat=True).first()
    monday = _week_start(request, default=first and timezone.localdate(first))
    week = free.filter(start__gte=monday, start__lt=monday + datetime.timedelta(days=7))
    days: dict[datetime.date, list[Slot]] = {}
    for slot in week.only("pk", "start"):
        days.setdefault(timezone.localdate(slot.start), []).append(slot)
    later = free.filter(start__gte=monday + datetime.timedelta(days=7))
    return {
        "days": sorted(days.items()),
        "week_start": monday.date(),
        "previous_week": (monday - datetime.timedelta(days=7)).date(),
        "next_week": (monday + datetime.timedelta(days=7)).date(),
        "is_current_week": monday.date() <= timezone.localdate(),
        "next_free": None if days else later.values_list("start", flat=True).first(),
        "has_later": later.exists(),
    }


# --- waiting list ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def waitlist_join(request, rpps: str):
    """Ask to be told when an earlier slot opens with this practitioner."""
    practitioner = directory.practitioner_page(rpps)
    if practitioner is None:
        raise Http404
    reasons = VisitReason.objects.filter(
        agenda_id__in=practitioner.agendas, online_bookable=True
    ).select_related("agenda__department__establishment")
    form = WaitlistForm(request.POST or None, reasons=reasons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if free := _free_before(data["wanted_before"], reason=data["reason"]):
            return _book_it_instead(request, free)
        try:
            waitlist.join(
                reason=data["reason"],
                patient=form.patient(),
                returning=data["seen_before"] == "returning",
                wanted_before=data["wanted_before"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _(
                    "You are on the waiting list. If a slot opens, we will hold it for you and write."
                ),
            )
            return redirect("public:practitioner_detail", rpps=rpps)
    return render(
        request,
        "scheduling/public/waitlist_join.html",
        {"practitioner": practitioner, "form": form},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def specialty_waitlist_join(request, code: str):
    """Ask to be told when an earlier slot opens in a specialty at an establishment."""
    specialty = get_object_or_404(Specialty, code=code)
    establishments = Establishment.objects.filter(
        is_member=True,
        departments__specialty=specialty,
        departments__agendas__in=directory.bookable_agendas(),
    ).distinct()
    form = SpecialtyWaitlistForm(request.POST or None, establishments=establishments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        where = {"specialty": specialty, "establishment": data["establishment"]}
        if free := _free_before(data["wanted_before"], **where):
            return _book_it_instead(request, free)
        try:
            waitlist.join(
                specialty=specialty,
                establishment=data["establishment"],
                patient=form.patient(),
                returning=data["seen_before"] == "returning",
                wanted_before=data["wanted_before"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _(
                    "You are on the waiting list. If a slot opens, we will hold it for you and write."
                ),
            )
            return redirect("public:specialty_detail", code=code)
    return render(
        request,
        "scheduling/public/waitlist_join.html",
        {"specialty": specialty, "form": form},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def offer_respond(request, token: str):
    """A slot held for a patient of the waiting list: take it, or let it go."""
    offer = offer_from_token(token)
    if offer is None:
        raise Http404
    answer = request.POST.get("answer")
    if request.method == "POST" and answer not in ("accept", "decline"):
        # Only a button of the page answers: anything else changes nothing.
        messages.error(request, _("Please choose to take the appointment or to let it go."))
    elif request.method == "POST":
        try:
            if answer == "accept":
                booking = waitlist.accept(offer)
                messages.success(request, _("The appointment is yours. We have sent you an email."))
                return redirect(manage_path(booking))
            waitlist.decline(offer)
            messages.success(request, _("Thank you: the slot goes to the next person waiting."))
        except Refused as refused:
            messages.error(request, refused.message)
        offer.refresh_from_db()
    return render(request, "scheduling/public/offer_respond.html", {"booking": offer})


# --- the patient's own appointments and data (issue 25) -------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def person_link_request(request):
    """An address and a birth date; a link by mail if a record has both. The
    answer is the same either way: the page tells no one who is a patient."""
    form = PersonLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rights.send_person_link(
            email=form.cleaned_data["email"], birth_date=form.cleaned_data["birth_date"]
        )
        messages.success(
            request,
            _(
                "If we hold appointments for this address and date of birth, a link is on its "
                "way to it. It works for %(hours)d hours."
            )
            % {"hours": settings.PERSON_LINK_HOURS},
        )
        return redirect("public:person_link_request")
    return render(request, "scheduling/public/person_link_request.html", {"form": form})


def _known_people(request) -> list[Patient]:
    """The people this browser's verified address booked for before: only
    after its person link was opened here, and while that link is valid."""
    token = request.session.get("person_link")
    contact = person_from_token(token) if token else None
    if contact is None:
        return []
    return person_data.people_booked_from(contact)


def _person_or_404(token: str):
    record = person_from_token(token)
    if record is None:
        raise Http404
    return list(person_data.records_by_address(record))


@never_cache
def my_appointments(request, token: str):
    records = _person_or_404(token)
    upcoming = list(person_data.upcoming_of(records))
    record_read(
        "scheduling_booking",
        "person-link",
        detail={"bookings": [b.pk for b in upcoming], "patients": [r.pk for r in records]},
    )
    links = [(booking, manage_token(booking)) for booking in upcoming]
    # This browser proved the address: its booking forms offer the people
    # the address booked for before (issue 25), while the link is valid.
    request.session["person_link"] = token
    return render(
        request,
        "scheduling/public/my_appointments.html",
        {
            "appointments": links,
            "token": token,
            "known": person_data.people_booked_from(records[0]),
        },
    )


def _own_export(records, fmt: str) -> dict:
    data = person_data.export(Patient.objects.filter(pk__in=[r.pk for r in records]))
    record_read(
        "scheduling_patient",
        "export",
        detail={"patients": [r.pk for r in records], "format": fmt, "by": "person-link"},
    )
    return data


@never_cache
def my_data(request, token: str):
    records = _person_or_404(token)
    return render(
        request,
        "scheduling/public/my_data.html",
        {"data": _own_export(records, "html"), "token": token},
    )


@never_cache
def my_data_json(request, token: str):
    records = _person_or_404(token)
    data = _own_export(records, "json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def waitlist_leave(request, token: str):
    """The link of every waiting-list notice: leave the list (an offer held
    for the patient goes to the next in line). A link sent to an address that
    is not the entry's own answers the same and changes nothing."""
    found = leave_from_token(token)
    if found is None:
        raise Http404
    entry, own = found
    left = own and entry.status not in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED)
    if request.method == "POST":
        if own and not left:
            waitlist.withdraw(entry)
        left = True
    return render(request, "scheduling/public/waitlist_leave.html", {"entry": entry, "left": left})


def _free_before(wanted_before: datetime.date, **where) -> Slot | None:
    """The first slot free online up to the day asked for, inclusive (the day a
    waiting-list entry would still be offered, services.waitlist.offer_slot):
    a patient who could book it now is sent to it rather than put in line."""
    end = timezone.make_aware(
        datetime.datetime.combine(wanted_before + datetime.timedelta(days=1), datetime.time())
    )
    return free_slots(end=end, **where).first()


def _book_it_instead(request, slot: Slot):
    messages.info(
        request,
        _("A slot is free before that date, on %(when)s: you can book it now, no need to wait.")
        % {"when": clock_text(slot.start, "l j F Y, H:i")},
    )
    return redirect("public:booking_create", slot_id=slot.pk)


def privacy(request):
    return render(request, "scheduling/public/privacy.html")
