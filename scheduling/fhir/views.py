"""FHIR R4 at /fhir/: the agendas, slots and appointments of the client's
scope, and the IHE ITI Scheduling operations ($find ITI-115, $hold ITI-116,
$book ITI-117, which also reschedules and cancels; finding appointments,
ITI-118); an appointment cancelled or moved by PUT or PATCH too. Same
clients, scope, rate limits and services as the REST API; errors are
OperationOutcome."""

import datetime
import uuid

from django.core.exceptions import RequestDataTooBig
from django.db.models import Q
from django.http import Http404
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, renderers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.context import acting_as
from audit.events import record_read
from hospital.models import Specialty
from scheduling.clients.auth import CanBook, CanRead, client_of, record_bookings_read
from scheduling.clients.errors import refusal_status
from scheduling.clients.idempotency import booking_key, given_key, idempotent
from scheduling.clients.parsing import BodyTooLarge, CheckedJSONParser
from scheduling.fhir import directory, patching
from scheduling.fhir import resources as r
from scheduling.fhir import search as s
from scheduling.fhir.capability import capability_statement
from scheduling.fhir.french import TRE_R38_SYSTEM, specialties_for_ans
from scheduling.fhir.input import FhirInputError, appointment_request
from scheduling.fhir.updates import UnsupportedChange, read_update
from scheduling.models import Booking
from scheduling.selectors import api_scope
from scheduling.selectors.reasons import offered_reasons
from scheduling.services import booking as booking_service
from scheduling.services.booking import makers
from scheduling.services.refusals import BookingRefused, RefusalCode, Refused


class FhirRenderer(renderers.JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


class FhirParser(CheckedJSONParser):
    media_type = "application/fhir+json"


class JsonPatchParser(CheckedJSONParser):
    media_type = "application/json-patch+json"


class MergePatchParser(CheckedJSONParser):
    media_type = "application/merge-patch+json"


def fhir_errors(error, context) -> Response | None:
    if isinstance(error, Refused):
        status = refusal_status(error)
        return Response(r.operation_outcome(status, error.message, str(error.code)), status=status)
    if isinstance(error, FhirInputError):
        return Response(r.operation_outcome(400, error.message), status=400)
    if isinstance(error, UnsupportedChange):
        return Response(r.operation_outcome(422, error.message), status=422)
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
        if isinstance(exc, FhirInputError | Refused | UnsupportedChange):
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


def search_answer(request, queryset, render=None, include=None) -> Response:
    """One page of a search: `_count` results from `_offset`, the true total,
    and self/next/previous links that repeat the search (fhirpy's fetch_all
    follows `next` to the end); `include(found)`: the resources `_include`
    brings along."""
    count, offset = s.page_bounds(request)
    total = queryset.count()
    found = list(queryset[offset : offset + count]) if count else []
    if isinstance(render, tuple):  # (what to do with the found objects, how to show one)
        render[0](found)
        render = render[1]
    links = {"self": _page_url(request, count, offset)}
    if count and offset + count < total:
        links["next"] = _page_url(request, count, offset + count)
    if offset > 0 and count:
        links["previous"] = _page_url(request, count, max(offset - count, 0))
    included = include(found) if include is not None and found else []
    resources = [render(x) for x in found]
    return Response(r.bundle(resources, total=total, links=links, included=included))


def _page_url(request, count: int, offset: int) -> str:
    params = request.query_params.copy()
    params["_count"], params["_offset"] = str(count), str(offset)
    return f"{request.build_absolute_uri(request.path)}?{params.urlencode()}"


def version_headers(resource: dict) -> dict[str, str]:
    headers = {"ETag": r.etag(resource)}
    if updated := resource["meta"].get("lastUpdated"):
        moment = datetime.datetime.fromisoformat(updated.replace("Z", "+00:00"))
        headers["Last-Modified"] = http_date(moment.timestamp())
    return headers


def names_version(given: str, resource: dict) -> bool:
    """An If-Match / If-None-Match value names this version (weak or strong
    form, FHIR clients send W/"versionId"), or any version (*)."""
    tag = r.etag(resource)
    return any(t.strip() in (tag, tag[2:], "*") for t in given.split(","))


def read_answer(request, resource: dict) -> Response:
    """A read, with its ETag: If-None-Match naming the current version is a 304."""
    given = request.headers.get("If-None-Match", "")
    headers = version_headers(resource)
    if given and names_version(given, resource):
        return Response(status=304, headers=headers)
    return Response(resource, headers=headers)


def _specialty_filter(raw: str, field: str) -> Q:
    """`code` or `system|code` of the platform's specialty code system, or
    `system|code` of the ANS's TRE_R38 (the codings the resources carry)."""
    system, code = s.token(raw)
    if system == TRE_R38_SYSTEM:
        return Q(**{f"{field}__in": specialties_for_ans(code)})
    if system not in (None, "", r.code_system(r.SPECIALTY_SYSTEM)):
        return Q(pk__in=[])
    return Q(**{field: code})


class ScheduleSearch(FhirView):
    SERVED = s.SCHEDULE_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        params = request.query_params
        agendas = _agendas(request).order_by("pk")
        for raw in params.getlist("_id"):
            agendas = agendas.filter(pk=_number(raw, "_id"))
        for raw in params.getlist("actor"):
            agendas = agendas.filter(practitioner__rpps=s.reference_id(raw, "Practitioner"))
        for name in ("specialty", "service-type"):
            for raw in params.getlist(name):
                agendas = agendas.filter(_specialty_filter(raw, "department__specialty__code"))
        return search_answer(request, agendas, r.schedule, self.include(request))

    @staticmethod
    def include(request):
        if not s.includes(request, "Schedule"):
            return None
        return lambda found: [r.practitioner(agenda.practitioner) for agenda in found]


class ScheduleRead(FhirView):
    def get(self, request, pk: int):
        agenda = _agendas(request).filter(pk=pk).first()
        if agenda is None:
            raise Http404
        return read_answer(request, r.schedule(agenda))


class SlotSearch(FhirView):
    """Slot?schedule=Schedule/1&start=ge2026-01-01&start=le2026-01-31&status=free&service-type=code
    Only free slots are published: status=busy finds nothing."""

    SERVED = s.SLOT_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        params = request.query_params
        slots = api_scope.free_slots_in_scope(client_of(request))
        for raw in params.getlist("status"):
            if "free" not in raw.split(","):
                slots = slots.none()
        for raw in params.getlist("start"):
            slots = slots.filter(s.date_bound("start", raw).q("start"))
        for raw in params.getlist("schedule"):
            slots = slots.filter(agenda_id=_id_of(raw, "Schedule"))
        for name in ("service-type", "specialty"):
            for raw in params.getlist(name):
                slots = slots.filter(_specialty_filter(raw, "agenda__department__specialty__code"))
        slots = slots.select_related("agenda__department__specialty")
        include = None
        if s.includes(request, "Slot"):

            def include(found):
                wanted = {each.agenda_id for each in found}
                return [r.schedule(agenda) for agenda in _agendas(request).filter(pk__in=wanted)]

        return search_answer(request, slots, lambda x: r.slot(x, free=True), include)


def _number(raw: str, name: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise FhirInputError(_("%(name)s takes a number.") % {"name": name})
    return int(raw)


def _id_of(reference: str, kind: str) -> int:
    raw = s.reference_id(reference, kind)
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


def _booking_in_scope(request, public_id) -> Booking:
    booking = api_scope.booking(client_of(request), public_id, *APPOINTMENT_RELATED)
    if booking is None:
        raise Http404
    return booking


class AppointmentRead(FhirView):
    """GET reads; PUT (the whole Appointment) and PATCH (JSON Patch, or a
    merge patch as fhirpy sends) cancel, move or record the outcome
    (scheduling.fhir.updates), honouring If-Match."""

    parser_classes = [*FhirView.parser_classes, JsonPatchParser, MergePatchParser]

    def get_permissions(self):
        return [CanRead()] if self.request.method in ("GET", "HEAD") else [CanBook()]

    def get(self, request, public_id):
        booking = _booking_in_scope(request, public_id)
        record_bookings_read(request, [booking])
        return read_answer(request, r.appointment(booking))

    def put(self, request, public_id):
        booking = _booking_in_scope(request, public_id)
        current = _unchanged_since_read(request, booking)
        return update_answer(request, booking, read_update(current, request.data))

    def patch(self, request, public_id):
        booking = _booking_in_scope(request, public_id)
        current = _unchanged_since_read(request, booking)
        wanted = patching.apply(current, request.data)
        return update_answer(request, booking, read_update(current, wanted))


def _version_changed() -> BookingRefused:
    return BookingRefused(
        RefusalCode.VERSION_CHANGED,
        _("The appointment changed since this version was read: read it again."),
    )


def _unchanged_since_read(request, booking: Booking) -> dict:
    """The appointment as it is, refused (412) when If-Match names another version."""
    current = r.appointment(booking)
    given = request.headers.get("If-Match", "")
    if given and not names_version(given, current):
        raise _version_changed()
    return current


def _expectation(request):
    """If-Match, checked again on the booking the service has locked: a change
    committed between the check above and the lock is not overwritten."""
    given = request.headers.get("If-Match", "")
    if not given:
        return None

    def expect(locked: Booking) -> None:
        if not names_version(given, r.appointment(locked)):
            raise _version_changed()

    return expect


def update_answer(request, booking: Booking, update, *, ihe: bool = False) -> Response:
    """Make the change through the booking service, answer the appointment."""
    by, expect = request.user, _expectation(request)
    if update.cancel_reason is not None:
        booking_service.cancel(booking, reason=update.cancel_reason, by=by, expect=expect)
    elif update.honoured is not None:
        booking_service.record_outcome(booking, honoured=update.honoured, by=by, expect=expect)
    elif update.slot_id is not None:
        target = api_scope.slot(client_of(request), update.slot_id)
        if target is None:  # nowhere, or outside the scope: the same words
            raise BookingRefused(
                RefusalCode.UNKNOWN_SLOT, _("This appointment slot does not exist.")
            )
        booking_service.move(
            booking,
            to_slot=target.pk,
            by=by,
            channel=api_scope.channel(client_of(request)),
            expect=expect,
        )
    return _answer(booking, ihe=ihe)


def _uuid_or_none(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw.removeprefix("urn:uuid:"))
    except ValueError:
        return None


class AppointmentSearch(FhirView):
    """Finding existing appointments (ITI-118): by patient, actor,
    practitioner, identifier, date, status and _lastUpdated."""

    STATUSES = {fhir: ours for ours, fhir in r.APPOINTMENT_STATUS.items()}
    SERVED = s.APPOINTMENT_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        bookings = _bookings(request).order_by("slot__start", "pk")
        for name, raw in _pairs(request):
            bookings = bookings.filter(self.condition(name, raw))
        return search_answer(
            request,
            bookings,
            (lambda found: record_bookings_read(request, found), r.appointment),
            self.include(request),
        )

    @staticmethod
    def include(request):
        asked = s.includes(request, "Appointment")
        if not asked:
            return None
        patients = asked & {"Appointment:patient", "Appointment:actor"}
        doctors = asked & {"Appointment:practitioner", "Appointment:actor"}

        def include(found):
            return [directory.patient(b.patient) for b in found if patients] + [
                r.practitioner(b.slot.agenda.practitioner) for b in found if doctors
            ]

        return include

    def condition(self, name: str, raw: str) -> Q:
        if name == "_id":
            return Q(public_id=_uuid_or_none(raw)) if _uuid_or_none(raw) else Q(pk__in=[])
        if name == "patient" or (name == "actor" and "Patient/" in raw):
            found = _uuid_or_none(s.reference_id(raw, "Patient"))
            return Q(patient__public_id=found) if found else Q(pk__in=[])
        if name in ("practitioner", "actor"):
            return Q(slot__agenda__practitioner__rpps=s.reference_id(raw, "Practitioner"))
        if name == "identifier":
            system, value = s.token(raw)
            found = _uuid_or_none(value)
            if system not in (None, "", r.BOOKING_IDENTIFIER_SYSTEM) or found is None:
                return Q(pk__in=[])
            return Q(public_id=found)
        if name == "status":
            return Q(status__in=[self.STATUSES.get(code, "-") for code in raw.split(",")])
        if name == "date":
            return s.date_bound(name, raw).q("slot__start")
        if name == "_lastUpdated":
            return s.date_bound(name, raw).q("updated_at")
        return Q()  # paging, or ignored under Prefer: handling=lenient


def _pairs(request):
    for name in request.query_params:
        for raw in request.query_params.getlist(name):
            yield name, raw


class Find(FhirView):
    """Appointment/$find (ITI-115): proposed appointments, at member
    establishments of the client's scope only, with a reason each slot offers."""

    def post(self, request):
        wanted = appointment_request(request.data, need_slot=False, need_patient=False)
        client = client_of(request)
        reason = api_scope.reason(client, wanted.reason_id) if wanted.reason_id else None
        if wanted.reason_id and (reason is None or not _for(reason, wanted.returning)):
            return Response(r.bundle([]))
        slots = api_scope.free_slots_in_scope(
            client, reason=reason, start=wanted.start, end=wanted.end
        )
        if wanted.specialty:
            slots = slots.filter(
                _specialty_filter(wanted.specialty, "agenda__department__specialty__code")
            )
        slots = slots.select_related("agenda__practitioner", "agenda__department__specialty")
        proposals = []
        for item in slots[: wanted.count * 4]:
            offered = [reason] if reason else list(offered_reasons(item, Booking.Channel.API))
            # Only what $hold will accept for this patient (newcomer or followed).
            offered = [each for each in offered if _for(each, wanted.returning)]
            proposals += [r.proposal(item, each) for each in offered[:1]]
            if len(proposals) == wanted.count:
                break
        return Response(r.bundle(proposals))


def _for(reason, returning: bool) -> bool:
    """The reason is open to this patient (checks.check_newcomer's rule)."""
    return reason.for_returning_patients if returning else reason.for_new_patients


def _slot_and_reason(request, wanted):
    client = client_of(request)
    slot = api_scope.slot(client, wanted.slot_id)
    reason = api_scope.reason(client, wanted.reason_id)
    if slot is None or reason is None:
        raise Http404
    return slot, reason


def _patient_of(request, wanted):
    """The contained patient's details, or the record its Patient/{id} names:
    one of the client's scope (api_scope.patients, as GET Patient/{id}), else
    not found, as a patient the client may not see."""
    if wanted.patient is not None or wanted.patient_id is None:
        return wanted.patient
    patients = api_scope.patients(client_of(request))
    return found_or_404(patients.filter(public_id=wanted.patient_id).first())


def _answer(booking: Booking, status: int = 200, *, ihe: bool = False) -> Response:
    """The appointment, with its ETag; or, to a client that named IHE ITI
    Scheduling's parameters, that profile's answer: a searchset Bundle of the
    appointment (its `return` parameter, answered as the resource itself)."""
    fresh = Booking.objects.select_related(*APPOINTMENT_RELATED).get(pk=booking.pk)
    resource = r.appointment(fresh)
    if ihe:
        return Response(r.bundle([resource]), status=status)
    return Response(resource, status=status, headers=version_headers(resource))


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
                patient=_patient_of(request, wanted),
                returning=wanted.returning,
                channel=api_scope.channel(client_of(request)),
                maker=makers.api_client(client_of(request)),
                api_client=client_of(request),
            )
        return _answer(held, ihe=wanted.ihe)


class Book(FhirView):
    """Appointment/$book (ITI-117): books a held appointment (its id), or a
    proposed one (its slot) at once; given a booked appointment's id, changes
    it as its appointment says (another slot: rescheduled; status cancelled:
    cancelled), as a PUT would, If-Match included. Idempotency-Key honoured.
    IHE's parameter names (appointment-resource, appointment-reference, a
    proposal's id) are read, and answered with IHE's Bundle."""

    permission_classes = [CanBook]

    def post(self, request):
        return self._book(request)

    @staticmethod
    @idempotent
    def _book(request):
        wanted = appointment_request(request.data, need_slot=False, need_patient=False)
        if wanted.held_id:
            client = client_of(request)
            held = _booking_in_scope(request, wanted.held_id)
            if held.status != Booking.Status.PENDING:
                current = _unchanged_since_read(request, held)
                update = read_update(current, wanted.appointment, whole=False)
                return update_answer(request, held, update, ihe=wanted.ihe)
            # Another client's hold, even in the same scope, is not this one's to book.
            if held.held_by and not makers.made_by(held, makers.api_client(client)):
                raise Http404
            confirmed = booking_service.confirm_for_system(held, client=client)
            return _answer(confirmed, ihe=wanted.ihe)
        if (wanted.patient is None and wanted.patient_id is None) or not wanted.slot_id:
            raise FhirInputError(_("$book needs a held appointment's id, or a slot and a patient."))
        slot, reason = _slot_and_reason(request, wanted)
        client, key = client_of(request), given_key(request)
        booking = booking_service.book(
            slot=slot.pk,
            reason=reason,
            patient=_patient_of(request, wanted),
            channel=api_scope.channel(client),
            returning=wanted.returning,
            by=request.user,
            idempotency_key=booking_key(client, key) if key else None,
        )
        status = 200 if getattr(booking, "replayed", False) else 201
        return _answer(booking, status, ihe=wanted.ihe)


class PractitionerRead(FhirView):
    def get(self, request, rpps: str):
        doctor = api_scope.practitioners(client_of(request)).filter(rpps=rpps).first()
        if doctor is None:
            raise Http404
        return read_answer(request, r.practitioner(doctor))


class OrganizationRead(FhirView):
    def get(self, request, finess: str):
        establishment = api_scope.establishments(client_of(request)).filter(finess=finess).first()
        if establishment is None:
            raise Http404
        return read_answer(request, r.organization(establishment))


# --- the directory ---------------------------------------------------------------


def found_or_404(found):
    if found is None:
        raise Http404
    return found


def _finess_of(raw: str, kind: str) -> str:
    return s.reference_id(raw, kind)


class LocationSearch(FhirView):
    SERVED = s.LOCATION_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        sites = api_scope.establishments(client_of(request))
        for raw in request.query_params.getlist("_id"):
            sites = sites.filter(finess=raw)
        for raw in request.query_params.getlist("organization"):
            sites = sites.filter(finess=_finess_of(raw, "Organization"))
        return search_answer(request, sites, directory.location)


class LocationRead(FhirView):
    def get(self, request, finess: str):
        site = api_scope.establishments(client_of(request)).filter(finess=finess).first()
        return read_answer(request, directory.location(found_or_404(site)))


def _departments(request):
    return (
        api_scope.departments(client_of(request))
        .select_related("establishment", "specialty")
        .order_by("pk")
    )


class HealthcareServiceSearch(FhirView):
    SERVED = s.HEALTHCARE_SERVICE_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        found = _departments(request)
        for name, raw in _pairs(request):
            if name == "_id":
                found = found.filter(pk=_number(raw, "_id"))
            elif name in ("organization", "location"):
                kind = "Organization" if name == "organization" else "Location"
                found = found.filter(establishment__finess=_finess_of(raw, kind))
            elif name == "specialty":
                found = found.filter(_specialty_filter(raw, "specialty__code"))
        return search_answer(request, found, directory.healthcare_service, self.include(request))

    @staticmethod
    def include(request):
        asked = s.includes(request, "HealthcareService")
        if not asked:
            return None
        render = {
            "HealthcareService:organization": lambda d: r.organization(d.establishment),
            "HealthcareService:location": lambda d: directory.location(d.establishment),
        }
        return lambda found: [render[name](each) for name in sorted(asked) for each in found]


class HealthcareServiceRead(FhirView):
    def get(self, request, pk: int):
        department = _departments(request).filter(pk=pk).first()
        return read_answer(request, directory.healthcare_service(found_or_404(department)))


def _roles(request):
    return (
        api_scope.affiliations(client_of(request))
        .select_related("practitioner", "department__establishment", "department__specialty")
        .order_by("pk")
    )


class PractitionerRoleSearch(FhirView):
    SERVED = s.PRACTITIONER_ROLE_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        found = _roles(request)
        for name, raw in _pairs(request):
            found = found.filter(self.condition(name, raw))
        return search_answer(request, found, directory.practitioner_role, self.include(request))

    @staticmethod
    def condition(name: str, raw: str) -> Q:
        if name == "_id":
            return Q(pk=_number(raw, "_id"))
        if name == "practitioner":
            return Q(practitioner__rpps=s.reference_id(raw, "Practitioner"))
        if name in ("organization", "location"):
            kind = "Organization" if name == "organization" else "Location"
            return Q(department__establishment__finess=_finess_of(raw, kind))
        if name == "service":
            return Q(department_id=_id_of(raw, "HealthcareService"))
        if name == "specialty":
            return _specialty_filter(raw, "department__specialty__code")
        return Q()  # paging, _include

    @staticmethod
    def include(request):
        asked = s.includes(request, "PractitionerRole")
        if not asked:
            return None
        render = {
            "PractitionerRole:practitioner": lambda a: r.practitioner(a.practitioner),
            "PractitionerRole:organization": lambda a: r.organization(a.department.establishment),
            "PractitionerRole:location": lambda a: directory.location(a.department.establishment),
            "PractitionerRole:service": lambda a: directory.healthcare_service(a.department),
        }
        return lambda found: [render[name](each) for name in sorted(asked) for each in found]


class PractitionerRoleRead(FhirView):
    def get(self, request, pk: int):
        role = _roles(request).filter(pk=pk).first()
        return read_answer(request, directory.practitioner_role(found_or_404(role)))


def _record_patients_read(request, found) -> None:
    """A patient's identity shown to another system is a read in the trail."""
    shown = [person.pk for person in found]
    with acting_as(client_of(request).user):
        if len(shown) == 1:
            record_read("scheduling_patient", shown[0])
        elif shown:
            record_read("scheduling_patient", "api-search", detail={"patients": shown})


class PatientSearch(FhirView):
    """The patients of the scope's bookings only, by id or identifier."""

    SERVED = s.PATIENT_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        found = api_scope.patients(client_of(request)).order_by("pk")
        for name, raw in _pairs(request):
            found = found.filter(self.condition(name, raw))
        return search_answer(
            request,
            found,
            (lambda shown: _record_patients_read(request, shown), directory.patient),
        )

    @staticmethod
    def condition(name: str, raw: str) -> Q:
        if name == "_id":
            found = _uuid_or_none(raw)
            return Q(public_id=found) if found else Q(pk__in=[])
        if name == "identifier":
            system, value = s.token(raw)
            found = _uuid_or_none(value)
            if system in (None, "", r.BOOKING_IDENTIFIER_SYSTEM) and found:
                return Q(public_id=found)
            return Q(pk__in=[])
        return Q()


class PatientRead(FhirView):
    def get(self, request, public_id):
        person = api_scope.patients(client_of(request)).filter(public_id=public_id).first()
        _record_patients_read(request, [found_or_404(person)])
        return read_answer(request, directory.patient(person))


def _code_system(request, name: str) -> dict | None:
    if name == r.SPECIALTY_SYSTEM:
        return directory.specialties_code_system(Specialty.objects.order_by("code"))
    if name == r.REASON_SYSTEM:
        return directory.reasons_code_system(list(api_scope.reasons(client_of(request))))
    if name == r.REFUSAL_SYSTEM:
        return directory.refusals_code_system()
    return None


CODE_SYSTEMS = (r.SPECIALTY_SYSTEM, r.REASON_SYSTEM, r.REFUSAL_SYSTEM)


class CodeSystemRead(FhirView):
    """The code systems every coding of this server names, at their URL."""

    def get(self, request, name: str):
        return read_answer(request, found_or_404(_code_system(request, name)))


class CodeSystemSearch(FhirView):
    SERVED = s.CODE_SYSTEM_PARAMS

    def get(self, request):
        s.check_known(request, self.SERVED)
        urls = request.query_params.getlist("url")
        names = [n for n in CODE_SYSTEMS if all(u == r.code_system(n) for u in urls)]
        found = [_code_system(request, name) for name in names]
        return Response(r.bundle(found, links={"self": request.build_absolute_uri()}))


class NotFound(FhirView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        raise Http404

    post = put = patch = delete = get
