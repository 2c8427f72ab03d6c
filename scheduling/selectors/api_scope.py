"""What an API client sees: the departments of its scope, and what lies in them.

Every read and every write of the REST and FHIR APIs starts from these, so an
object outside the client's scope is simply not found (a 404, as everywhere
else). Only member establishments are ever in scope: an establishment that
leaves the institution leaves every client's scope.

Lists filter on the scope as a subquery; one object (the slot or booking a
request names) is read by its id, then its department is checked against
the scope's ids, read once per request (the client object lives as long as
the request).
"""

from django.db.models import Q, QuerySet

from hospital.models import Affiliation, Department, Establishment, Practitioner, Specialty
from scheduling.models import Agenda, ApiClient, Booking, Patient, Slot, VisitReason
from scheduling.selectors.search import SearchWindow, free_slots


def departments(client: ApiClient) -> QuerySet[Department]:
    return Department.objects.filter(
        Q(establishment__in=client.establishments.all()) | Q(pk__in=client.departments.all()),
        establishment__is_member=True,
    )


def department_ids(client: ApiClient) -> frozenset[int]:
    if not hasattr(client, "_department_ids"):
        client._department_ids = frozenset(departments(client).values_list("pk", flat=True))
    return client._department_ids


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
    return Agenda.objects.filter(is_active=True, department__in=departments(client))


def practitioners(client: ApiClient) -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(pk__in=agendas(client).values("practitioner_id")).order_by(
        "last_name", "first_name", "pk"
    )


def affiliations(client: ApiClient) -> QuerySet[Affiliation]:
    """Who works in the departments of the scope (FHIR PractitionerRole)."""
    return Affiliation.objects.filter(department__in=departments(client))


def patients(client: ApiClient) -> QuerySet[Patient]:
    """The people of the scope's bookings: the only patients a client sees
    (an erased record is no one's any more: not found)."""
    return Patient.objects.not_erased().filter(pk__in=bookings(client).values("patient_id"))


def reasons(client: ApiClient) -> QuerySet[VisitReason]:
    """The reasons another system may book: those bookable online, as on the public site."""
    return VisitReason.objects.filter(agenda__in=agendas(client), online_bookable=True)


def free_slots_in_scope(client: ApiClient, window: SearchWindow | None = None, **filters):
    return free_slots(window=window, **filters).filter(agenda__department__in=departments(client))


def bookings(client: ApiClient) -> QuerySet[Booking]:
    return Booking.objects.filter(slot__agenda__department__in=departments(client))


def slot(client: ApiClient, pk: int) -> Slot | None:
    """A slot of an active agenda of the scope (a booking's or a move's target)."""
    found = (
        Slot.objects.select_related("agenda")
        .filter(pk=pk, agenda__is_active=True)
        .only("pk", "agenda__department_id")
        .first()
    )
    return found if found and found.agenda.department_id in department_ids(client) else None


def reason(client: ApiClient, pk: int) -> VisitReason | None:
    found = (
        VisitReason.objects.select_related("agenda")
        .filter(pk=pk, online_bookable=True, agenda__is_active=True)
        .first()
    )
    return found if found and found.agenda.department_id in department_ids(client) else None


def booking(client: ApiClient, public_id, *related: str) -> Booking | None:
    found = (
        Booking.objects.select_related("slot__agenda", *related).filter(public_id=public_id).first()
    )
    return found if found and found.slot.agenda.department_id in department_ids(client) else None
