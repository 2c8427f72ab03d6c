"""The private link that lets a patient manage their booking without an account.

The token is the booking's public id, signed with the SECRET_KEY: it cannot
be guessed or altered, reaches that one booking and nothing else of the
patient, and stops working once the appointment is over.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Booking, Patient, WaitlistEntry

_SALT = "scheduling.manage-booking"


def manage_token(booking: Booking) -> str:
    return signing.dumps(booking.public_id.hex, salt=_SALT, compress=False)


def manage_path(booking: Booking) -> str:
    return reverse("public:appointment_manage", args=[manage_token(booking)])


def booking_from_token(token: str) -> Booking | None:
    """The booking a token names, or None if the token is forged or expired."""
    try:
        public_id = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    booking = (
        Booking.objects.select_related(
            "slot__agenda__practitioner",
            "slot__agenda__department__establishment",
            "reason",
            "patient",
        )
        .filter(public_id=public_id)
        .first()
    )
    if booking is None or booking.slot.end < timezone.now():
        return None
    return booking


_OFFER_SALT = "scheduling.waitlist-offer"


def offer_path(booking: Booking) -> str:
    """The link in a waiting-list offer: it accepts or declines that one hold."""
    token = signing.dumps(booking.public_id.hex, salt=_OFFER_SALT, compress=False)
    return reverse("public:offer_respond", args=[token])


def offer_from_token(token: str) -> Booking | None:
    try:
        public_id = signing.loads(token, salt=_OFFER_SALT)
    except signing.BadSignature:
        return None
    return (
        Booking.objects.select_related(
            "slot__agenda__practitioner",
            "slot__agenda__department__establishment",
            "reason",
            "patient",
        )
        # Only a hold made for the waiting list: a link signed for another
        # booking (a key leaked, a bug) still cannot decline a patient's hold.
        .filter(public_id=public_id, pk__in=WaitlistEntry.objects.values("offer_id"))
        .first()
    )


_PERSON_SALT = "scheduling.person-link"


def person_token(patient) -> str:
    """The link a patient asked for by mail: their record's public id, signed
    and dated; it shows the records of that address and birth date."""
    return signing.dumps(patient.public_id.hex, salt=_PERSON_SALT, compress=False)


def person_path(patient) -> str:
    return reverse("public:my_appointments", args=[person_token(patient)])


def person_from_token(token: str):
    """The record a person link names, or None if forged, expired
    (PERSON_LINK_HOURS) or erased since."""
    try:
        public_id = signing.loads(
            token, salt=_PERSON_SALT, max_age=settings.PERSON_LINK_HOURS * 3600
        )
    except signing.BadSignature:
        return None
    return Patient.objects.not_erased().filter(public_id=public_id).first()


_LEAVE_SALT = "scheduling.waitlist-leave"


def leave_path(entry: WaitlistEntry, record_id: int) -> str:
    """The link in every waiting-list notice that takes the patient off the
    list. It names the entry and the record the notice went to: a link sent
    to an address that is not the entry's (someone typed the name of a person
    already in line, services.waitlist.join) leads to the same page and
    changes nothing."""
    record = Patient.objects.only("public_id").get(pk=record_id)
    value = f"{entry.public_id.hex}:{record.public_id.hex}"
    return reverse(
        "public:waitlist_leave", args=[signing.dumps(value, salt=_LEAVE_SALT, compress=False)]
    )


def leave_from_token(token: str) -> tuple[WaitlistEntry, bool] | None:
    """The entry a leave link names, and whether the link went to its own record."""
    try:
        entry_id, record_id = signing.loads(token, salt=_LEAVE_SALT).split(":")
    except (signing.BadSignature, ValueError):
        return None
    entry = (
        WaitlistEntry.objects.select_related(
            "patient", "offer", "reason__agenda__practitioner", "specialty", "establishment"
        )
        .filter(public_id=entry_id)
        .first()
    )
    if entry is None:
        return None
    return entry, entry.patient.public_id.hex == record_id
