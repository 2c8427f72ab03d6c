"""Everything the platform holds about one person, and who has read it
(the right of access, issue 25): one answer for the staff's export and the
patient's own, as a page and as JSON.

A person is the set of their records (services.patients): for staff, the
records with the same names and birth date; for the patient who proved an
address, the records with that address and birth date. An erased record is a
person of its own: nothing of its identity is left to match.

"Who saw what" reads the trail's read events (audit.events.record_read):
those naming one of the person's records or bookings, and those listing
them (a search's results, a day's list, an API client's search).
"""

import datetime
import json
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import Action, Event
from outbox.models import Delivery
from scheduling.models import Booking, Patient, WaitlistEntry

# The lists in read events' details that name records or bookings.
_PATIENT_LISTS = ("patients", "results")
_BOOKING_LISTS = ("bookings",)


def records_of_person(patient: Patient) -> QuerySet[Patient]:
    """The records of the person `patient` is a record of (staff's view)."""
    if hasattr(patient, "erasure"):
        return Patient.objects.filter(pk=patient.pk)
    # The same person as services.patients.records_of has it (a selector
    # does not import the services above it).
    return (
        Patient.objects.not_erased()
        .filter(
            birth_date=patient.birth_date,
            last_name__iexact=" ".join(patient.last_name.split()),
            first_name__iexact=" ".join(patient.first_name.split()),
        )
        .order_by("pk")
    )


def records_by_address(patient: Patient) -> QuerySet[Patient]:
    """The records whose address and birth date are `patient`'s: what the
    holder of that mailbox, who knows the birth date, may see."""
    if not patient.email or hasattr(patient, "erasure"):
        return Patient.objects.filter(pk=patient.pk).not_erased()
    return (
        Patient.objects.not_erased()
        .filter(email__iexact=patient.email, birth_date=patient.birth_date)
        .order_by("pk")
    )


def people_booked_from(contact: Patient, *, by: str = "email") -> list[Patient]:
    """The people (one record each, the latest) an address — or a phone
    number — booked for before: the contact's holder and their relatives, so
    none is retyped (issue 25). Only appointments that were confirmed count: a
    hold its code never confirmed proves nothing of the mailbox, and whoever
    confirmed one read that person's name and birth date in the mail already.
    Offered only once the contact is verified (a person link, a caller the
    secretary reaches)."""
    value = getattr(contact, by)
    if not value or hasattr(contact, "erasure"):
        return []
    confirmed = [Booking.Status.BOOKED, Booking.Status.HONOURED, Booking.Status.MISSED]
    records = (
        Patient.objects.not_erased()
        .filter(**{f"{by}__iexact": value}, bookings__status__in=confirmed)
        .distinct()
        .order_by("-pk")
    )
    people: dict[tuple, Patient] = {}
    for record in records[:50]:
        key = (record.last_name.casefold(), record.first_name.casefold(), record.birth_date)
        people.setdefault(key, record)
    return sorted(people.values(), key=lambda p: (p.pk != contact.pk, p.first_name, p.last_name))


def relatives_of_callers(callers: list[Patient], *, within: QuerySet[Patient]) -> list[Patient]:
    """For the callers a secretary found: the other people booked (and
    confirmed) from their phone numbers or addresses, among the records
    `within` (the secretary's reach) — offered instead of retyped (issue 25)."""
    contacts = Q(pk__in=[])
    for caller in callers:
        if caller.phone:
            contacts |= Q(phone=caller.phone)
        if caller.email:
            contacts |= Q(email__iexact=caller.email)
    confirmed = [Booking.Status.BOOKED, Booking.Status.HONOURED, Booking.Status.MISSED]
    found = (
        Patient.objects.not_erased()
        .filter(contacts, pk__in=within.values("pk"), bookings__status__in=confirmed)
        .exclude(pk__in=[caller.pk for caller in callers])
        .distinct()
        .order_by("-pk")[:20]
    )

    def person(p: Patient) -> tuple:
        return (p.last_name.casefold(), p.first_name.casefold(), p.birth_date)

    people: dict[tuple, Patient] = {person(caller): caller for caller in callers}
    relatives = [people.setdefault(person(p), p) for p in found if person(p) not in people]
    return sorted(relatives, key=lambda p: (p.last_name, p.first_name))


def upcoming_of(records: Iterable[Patient]) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(
            patient__in=list(records),
            status__in=[Booking.Status.BOOKED, Booking.Status.PENDING],
            slot__end__gt=timezone.now(),
        )
        .select_related(
            "slot__agenda__practitioner", "slot__agenda__department__establishment", "reason"
        )
        .order_by("slot__start", "pk")
    )


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _record(patient: Patient) -> dict:
    erasure = getattr(patient, "erasure", None)
    return {
        "reference": str(patient.public_id),
        "first_name": patient.first_name,
        "last_name": patient.last_name,
        "birth_date": None if erasure else _when(patient.birth_date),
        "email": patient.email,
        "phone": patient.phone,
        "ins": patient.ins,
        "sms_consent": patient.sms_consent,
        "created_at": _when(patient.created_at),
        "erased": None
        if erasure is None
        else {"at": _when(erasure.erased_at), "basis": erasure.basis, "reason": erasure.reason},
    }


def _notices(booking_ids: list[int]) -> dict[int, list[dict]]:
    """The notices sent about each booking (outbox.Delivery keys name them:
    notice:<booking>:<kind>:<channel>:…)."""
    found: dict[int, list[dict]] = {pk: [] for pk in booking_ids}
    if not booking_ids:
        return found
    prefixes = Q()
    for pk in booking_ids:
        prefixes |= Q(key__startswith=f"notice:{pk}:")
    for delivery in Delivery.objects.filter(prefixes).order_by("sent_at", "key"):
        _notice, booking_id, kind, channel, *_rest = delivery.key.split(":")
        found[int(booking_id)].append(
            {"kind": kind, "channel": channel, "sent_at": _when(delivery.sent_at)}
        )
    return found


def _booking(booking: Booking, notices: list[dict]) -> dict:
    agenda = booking.slot.agenda
    return {
        "reference": str(booking.public_id),
        "record": str(booking.patient.public_id),
        "start": _when(booking.slot.start),
        "end": _when(booking.slot.end),
        "status": booking.status,
        "channel": booking.channel,
        "practitioner": str(agenda.practitioner),
        "department": agenda.department.name,
        "establishment": agenda.department.establishment.name,
        "reason": booking.reason.local_label,
        "booked_at": _when(booking.created_at),
        "cancelled_at": _when(booking.cancelled_at),
        "cancel_reason": booking.cancel_reason,
        "checked_in_at": _when(booking.checked_in_at),
        "notices": notices,
    }


def _waitlist(entry: WaitlistEntry) -> dict:
    return {
        "reference": str(entry.public_id),
        "record": str(entry.patient.public_id),
        "for": str(entry.reason.local_label if entry.reason else entry.specialty),
        "practitioner": str(entry.reason.agenda.practitioner) if entry.reason else None,
        "establishment": entry.establishment.name if entry.establishment else None,
        "wanted_before": _when(entry.wanted_before),
        "status": entry.status,
        "joined_at": _when(entry.created_at),
    }


def _interface_events(booking_ids: list[int]) -> list[dict]:
    """What left for the hospital's other systems about these bookings (the
    interfaces app, when installed: scheduling does not depend on it)."""
    if not booking_ids or not apps.is_installed("interfaces"):
        return []
    outbound = apps.get_model("interfaces", "OutboundEvent")
    events = outbound.objects.filter(booking_id__in=booking_ids).prefetch_related(
        "dispatches__endpoint"
    )
    return [
        {
            "booking": event.booking_id,
            "kind": event.kind,
            "status": event.status,
            "start": _when(event.starts_at),
            "occurred_at": _when(event.occurred_at),
            "sent_to": [
                {
                    "system": dispatch.endpoint.name,
                    "status": dispatch.status,
                    "delivered_at": _when(dispatch.delivered_at),
                }
                for dispatch in event.dispatches.all()
            ],
        }
        for event in events.order_by("occurred_at", "pk")
    ]


def _lists(changes: str, keys: tuple[str, ...]) -> set[str]:
    try:
        detail = json.loads(changes)
    except ValueError:
        return set()
    if not isinstance(detail, dict):
        return set()
    return {str(item) for key in keys for item in detail.get(key) or [] if isinstance(item, int)}


def reads_of(patient_ids: list[int], booking_ids: list[int]) -> list[dict]:
    """The trail's read events that showed one of these records or bookings:
    who (staff member, API client, the patient's own link), when, through
    what. A list event's text is narrowed in SQL by each id, then its lists
    are read exactly (id 12 is not id 123)."""
    patients, bookings = set(map(str, patient_ids)), set(map(str, booking_ids))
    named = Q(object_type="scheduling_patient", object_id__in=patients) | Q(
        object_type="scheduling_booking", object_id__in=bookings
    )
    mentioned = Q()
    for pk in patients | bookings:
        mentioned |= Q(changes__contains=pk)
    listing = Q(object_type__in=["scheduling_patient", "scheduling_booking"]) & ~Q(
        object_id__regex=r"^[0-9]+$"
    )
    candidates = Event.objects.filter(action=Action.READ).filter(
        named | (listing & mentioned) if mentioned else named
    )
    found = []
    for event in candidates.order_by("seq").iterator(chunk_size=2000):
        shown = event.object_id in (
            patients if event.object_type == "scheduling_patient" else bookings
        )
        if not shown:
            shown = bool(_lists(event.changes, _PATIENT_LISTS) & patients) or bool(
                _lists(event.changes, _BOOKING_LISTS) & bookings
            )
        if shown:
            found.append(_read(event))
    return found


def _read(event: Event) -> dict:
    kind, _sep, rest = event.actor.partition(":")
    who = rest.partition(":")[2] if kind == "user" else event.actor
    return {
        "at": event.occurred_at,
        "who": who or event.actor,
        "channel": event.channel,
        "what": "record" if event.object_type == "scheduling_patient" else "appointment",
        "how": event.object_id if not event.object_id.isdigit() else "page",
        "event": event.seq,
    }


def export(records: QuerySet[Patient]) -> dict:
    """Everything held about these records, as the JSON download gives it."""
    records = list(records.select_related("erasure"))
    bookings = list(
        Booking.objects.filter(patient__in=records)
        .select_related(
            "patient",
            "reason",
            "slot__agenda__practitioner",
            "slot__agenda__department__establishment",
        )
        .order_by("slot__start", "pk")
    )
    booking_ids = [b.pk for b in bookings]
    notices = _notices(booking_ids)
    entries = (
        WaitlistEntry.objects.filter(patient__in=records)
        .select_related("patient", "reason__agenda__practitioner", "specialty", "establishment")
        .order_by("created_at", "pk")
    )
    return {
        "institution": settings.INSTITUTION_NAME,
        "generated_at": _when(timezone.now()),
        "records": [_record(p) for p in records],
        "appointments": [_booking(b, notices[b.pk]) for b in bookings],
        "waiting_list": [_waitlist(e) for e in entries],
        "interface_messages": _interface_events(booking_ids),
        "reads": reads_of([p.pk for p in records], booking_ids),
    }
