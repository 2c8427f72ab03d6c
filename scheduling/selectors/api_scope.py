"""What an API client sees: the departments of its scope, and what lies in them.

Every read and every write of the REST and FHIR APIs starts from these, so an
object outside the client's scope is simply not found (a 404, as everywhere
else). Only member establishments are ever in scope: an establishment that
leaves the institution leaves every client's scope.

Lists filter on the scope as a subquery; one object (the slot or booking a
request names) is read by its id, then its department is checked against
the scope's ids, read once per request (the client object lives as long as
the request).

A partner portal (ApiClient.Kind.PARTNER) is bounded further: it sees only
the agendas opted in to it (PartnerOptIn) — their slots, reasons and
practitioners — and only the bookings it made itself, and their patients:
it never learns more about a patient than it sent.
"""

import functools

from django.db.models import Q, QuerySet

from hospital.models import Affiliation, Department, Establishment, Practitioner, Specialty
from scheduling.models import (
    Agenda,
    ApiClient,
    Booking,
    PartnerOptIn,
    Patient,
    Slot,
    VisitReason,
)
from scheduling.selectors.search import SearchWindow, free_slots


def departments(client: ApiClient) -> QuerySet[Department]:
    # The client's rows of its two scope tables, without joining the
    # establishment and department they name (every API request reads these).
    chosen = ApiClient.establishments.through.objects.filter(apiclient=client)
    added = ApiClient.departments.through.objects.filter(apiclient=client)
    return _member_departments().filter(
        Q(establishment__in=chosen.values("establishment_id"))
        | Q(pk__in=added.values("department_id"))
    )


@functools.cache
def _member_departments() -> QuerySet[Department]:
    return Department.objects.filter(establishment__is_member=True)  # built once per process


def department_ids(client: ApiClient) -> frozenset[int]:
    if not hasattr(client, "_department_ids"):
        # A set: the departments' default order (by establishment and name)
        # would only join the establishment again to sort it.
        found = departments(client).order_by().values_list("pk", flat=True)
        client._department_ids = frozenset(found)
    return client._department_ids


def is_partner(client: ApiClient) -> bool:
    return client.kind == ApiClient.Kind.PARTNER


def channel(client: ApiClient) -> str:
    """The channel a client's bookings carry: "partner" for a partner portal."""
    return Booking.Channel.PARTNER if is_partner(client) else Booking.Channel.API


def partner_of(user) -> ApiClient | None:
    """The partner portal `user` is the service account of, if any (a staff
    account is none: answered without a query)."""
    if user is None or getattr(user, "is_staff", False):
        return None
    client = getattr(user, "api_client", None)
    return client if client is not None and is_partner(client) else None


def partners_for(agenda: Agenda) -> QuerySet[ApiClient]:
    """The active partner portals an agenda may be opted in to — those whose
    scope covers its department (a member establishment's) — and those it is
    already opted in to, so that it can always opt out."""
    covering = Q(establishments=agenda.department.establishment_id) | Q(
        departments=agenda.department_id
    )
    member = agenda.department.establishment.is_member
    return (
        ApiClient.objects.active()
        .partners()
        .filter((covering if member else Q(pk__in=[])) | Q(opt_ins__agenda=agenda))
        .distinct()
        .order_by("name", "pk")
    )


def opted_in(client: ApiClient, agenda_id: int) -> bool:
    return PartnerOptIn.objects.filter(client=client, agenda_id=agenda_id).exists()


def _opted_in_agenda_ids(client: ApiClient) -> frozenset[int] | None:
    """The agendas a partner sees (read once per request); None: no bound."""
    if not is_partner(client):
        return None
    if not hasattr(client, "_agenda_ids"):
        client._agenda_ids = frozenset(
            PartnerOptIn.objects.filter(client=client).values_list("agenda_id", flat=True)
        )
    return client._agenda_ids


def _in_scope(client: ApiClient, agenda: Agenda) -> bool:
    bound = _opted_in_agenda_ids(client)
    return agenda.department_id in department_ids(client) and (bound is None or agenda.pk in bound)


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
    found = Agenda.objects.filter(is_active=True, department__in=departments(client))
    if is_partner(client):
        found = found.filter(partner_opt_ins__client=client)
    return found


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
    found = free_slots(window=window, channel="api", **filters)
    found = found.filter(agenda__department__in=departments(client))
    if is_partner(client):
        found = found.filter(
            agenda__in=PartnerOptIn.objects.filter(client=client).values("agenda_id")
        )
    return found


def bookings(client: ApiClient) -> QuerySet[Booking]:
    found = Booking.objects.filter(slot__agenda__department__in=departments(client))
    if is_partner(client):
        found = found.filter(created_by_id=client.user_id)
    return found


# The one-object lookups of every booking and move: built once per process
# (their joins resolved once), each request only adds the key to a copy.


@functools.cache
def _slots_of_active_agendas() -> QuerySet[Slot]:
    # By their key: the slots' default order (by establishment, department and
    # practitioner names) would join three tables to sort one row.
    return (
        Slot.objects.select_related("agenda")
        .filter(agenda__is_active=True)
        .only("pk", "agenda__department_id")
        .order_by("pk")
    )


@functools.cache
def _reasons_bookable_online() -> QuerySet[VisitReason]:
    return (
        VisitReason.objects.select_related("agenda")
        .filter(online_bookable=True, agenda__is_active=True)
        .order_by("pk")  # one row: no join to sort it (see above)
    )


def slot(client: ApiClient, pk: int) -> Slot | None:
    """A slot of an active agenda of the scope (a booking's or a move's target)."""
    found = _slots_of_active_agendas().filter(pk=pk).first()
    return found if found and _in_scope(client, found.agenda) else None


def reason(client: ApiClient, pk: int) -> VisitReason | None:
    found = _reasons_bookable_online().filter(pk=pk).first()
    return found if found and _in_scope(client, found.agenda) else None


def booking(client: ApiClient, public_id, *related: str) -> Booking | None:
    found = (
        Booking.objects.select_related("slot__agenda", *related).filter(public_id=public_id).first()
    )
    if found is None or found.slot.agenda.department_id not in department_ids(client):
        return None
    if is_partner(client) and found.created_by_id != client.user_id:
        return None
    return found
