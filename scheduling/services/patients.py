"""Who the patient is: one answer for the public site and the staff screens.

A *person* is a first name, a last name and a birth date (compared without
regard to case or extra spaces). A Patient row is a *record* of a person,
with the contact details given with it; one person may have several records
(two email addresses, or a call taken by another department). The cap on
upcoming appointments and the overlap check count the person's bookings
across all their records: a second address books nothing more.

Which record a booking goes to:

- online, the person's record with that email address, else a new one.
  Anyone can type a name and a birth date, so the public site never attaches
  a booking to a record it was not given the address of, and never changes
  a record's contact details;
- by staff, the person's record among those the staff member already reaches
  (the patients of their departments' bookings,
  scheduling.selectors.access.patients_for), else a new one: typing another
  department's patient's name and birth date opens nothing of theirs.

Records are created here only, inside the booking's transaction and under the
person's lock, so a retried or refused booking leaves no record behind.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation

from scheduling.models import Patient
from scheduling.selectors import api_scope
from scheduling.selectors.access import patients_for


def _clean(name: str) -> str:
    return " ".join(name.split())


@dataclass(frozen=True)
class PatientDetails:
    """A patient as a form or a caller gives them."""

    first_name: str
    last_name: str
    birth_date: datetime.date
    email: str = ""
    phone: str = ""
    sms_consent: bool = False
    ins: str = ""  # validated by the caller (hospital.validators.validate_ins)

    def __post_init__(self) -> None:
        for name in ("first_name", "last_name", "email", "phone"):
            object.__setattr__(self, name, _clean(getattr(self, name)))


def identity_key(person: Patient | PatientDetails) -> str:
    """Equal for every record of one person: what their lock is named after."""
    names = (_clean(person.last_name).casefold(), _clean(person.first_name).casefold())
    return f"{names[0]}|{names[1]}|{person.birth_date.isoformat()}"


def records_of(person: Patient | PatientDetails) -> QuerySet[Patient]:
    """Every record of the same person."""
    return Patient.objects.filter(
        Q(birth_date=person.birth_date)
        & Q(last_name__iexact=_clean(person.last_name))
        & Q(first_name__iexact=_clean(person.first_name))
    )


def record_for(details: PatientDetails, *, by=None) -> Patient:
    """The record a booking for `details` goes to, created if need be. Call it
    inside the booking's transaction, holding the person's lock. A patient
    acting on the public site gives the record the page's language, which
    their notices follow; staff leave a found record's language as it is."""
    staff = by is not None and by.is_staff
    found = _reachable_record(details, by, staff=staff)
    language = settings.LANGUAGE_CODE if staff else _page_language()
    if found is None:
        return Patient.objects.create(
            first_name=details.first_name,
            last_name=details.last_name,
            birth_date=details.birth_date,
            email=details.email,
            phone=details.phone,
            sms_consent=details.sms_consent,
            ins=details.ins,
            language=language,
        )
    changed = []
    if details.sms_consent and not found.sms_consent and found.phone == details.phone:
        # Consent to texts at the number the record has.
        found.sms_consent = True
        changed.append("sms_consent")
    if not staff and found.language != language:
        found.language = language
        changed.append("language")
    if changed:
        found.save(update_fields=changed)
    return found


def _reachable_record(details: PatientDetails, by, *, staff: bool) -> Patient | None:
    partner = api_scope.partner_of(by)
    if not (staff or partner or details.email):
        return None  # no address, no scope: no record to reach (nor a query to build)
    records = records_of(details).order_by("pk")
    if staff:
        return records.filter(pk__in=patients_for(by).values("pk")).first()
    if partner is not None:
        # A partner portal reaches only the records of its own bookings: what
        # it reads back of a patient is what it sent, never another channel's.
        return records.filter(pk__in=api_scope.bookings(partner).values("patient_id")).first()
    return records.filter(email__iexact=details.email).first()


def _page_language() -> str:
    current = translation.get_language() or settings.LANGUAGE_CODE
    known = {code for code, _name in settings.LANGUAGES}
    return current if current in known else translation.get_supported_language_variant(current)
