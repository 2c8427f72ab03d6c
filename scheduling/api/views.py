"""The REST API, /api/v1/: reads within the client's scope, and writes through
scheduling.services.booking only. Thin views: validate the input, find the
objects in scope (else 404), call one service, answer."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from hospital.models import Practitioner, Specialty
from scheduling.api import serializers as s
from scheduling.clients.auth import CanBook, CanRead, client_of, record_bookings_read
from scheduling.clients.idempotency import booking_key, given_key, idempotent
from scheduling.models import Booking
from scheduling.selectors import api_scope
from scheduling.services import booking as booking_service
from scheduling.services.patients import PatientDetails

REFUSALS = {
    400: s.Refusal,
    401: s.Refusal,
    403: s.Refusal,
    404: s.Refusal,
    409: s.Refusal,
    422: s.Refusal,
    429: s.Refusal,
}
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A retried request with the same key returns the first result.",
)


class Page(LimitOffsetPagination):
    default_limit = 100
    max_limit = 500


class ScopedList(generics.ListAPIView):
    permission_classes = [CanRead]
    pagination_class = Page

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        # Each list declares its page and its refusals in the schema (the
        # refusals are what schemathesis checks every answer against).
        super().__init_subclass__(**kwargs)
        responses = {200: cls.serializer_class(many=True), **REFUSALS}
        extend_schema_view(get=extend_schema(responses=responses))(cls)


class SpecialtyList(ScopedList):
    serializer_class = s.SpecialtySerializer

    def get_queryset(self):
        return api_scope.specialties(client_of(self.request))


class EstablishmentList(ScopedList):
    serializer_class = s.EstablishmentSerializer

    def get_queryset(self):
        return api_scope.establishments(client_of(self.request))


class DepartmentList(ScopedList):
    serializer_class = s.DepartmentSerializer

    def get_queryset(self):
        departments = api_scope.departments(client_of(self.request))
        return departments.select_related("establishment", "specialty").order_by("name", "pk")


class PractitionerList(ScopedList):
    serializer_class = s.PractitionerSerializer

    def get_queryset(self):
        return api_scope.practitioners(client_of(self.request)).prefetch_related("specialties")


class ReasonList(ScopedList):
    serializer_class = s.ReasonSerializer

    def get_queryset(self):
        return api_scope.reasons(client_of(self.request)).order_by("agenda_id", "label", "pk")


@extend_schema(
    parameters=[s.AvailabilityQuery], responses={200: s.SlotSerializer(many=True), **REFUSALS}
)
@api_view(["GET"])
@permission_classes([CanRead])
def availability(request: Request) -> Response:
    """Free slots in the client's scope, earliest first, with the public site's
    rules: member establishments, active agendas, a reason bookable online,
    from the minimum notice to the booking horizon."""
    query = s.AvailabilityQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    client, given = client_of(request), query.validated_data
    filters = {"start": given.get("start"), "end": given.get("end")}
    for name, lookup in (
        ("specialty", lambda v: Specialty.objects.filter(code=v).first()),
        ("establishment", lambda v: api_scope.establishments(client).filter(finess=v).first()),
        ("department", lambda v: api_scope.departments(client).filter(pk=v).first()),
        ("practitioner", lambda v: Practitioner.objects.filter(rpps=v).first()),
        ("reason", lambda v: api_scope.reason(client, v)),
    ):
        if name in given:
            filters[name] = lookup(given[name])
            if filters[name] is None:
                return Response([])  # nothing of that name in scope: nothing free there
    slots = api_scope.free_slots_in_scope(client, **filters).select_related(
        "agenda__practitioner", "agenda__department__establishment"
    )
    return Response(s.SlotSerializer(slots[: given["limit"]], many=True).data)


def _found(found):
    if found is None:
        raise Http404
    return found


def _booking_in_scope(request: Request, public_id) -> Booking:
    related = ("patient", "slot__agenda__practitioner", "slot__agenda__department__establishment")
    return _found(api_scope.booking(client_of(request), public_id, *related))


def _answer(booking: Booking, code: int = status.HTTP_200_OK) -> Response:
    # The services return the booking with its slot, agenda and patient loaded.
    return Response(s.BookingSerializer(booking).data, status=code)


class ChangedBookings(CursorPagination):
    """In the order of change; the cursor is opaque and survives new changes
    (a booking changed again moves to the end, where the poll finds it)."""

    ordering = ("updated_at", "id")
    page_size = 100
    page_size_query_param = "limit"
    max_page_size = 500


@extend_schema_view(
    get=extend_schema(
        parameters=[s.BookingsQuery],
        responses={200: s.BookingSerializer(many=True), **REFUSALS},
    ),
    post=extend_schema(
        request=s.BookingInput,
        parameters=[IDEMPOTENCY],
        responses={201: s.BookingSerializer, 200: s.BookingSerializer, **REFUSALS},
    ),
)
class Bookings(generics.ListAPIView):
    """GET: the bookings of the client's scope, in the order they last changed.
    Poll with `updated_since` (the `updated_at` of the last booking seen, less
    a minute for transactions still committing) and follow `next`.
    POST: book a slot for a patient (see book)."""

    pagination_class = ChangedBookings
    serializer_class = s.BookingSerializer

    def get_permissions(self):
        return [CanBook()] if self.request.method == "POST" else [CanRead()]

    def get_queryset(self):
        given = s.BookingsQuery(data=self.request.query_params)
        given.is_valid(raise_exception=True)
        bookings = api_scope.bookings(client_of(self.request)).select_related(
            "patient", "slot__agenda__practitioner", "slot__agenda__department__establishment"
        )
        if since := given.validated_data.get("updated_since"):
            bookings = bookings.filter(updated_at__gte=since)
        return bookings

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        record_bookings_read(self.request, page)
        return page

    def post(self, request: Request) -> Response:
        return book(request)


@idempotent
def book(request: Request) -> Response:
    """Book a slot for a patient: final at once, channel `api` (`partner` for
    a partner portal). A retry with
    the same Idempotency-Key returns the first booking (200)."""
    given = s.BookingInput(data=request.data)
    given.is_valid(raise_exception=True)
    data, client = given.validated_data, client_of(request)
    slot = _found(api_scope.slot(client, data["slot"]))
    reason = _found(api_scope.reason(client, data["reason"]))
    key = given_key(request)
    booking = booking_service.book(
        slot=slot.pk,
        reason=reason,
        patient=PatientDetails(**data["patient"]),
        channel=api_scope.channel(client),
        returning=data["returning"],
        by=client.user,
        idempotency_key=booking_key(client, key) if key else None,
    )
    replayed = getattr(booking, "replayed", False)
    return _answer(booking, status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)


@extend_schema(responses={200: s.BookingSerializer, **REFUSALS})
@api_view(["GET"])
@permission_classes([CanRead])
def booking_detail(request: Request, public_id) -> Response:
    booking = _booking_in_scope(request, public_id)
    record_bookings_read(request, [booking])
    return _answer(booking)


@extend_schema(
    request=s.CancelInput,
    parameters=[IDEMPOTENCY],
    responses={200: s.BookingSerializer, **REFUSALS},
)
@api_view(["POST"])
@permission_classes([CanBook])
@idempotent
def cancel(request: Request, public_id) -> Response:
    """Cancel an appointment, with a reason; the patient is told."""
    given = s.CancelInput(data=request.data)
    given.is_valid(raise_exception=True)
    booking = _booking_in_scope(request, public_id)
    cancelled = booking_service.cancel(
        booking, reason=given.validated_data["reason"], by=request.user
    )
    return _answer(cancelled)


@extend_schema(
    request=s.MoveInput, parameters=[IDEMPOTENCY], responses={200: s.BookingSerializer, **REFUSALS}
)
@api_view(["POST"])
@permission_classes([CanBook])
@idempotent
def move(request: Request, public_id) -> Response:
    """Move an appointment to another slot: the same booking (same id) takes
    the new slot, its revision goes up."""
    given = s.MoveInput(data=request.data)
    given.is_valid(raise_exception=True)
    booking = _booking_in_scope(request, public_id)
    target = _found(api_scope.slot(client_of(request), given.validated_data["slot"]))
    moved = booking_service.move(
        booking, to_slot=target.pk, by=request.user, channel=api_scope.channel(client_of(request))
    )
    return _answer(moved)


@extend_schema(
    request=s.OutcomeInput,
    parameters=[IDEMPOTENCY],
    responses={200: s.BookingSerializer, **REFUSALS},
)
@api_view(["POST"])
@permission_classes([CanBook])
@idempotent
def record_outcome(request: Request, public_id) -> Response:
    """Record whether the patient came, once the appointment has started."""
    given = s.OutcomeInput(data=request.data)
    given.is_valid(raise_exception=True)
    booking = _booking_in_scope(request, public_id)
    done = booking_service.record_outcome(
        booking, honoured=given.validated_data["honoured"], by=request.user
    )
    return _answer(done)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([AllowAny])
@authentication_classes([])
@throttle_classes([])
def not_found(request: Request) -> Response:
    return Response({"code": "not_found", "message": _("Not found.")}, status=404)
