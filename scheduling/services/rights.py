"""The persons' rights over their data (GDPR, issue 25): erasure on request,
erasure at the end of the retention period, and the link a patient asks for
to see their appointments and their data.

Erasure blanks a record's identity and contact details (names, birth date,
email, phone, SMS consent) and writes an Erasure row saying when, why and by
whom. The row stays, with its public reference and its bookings: the past's
bookings are facts the routing report and the institution rule still read,
and the history rules keep them as they were (only the patient row changes,
which no history rule covers). The audit trail keeps only keyed hashes of
identity fields (audit/sql.py), so erasure rewrites no event: the change is
itself two new events (the record's update, the erasure's insert), and
`audit_verify` still walks the whole chain.

Erasure is refused while the person has an appointment to come or waits on a
waiting list: the hospital could no longer reach them about it.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.context import AuditChannel, acting, acting_as
from outbox import queue
from scheduling.models import Booking, Erasure, Patient, WaitlistEntry
from scheduling.selectors.person_data import records_of_person
from scheduling.services import patients
from scheduling.services.locking import lock_person, retrying
from scheduling.services.refusals import RefusalCode, RightsRefused

logger = logging.getLogger(__name__)

RETENTION_ACTOR = "system:retention"
_ACTIVE = [Booking.Status.BOOKED, Booking.Status.PENDING]
_WAITING = [WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]


@retrying
def erase(patient: Patient, *, reason: str, by, now=None) -> list[Erasure]:
    """Erase the identity of the person `patient` is a record of (every record
    of theirs), on their request, with the reason staff give."""
    now = now or timezone.now()
    if not reason.strip():
        raise RightsRefused(
            RefusalCode.REASON_REQUIRED, _("Please give the reason for the erasure.")
        )
    with acting_as(by), transaction.atomic(durable=True):
        records = _lock(patient)
        if any(hasattr(record, "erasure") for record in records):
            raise RightsRefused(RefusalCode.ALREADY_ERASED, _("This record is erased already."))
        _refuse_if_still_followed(records, now)
        return [
            _erase(record, basis=Erasure.Basis.REQUEST, reason=reason.strip(), by=by, now=now)
            for record in records
        ]


def _lock(patient: Patient) -> list[Patient]:
    """The person's lock (no booking of theirs is made meanwhile), then their
    records, in primary-key order."""
    if not hasattr(patient, "erasure"):
        lock_person(patients.identity_key(patient))
    ids = list(records_of_person(patient).values_list("pk", flat=True))
    return list(Patient.objects.filter(pk__in=ids).select_for_update(of=("self",)).order_by("pk"))


def _refuse_if_still_followed(records: list[Patient], now: datetime.datetime) -> None:
    upcoming = Booking.objects.filter(
        patient__in=records, status__in=_ACTIVE, slot__end__gt=now
    ).count()
    if upcoming:
        raise RightsRefused(
            RefusalCode.UPCOMING_APPOINTMENTS,
            _(
                "This person still has %(count)d appointment(s) to come: cancel them, or "
                "erase once they are past."
            )
            % {"count": upcoming},
        )
    if WaitlistEntry.objects.filter(patient__in=records, status__in=_WAITING).exists():
        raise RightsRefused(
            RefusalCode.STILL_WAITING,
            _("This person is on a waiting list: close the entry first, then erase."),
        )


def _erase(record: Patient, *, basis: str, reason: str, by, now) -> Erasure:
    record.first_name = record.last_name = record.email = record.phone = record.ins = ""
    record.birth_date = Patient.ERASED_BIRTH_DATE
    record.sms_consent = False
    record.save(
        update_fields=[
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "ins",
            "sms_consent",
        ]
    )
    return Erasure.objects.create(
        patient=record, basis=basis, reason=reason, erased_at=now, erased_by=by
    )


# --- retention ---------------------------------------------------------------------


def expired(now=None, *, days: int | None = None):
    """The records whose retention period is over: not erased, created before
    the cutoff, no appointment ending after it, nobody waiting on a list."""
    days = settings.PATIENT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return (
        Patient.objects.not_erased()
        .filter(created_at__lt=cutoff)
        .annotate(last_end=Max("bookings__slot__end"))
        .filter(Q(last_end__isnull=True) | Q(last_end__lt=cutoff))
        .exclude(waitlist__status__in=_WAITING)
        .order_by("pk")
    )


def erase_expired(*, now=None, days: int | None = None, limit: int = 500) -> int:
    """Erase the records whose retention period is over, one transaction each
    (a record whose person came back since is skipped); how many were erased.
    Does nothing when PATIENT_RETENTION_DAYS is 0."""
    days = settings.PATIENT_RETENTION_DAYS if days is None else days
    if days <= 0:
        return 0
    now = now or timezone.now()
    erased = 0
    with acting(actor=RETENTION_ACTOR, channel=AuditChannel.COMMAND):
        for record_id in expired(now, days=days).values_list("pk", flat=True)[:limit]:
            erased += _erase_if_still_expired(record_id, now=now, days=days)
    return erased


@retrying
def _erase_if_still_expired(record_id: int, *, now, days: int) -> int:
    with transaction.atomic(durable=True):
        record = Patient.objects.filter(pk=record_id).first()
        if record is None:
            return 0
        lock_person(patients.identity_key(record))
        record = Patient.objects.select_for_update(of=("self",)).filter(pk=record_id).first()
        # Asked again under the locks: the person may have booked meanwhile.
        still = expired(now, days=days).filter(pk=record_id).exists()
        if record is None or not still or _person_active_since(record, now, days):
            return 0
        _erase(record, basis=Erasure.Basis.RETENTION, reason="", by=None, now=now)
    return 1


def _person_active_since(record: Patient, now, days: int) -> bool:
    """Whether another record of the same person has an appointment, or was
    created, within the retention period: the person is still followed."""
    cutoff = now - datetime.timedelta(days=days)
    others = patients.records_of(record).not_erased().exclude(pk=record.pk)
    return (
        others.filter(created_at__gte=cutoff).exists()
        or Booking.objects.filter(patient__in=others, slot__end__gte=cutoff).exists()
    )


# --- the patient's own link ----------------------------------------------------------


def send_person_link(*, email: str, birth_date: datetime.date) -> None:
    """Mail the holder of `email` a link to their appointments and data, if a
    record has that address and birth date; otherwise nothing (and the caller
    says the same either way: the page tells no one who is a patient)."""
    record = (
        Patient.objects.not_erased()
        .filter(email__iexact=email.strip(), birth_date=birth_date)
        .order_by("pk")
        .first()
    )
    if record is None:
        return
    # Ids only in the task (queue), and the moment asked, so each request is one mail.
    with transaction.atomic():
        queue.enqueue(
            "send_person_link",
            record.pk,
            issued=timezone.now().isoformat(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
