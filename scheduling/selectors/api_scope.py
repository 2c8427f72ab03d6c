"""What an API client sees: the departments of its scope, and what lies in them.

Every read and every write of the REST and FHIR APIs starts from these
querysets, so an object outside the client's scope is simply not found (a
404, as everywhere else). Only member establishments are ever in scope: an
establishment that leaves the institution leaves every client's scope.
"""

from django.db.models import Q, QuerySet

from hospital.models import Department, Establishment, Practitioner, Specialty
from scheduling.models import Agenda, ApiClient, Booking, Slot, VisitReason
from scheduling.selectors.search import SearchWindow, free_slots


def department_ids(client: ApiClient) -> list[int]:
    """The ids of the client's departments, read once per request (the client
    object lives as long as the request): every other query filters on them
    with a plain index lookup."""
    if not hasattr(client, "_department_ids"):
        client._department_ids = list(
            Department.objects.filter(
                Q(establishment__in=client.establishments.all())
                | Q(pk__in=client.departments.all()),
                establishment__is_member=True,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return client._department_ids


def departments(client: ApiClient) -> QuerySet[Department]:
    return Department.objects.filter(pk__in=department_ids(client))


def establishments(client: ApiClient) -> QuerySet[Establishment]:
    return Establishment.objects.filter(
        is_member=True, pk__in=departments(client).values("establishment_id")
    ).order_by("name", "pk")


def specialties(client: ApiClient) -> QuerySet[Specialty]:
    return Specialty.objects.filter(
        Q(pk__in=departments(client).values("specialty_id"))
        | Q(pk__in=practitioners(client).values("specialties"))
    ).order_by("name", "pk")


def agendas(client: ApiClient) -> QuerySet[Agenda]:
    return Agenda.objects.filter(is_active=True, department_id__in=department_ids(client))


def practitioners(client: ApiClient) -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(pk__in=agendas(client).values("practitioner_id")).order_by(
        "last_name", "first_name", "pk"
    )


def reasons(client: ApiClient) -> QuerySet[VisitReason]:
    """The reasons another system may book: those bookable online, as on the public site."""
    return VisitReason.objects.filter(
        agenda__is_active=True,
        agenda__department_id__in=department_ids(client),
        online_bookable=True,
    )


def slots(client: ApiClient) -> QuerySet[Slot]:
    """Every slot of the client's agendas (a booking's slot, a move's target)."""
    return Slot.objects.filter(
        agenda__is_active=True, agenda__department_id__in=department_ids(client)
    )


def free_slots_in_scope(client: ApiClient, window: SearchWindow | None = None, **filters):
    return free_slots(window=window, **filters).filter(agenda__department__in=departments(client))


def bookings(client: ApiClient) -> QuerySet[Booking]:
    return Booking.objects.filter(slot__agenda__department_id__in=department_ids(client))
