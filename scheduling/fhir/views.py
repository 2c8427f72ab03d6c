"""FHIR R4 at /fhir/: the agendas, slots and appointments of the client's
scope, and the IHE ITI Scheduling operations ($find ITI-115, $hold ITI-116,
$book ITI-117; finding appointments, ITI-118). Same clients, scope, rate
limits and services as the REST API; errors are OperationOutcome."""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, renderers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.context import acting_as
from hospital.models import Specialty
from scheduling.clients.auth import CanBook, CanRead, client_of, record_bookings_read
from scheduling.clients.errors import refusal_status
from scheduling.clients.idempotency import booking_key, given_key, idempotent
from scheduling.clients.parsing import BodyTooLarge, CheckedJSONParser
from scheduling.fhir import resources as r
from scheduling.fhir.capability import capability_statement
from scheduling.fhir.input import FhirInputError, appointment_request, search_instant
from scheduling.models import Booking
from scheduling.selectors import api_scope
from scheduling.selectors.reasons import offered_reasons
from scheduling.services import booking as booking_service
from scheduling.services.refusals import Refused

MAX_RESULTS = 100


class FhirRenderer(renderers.JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


class FhirParser(CheckedJSONParser):
    media_type = "application/fhir+json"


def fhir_errors(error, context) -> Response | None:
    if isinstance(error, Refused):
        status = refusal_status(error)
        return Response(r.operation_outcome(status, error.message, str(error.code)), status=status)
    if isinstance(error, FhirInputError):
        return Response(r.operation_outcome(400, error.message), status=400)
    if isinstance(error, Http404):
        error = exceptions.NotFound()
    elif isinstance(error, RequestDataTooBig):
        error = BodyTooLarge()
    if not isinstance(error, exceptions.APIException):
        return None
    headers = {}
    if isinstance(error, exceptions.Throttled) and error.wait:
        headers["Retry-After"] = str(int(error.wait))
    if isinstance(error, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = "Bearer"
        error.status_code = 401
    detail = error.detail if isinstance(error.detail, str) else str(error.default_detail)
    return Response(
        r.operation_outcome(error.status_code, detail), error.status_code, headers=headers
    )


@extend_schema(exclude=True)
class FhirView(APIView):
    renderer_classes = [FhirRenderer, renderers.JSONRenderer]
    parser_classes = [FhirParser, CheckedJSONParser]
    permission_classes = [CanRead]

    def get_exception_handler(self):
        return fhir_errors

    def handle_exception(self, exc):
        if isinstance(exc, FhirInputError | Refused):
            return fhir_errors(exc, {})
        return super().handle_exception(exc)


class Metadata(FhirView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []

    def get(self, request):
        return Response(capability_statement())


def _agendas(request):
    return api_scope.agendas(client_of(request)).select_related(
        "practitioner", "department__establishment", "department__specialty"
    )


class ScheduleSearch(FhirView):
    def get(self, request):
        agendas = _agendas(request).order_by("pk")
        if actor := request.query_params.get("actor"):
            agendas = agendas.filter(practitioner__rpps=actor.removeprefix("Practitioner/"))
        return Response(r.bundle([r.schedule(a) for a in agendas[: _count(request)]]))


class ScheduleRead(FhirView):
    def get(self, request, pk: int):
        agenda = _agendas(request).filter(pk=pk).first()
        if agenda is None:
            raise Http404
        return Response(r.schedule(agenda))


class SlotSearch(FhirView):
    """Slot?schedule=Schedule/1&start=ge2026-01-01&start=le2026-01-31&status=free&service-type=code"""

    def get(self, request):
        params = request.query_params
        status = params.get("status", "free")
        if status != "free":
            return Response(r.bundle([]))  # only free slots are published
        filters = {}
        for bound in params.getlist("start"):
            prefix, when = bound[:2], search_instant(bound[2:])
            if prefix not in ("ge", "le", "gt", "lt"):
                raise FhirInputError(_("start takes ge, gt, le or lt, e.g. start=ge2026-03-01."))
            filters["start" if prefix in ("ge", "gt") else "end"] = when
        slots = api_scope.free_slots_in_scope(client_of(request), **filters)
        if schedule := params.get("schedule"):
            slots = slots.filter(agenda_id=_id_of(schedule, "Schedule"))
        if code := params.get("service-type") or params.get("specialty"):
            specialty = Specialty.objects.filter(code=code.split("|")[-1]).first()
            slots = slots.filter(agenda__department__specialty=specialty) if specialty else []
        if not isinstance(slots, list):
            slots = slots.select_related("agenda__department__specialty")[: _count(request)]
        return Response(r.bundle([r.slot(s, free=True) for s in slots]))


def _count(request) -> int:
    """_count: how many results a search returns (1 to MAX_RESULTS)."""
    raw = request.query_params.get("_count", str(MAX_RESULTS))
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= MAX_RESULTS):
        raise FhirInputError(_("_count is a whole number from 1 to 100."))
    return int(raw)


def _id_of(reference: str, kind: str) -> int:
    raw = reference.removeprefix(f"{kind}/")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise FhirInputError(_("%(kind)s takes a %(kind)s/id reference.") % {"kind": kind})
    return int(raw)


APPOINTMENT_RELATED = (
    "patient",
    "reason",
    "slot__agenda__practitioner",
    "slot__agenda__department__specialty",
)


def _bookings(request):
    return api_scope.bookings(client_of(request)).select_related(*APPOINTMENT_RELATED)


class AppointmentRead(FhirView):
    def get(self, request, public_id):
        booking = api_scope.booking(client_of(request), public_id, *APPOINTMENT_RELATED)
        if booking is None:
            raise Http404
        record_bookings_read(request, [booking])
        return Response(r.appointment(booking))


class AppointmentSearch(FhirView):
    """Finding existing appointments (ITI-118): by patient, date, status."""

    STATUSES = {fhir: ours for ours, fhir in r.APPOINTMENT_STATUS.items()}

    def get(self, request):
        params = request.query_params
        bookings = _bookings(request).order_by("slot__start", "pk")
        if patient := params.get("patient"):
            try:
                bookings = bookings.filter(patient__public_id=patient.removeprefix("Patient/"))
            except Exception:  # not a UUID: no such patient
                bookings = bookings.none()
        if status := params.get("status"):
            bookings = bookings.filter(status=self.STATUSES.get(status, "-"))
        for bound in params.getlist("date"):
            prefix, when = bound[:2], search_instant(bound[2:])
            lookup = {"ge": "gte", "gt": "gt", "le": "lte", "lt": "lt"}.get(prefix)
            if lookup is None:
                raise FhirInputError(_("date takes ge, gt, le or lt, e.g. date=ge2026-03-01."))
            bookings = bookings.filter(**{f"slot__start__{lookup}": when})
        found = list(bookings[: _count(request)])
        record_bookings_read(request, found)
        return Response(r.bundle([r.appointment(b) for b in found]))


class Find(FhirView):
    """Appointment/$find (ITI-115): proposed appointments, at member
    establishments of the client's scope only, with a reason each slot offers."""

    def post(self, request):
        wanted = appointment_request(request.data, need_slot=False, need_patient=False)
        client = client_of(request)
        reason = api_scope.reason(client, wanted.reason_id) if wanted.reason_id else None
        if wanted.reason_id and reason is None:
            return Response(r.bundle([]))
        slots = api_scope.free_slots_in_scope(
            client, reason=reason, start=wanted.start, end=wanted.end
        )
        if wanted.specialty:
            slots = slots.filter(agenda__department__specialty__code=wanted.specialty)
        slots = slots.select_related("agenda__practitioner", "agenda__department__specialty")
        proposals = []
        for item in slots[: wanted.count]:
            offered = [reason] if reason else list(offered_reasons(item, Booking.Channel.API))
            proposals += [r.proposal(item, each) for each in offered[:1]]
        return Response(r.bundle(proposals))


def _slot_and_reason(request, wanted):
    client = client_of(request)
    slot = api_scope.slot(client, wanted.slot_id)
    reason = api_scope.reason(client, wanted.reason_id)
    if slot is None or reason is None:
        raise Http404
    return slot, reason


def _answer(booking: Booking, status: int = 200) -> Response:
    fresh = Booking.objects.select_related(
        "patient", "reason", "slot__agenda__practitioner", "slot__agenda__department__specialty"
    ).get(pk=booking.pk)
    return Response(r.appointment(fresh), status=status)


class Hold(FhirView):
    """Appointment/$hold (ITI-116): the slot held by the platform's holds
    (BOOKING_HOLD_MINUTES), for the patient the appointment contains."""

    permission_classes = [CanBook]

    def post(self, request):
        wanted = appointment_request(request.data)
        slot, reason = _slot_and_reason(request, wanted)
        with acting_as(request.user):
            held, _code = booking_service.hold(
                slot=slot.pk,
                reason=reason,
                patient=wanted.patient,
                returning=wanted.returning,
                channel=Booking.Channel.API,
                api_client=client_of(request),
            )
        return _answer(held)


class Book(FhirView):
    """Appointment/$book (ITI-117): books a held appointment (its id), or a
    proposed one (its slot) at once. Idempotency-Key honoured."""

    permission_classes = [CanBook]

    def post(self, request):
        return self._book(request)

    @staticmethod
    @idempotent
    def _book(request):
        wanted = appointment_request(request.data, need_slot=False, need_patient=False)
        if wanted.held_id:
            held = api_scope.booking(client_of(request), wanted.held_id)
            if held is None:
                raise Http404
            return _answer(booking_service.confirm_for_system(held, by=request.user))
        if wanted.patient is None or not wanted.slot_id:
            raise FhirInputError(_("$book needs a held appointment's id, or a slot and a patient."))
        slot, reason = _slot_and_reason(request, wanted)
        client, key = client_of(request), given_key(request)
        booking = booking_service.book(
            slot=slot.pk,
            reason=reason,
            patient=wanted.patient,
            channel=Booking.Channel.API,
            returning=wanted.returning,
            by=request.user,
            idempotency_key=booking_key(client, key) if key else None,
        )
        return _answer(booking, 200 if getattr(booking, "replayed", False) else 201)


class PractitionerRead(FhirView):
    def get(self, request, rpps: str):
        doctor = api_scope.practitioners(client_of(request)).filter(rpps=rpps).first()
        if doctor is None:
            raise Http404
        return Response(r.practitioner(doctor))


class OrganizationRead(FhirView):
    def get(self, request, finess: str):
        establishment = api_scope.establishments(client_of(request)).filter(finess=finess).first()
        if establishment is None:
            raise Http404
        return Response(r.organization(establishment))


class NotFound(FhirView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        raise Http404

    post = put = patch = delete = get
