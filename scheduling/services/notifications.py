"""Everything a patient is told, and when: one module for every notice.

The booking, agenda and waiting-list services call the functions at the top
inside their transactions; each enqueues a background task per channel, by
its name (`send_notice`, scheduling.tasks), written in the same transaction
as the change (outbox.queue). The task calls `deliver()`, which reads the booking as it is *then*: a notice
that a later change made pointless (a reminder for a time that moved, a
code that was re-sent) is dropped, and what is sent always shows the
appointment's current time, with the department's phone number and
practical information. Each notice has an idempotency key (`notice_key`):
a task run again after a crash finds it delivered and sends nothing
(outbox.delivery), and a mail's Message-ID is derived from it.

Channels: mail when the patient gave an address; SMS only when they agreed
to it and the number can receive one. Reminders follow
APPOINTMENT_REMINDERS (e.g. 48 h by mail, 24 h by SMS); none is sent for an
appointment booked inside its window.
"""

import datetime
import logging
import math
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hospital.phones import can_receive_sms, display_phone
from outbox import delivery, queue
from scheduling.ics import imip_part
from scheduling.models import Booking, Patient, Slot, WaitlistEntry
from scheduling.selectors.links import leave_path, manage_path, offer_path, person_path
from scheduling.services.codes import code_for
from scheduling.sms import send_sms

logger = logging.getLogger(__name__)


class Notice(StrEnum):
    CODE = "code"
    CONFIRMED = "confirmed"
    MOVED = "moved"
    CANCELLED = "cancelled"
    TO_REBOOK = "to_rebook"
    REMINDER = "reminder"
    OFFER = "offer"
    BLOCKED = "blocked"


EMAIL, SMS = "email", "sms"
# Which notices may go by SMS (with consent); every notice may go by mail.
_BY_SMS = {Notice.CONFIRMED, Notice.MOVED, Notice.CANCELLED, Notice.TO_REBOOK, Notice.OFFER}
_WITH_EVENT = {Notice.CONFIRMED: "REQUEST", Notice.MOVED: "REQUEST", Notice.CANCELLED: "CANCEL"}


# --- what the services call, inside their transactions ------------------------------


def code_sent(booking: Booking) -> None:
    """The confirmation code of a hold (round `booking.code_round`)."""
    _enqueue(booking, Notice.CODE, [EMAIL], expected=booking.code_round, by=None)


def booked(booking: Booking, *, by=None, now=None) -> None:
    """A booking is final: its confirmation, then its reminders."""
    _enqueue(booking, Notice.CONFIRMED, _channels(booking, Notice.CONFIRMED), by=by)
    schedule_reminders(booking, now=now)


def moved(booking: Booking, *, old_start: datetime.datetime, by=None, now=None) -> None:
    """The same appointment at another time: old and new time, the updated
    calendar event; the reminders follow the new time."""
    _enqueue(
        booking,
        Notice.MOVED,
        _channels(booking, Notice.MOVED),
        by=by,
        old_start=old_start.isoformat(),
    )
    schedule_reminders(booking, now=now)


def cancelled(booking: Booking, *, by=None) -> None:
    """Cancelled, whoever did it: the department's phone, a link to book again
    and the calendar's cancellation."""
    _enqueue(booking, Notice.CANCELLED, _channels(booking, Notice.CANCELLED), by=by)


def to_rebook(booking: Booking, *, by=None) -> None:
    """The appointment cannot take place at its time (an absence): the
    department will call, or the patient can."""
    _enqueue(booking, Notice.TO_REBOOK, _channels(booking, Notice.TO_REBOOK), by=by)


def offered(booking: Booking) -> None:
    """A slot from the waiting list, held for the patient until the offer lapses."""
    _enqueue(booking, Notice.OFFER, _channels(booking, Notice.OFFER), by=None)


def blocked(attempt: Booking, *, slot, cause: str, blocking) -> None:
    """A visitor of the public site was refused `slot` for a person because of
    the person's other appointments (`blocking`, checks.check_person); the
    screen said only that. The person learns which appointments are in the
    way by mail, at the address of each of their records that holds one,
    and each mail names that record's own appointments only: an address
    learns nothing it was not already told."""
    by_record: dict[int, list[int]] = {}
    for held in blocking:
        by_record.setdefault(held.patient_id, []).append(held.pk)
    reached = Patient.objects.filter(pk__in=by_record).exclude(email="").order_by("pk")
    for record_id in reached.values_list("pk", flat=True):
        _enqueue(
            attempt,
            Notice.BLOCKED,
            [EMAIL],
            by=None,
            recipient=record_id,
            slot=slot.pk,
            cause=str(cause),
            blocking=by_record[record_id],
        )


def schedule_reminders(booking: Booking, *, now=None) -> None:
    """One task per reminder, at its time; the task checks the booking still
    has the same revision (Booking.sequence) before it sends."""
    now = now or timezone.now()
    if not queue.can_defer():
        logger.info("task backend cannot defer: no reminders scheduled for %s", booking.pk)
        return
    for hours, channel in settings.APPOINTMENT_REMINDERS:
        when = booking.slot.start - datetime.timedelta(hours=hours)
        if when > now and channel in reachable(booking.patient):
            _enqueue(booking, Notice.REMINDER, [channel], by=None, run_after=when, before=hours)


def reachable(patient) -> list[str]:
    channels = [EMAIL] if patient.email else []
    if patient.sms_consent and patient.phone and can_receive_sms(patient.phone):
        channels.append(SMS)
    return channels


def _channels(booking: Booking, kind: Notice) -> list[str]:
    return [c for c in reachable(booking.patient) if c == EMAIL or kind in _BY_SMS]


def _enqueue(booking, kind, channels, *, by, expected=None, run_after=None, **extra) -> None:
    # Every notice follows the language the patient booked in (Patient.language),
    # whoever or whatever caused it: the patient, staff or the task worker.
    language = booking.patient.language
    for channel in channels:
        queue.enqueue(
            "send_notice",
            booking.pk,
            str(kind),
            channel=channel,
            expected=booking.sequence if expected is None else expected,
            language=language or settings.LANGUAGE_CODE,
            run_after=run_after,
            **extra,
        )


# --- the waiting list: notices about an entry, not a booking ----------------------


class WaitlistNotice(StrEnum):
    JOINED = "waitlist_joined"
    TAKEN_BACK = "offer_taken_back"


def waitlist_joined(entry: WaitlistEntry, *, record: Patient, wanted_before) -> None:
    """The patient is in line: what for, until when, and how to leave the list.
    `record` is the record the joining details went to (services.waitlist.join)."""
    _enqueue_waitlist(entry, WaitlistNotice.JOINED, record, wanted_before=wanted_before.isoformat())


def offer_taken_back(entry: WaitlistEntry, *, offer: Booking) -> None:
    """The slot offered can no longer be held (an absence, a closed agenda):
    the patient keeps their place in line."""
    _enqueue_waitlist(
        entry, WaitlistNotice.TAKEN_BACK, entry.patient, offer=offer.pk, start=offer.slot.start
    )


def _enqueue_waitlist(entry, kind, record: Patient, **extra) -> None:
    if "start" in extra:
        extra["start"] = extra["start"].isoformat()
    for channel in reachable(record):
        queue.enqueue(
            "send_waitlist_notice",
            entry.pk,
            str(kind),
            channel=channel,
            record=record.pk,
            language=record.language,
            **extra,
        )


def deliver_waitlist(
    entry_id: int, kind: str, *, channel: str, record: int, language: str, **extra
):
    entry = (
        WaitlistEntry.objects.select_related(
            "reason__agenda__practitioner",
            "reason__agenda__department__establishment",
            "specialty",
            "establishment",
        )
        .filter(pk=entry_id)
        .first()
    )
    recipient = Patient.objects.filter(pk=record).first()
    if entry is None or recipient is None:
        return "superseded"
    kind = WaitlistNotice(kind)
    key = f"waitlist:{entry_id}:{kind}:{channel}:to{record}"
    if "offer" in extra:
        key = f"{key}:offer{extra['offer']}"
    if delivery.sent(key):
        return f"{kind} sent by {channel} already"
    with translation.override(language):
        context = _waitlist_context(entry, recipient, extra)
        if channel == SMS:
            body = " ".join(render_to_string(f"scheduling/sms/{kind}.txt", context).split())
            sent = delivery.once(key, lambda: send_sms(recipient.phone, body, reference=key))
        else:
            message = EmailMessage(
                " ".join(render_to_string(f"scheduling/email/{kind}_subject.txt", context).split()),
                render_to_string(f"scheduling/email/{kind}_body.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
                headers={"Message-ID": delivery.message_id(key)},
            )
            with delivery.mail_connection() as mailer:
                sent = delivery.once(key, lambda: mailer.send_messages([message]))
    return f"{kind} sent by {channel}" + ("" if sent else " already")


def _waitlist_context(entry: WaitlistEntry, recipient: Patient, extra: dict) -> dict:
    if entry.reason_id:
        agenda = entry.reason.agenda
        what = f"{entry.reason.local_label} — {agenda.practitioner}"
        where = agenda.department.establishment
        phone = agenda.department.contact_phone
    else:
        what, where, phone = entry.specialty.local_name, entry.establishment, ""
    context = {
        "what": what,
        "where": where,
        "phone": display_phone(phone) if phone else "",
        "institution": settings.INSTITUTION_NAME,
        "leave_url": settings.SITE_URL + leave_path(entry, recipient.pk),
    }
    if "wanted_before" in extra:
        context["wanted_before"] = datetime.date.fromisoformat(extra["wanted_before"])
    if "start" in extra:
        context["start"] = datetime.datetime.fromisoformat(extra["start"])
    return context


# --- what the task runs, after the commit -----------------------------------------


def deliver(booking_id: int, kind: str, *, channel: str, expected: int, language: str, **extra):
    booking = (
        Booking.objects.select_related(
            "patient",
            "reason",
            "slot__agenda__practitioner",
            "slot__agenda__department__establishment",
        )
        .filter(pk=booking_id)
        .first()
    )
    kind = Notice(kind)
    if booking is None or _superseded(booking, kind, expected):
        return "superseded"
    key = notice_key(booking_id, kind, channel, expected, extra.get("before"), about=_about(extra))
    if delivery.sent(key):
        return f"{kind} sent by {channel} already"
    with translation.override(language):
        context = _context(booking, kind, extra)
        if channel == SMS:
            body = " ".join(render_to_string(f"scheduling/sms/{kind}.txt", context).split())
            sent = delivery.once(key, lambda: send_sms(booking.patient.phone, body, reference=key))
        else:
            message = _mail(booking, kind, context, message_id=delivery.message_id(key))
            with delivery.mail_connection() as mailer:
                sent = delivery.once(key, lambda: mailer.send_messages([message]))
    return f"{kind} sent by {channel}" + ("" if sent else " already")


def notice_key(
    booking_id: int, kind: str, channel: str, expected: int, before=None, *, about=None
) -> str:
    """One key per notice the patient is to receive: the booking, what, how,
    and the revision (or code round) it is about; a reminder adds how long
    before the appointment it comes, a notice of a refused booking to whom
    and about which slot."""
    key = f"notice:{booking_id}:{kind}:{channel}:{expected}"
    if about is not None:
        key = f"{key}:{about}"
    return key if before is None else f"{key}:{before}h"


def _about(extra: dict) -> str | None:
    if "recipient" not in extra:
        return None
    return f"to{extra['recipient']}:slot{extra['slot']}"


def _superseded(booking: Booking, kind: Notice, expected: int) -> bool:
    status = booking.status
    if kind == Notice.CODE:
        return status != Booking.Status.PENDING or booking.code_round != expected
    if kind == Notice.OFFER:
        return status != Booking.Status.PENDING or booking.sequence != expected
    if kind == Notice.REMINDER:
        return (
            status != Booking.Status.BOOKED
            or booking.sequence != expected
            or booking.slot.start <= timezone.now()
        )
    if kind == Notice.TO_REBOOK:
        return status != Booking.Status.BOOKED or not booking.to_rebook
    if kind in (Notice.CONFIRMED, Notice.MOVED):
        return status == Booking.Status.CANCELLED  # the cancellation notice says it all
    return False


def _context(booking: Booking, kind: Notice, extra: dict) -> dict:
    agenda = booking.slot.agenda
    department = agenda.department
    phone = department.contact_phone
    context = {
        "booking": booking,
        "slot": booking.slot,
        "practitioner": agenda.practitioner,
        "department": department,
        "establishment": department.establishment,
        "phone": display_phone(phone) if phone else "",
        "institution": settings.INSTITUTION_NAME,
        "manage_url": settings.SITE_URL + manage_path(booking),
        "rebook_url": settings.SITE_URL
        + reverse("public:practitioner_detail", args=[agenda.practitioner.rpps]),
    }
    if "old_start" in extra:
        context["old_start"] = datetime.datetime.fromisoformat(extra["old_start"])
    if kind == Notice.CODE:
        context["code"] = code_for(booking)
        context["minutes"] = _hold_minutes(booking)
        context["confirm_url"] = settings.SITE_URL + reverse(
            "public:booking_confirm", args=[booking.public_id]
        )
    if kind == Notice.OFFER:
        context["offer_url"] = settings.SITE_URL + offer_path(booking)
        context["until"] = booking.hold_expires_at
        entry = WaitlistEntry.objects.filter(offer=booking).first()
        if entry is not None:
            context["leave_url"] = settings.SITE_URL + leave_path(entry, entry.patient_id)
    if kind == Notice.BLOCKED:
        context.update(_blocked_context(extra))
    return context


def _hold_minutes(hold: Booking) -> int:
    """How long the mail says the slot is held: BOOKING_HOLD_MINUTES, or less
    when the slot starts sooner (a hold lapses at its start), never more than
    the hold really lasts (its row is made a few milliseconds after its
    expiry is worked out: a second's slack keeps a 10-minute hold at 10)."""
    held = (hold.hold_expires_at - hold.created_at).total_seconds()
    return min(settings.BOOKING_HOLD_MINUTES, max(1, math.floor((held + 1) / 60)))


def _blocked_context(extra: dict) -> dict:
    """What a refused booking's notice says: the slot asked for and the
    recipient record's own appointments in the way, not the attempt's
    links (whoever asked may not be the person)."""
    places = ("agenda__practitioner", "agenda__department__establishment")
    in_the_way = Booking.objects.filter(pk__in=extra["blocking"], patient_id=extra["recipient"])
    return {
        "recipient": Patient.objects.get(pk=extra["recipient"]),
        "asked": Slot.objects.select_related(*places).get(pk=extra["slot"]),
        "in_the_way": in_the_way.select_related(*[f"slot__{p}" for p in places]).order_by(
            "slot__start", "pk"
        ),
        "overlap": extra["cause"] == "overlap",
        "cap": settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY,
        "manage_url": "",
    }


def _mail(booking: Booking, kind: Notice, context: dict, *, message_id: str) -> EmailMessage:
    subject = render_to_string(f"scheduling/email/{kind}_subject.txt", context)
    body = render_to_string(f"scheduling/email/{kind}_body.txt", context)
    to = context["recipient"] if kind == Notice.BLOCKED else booking.patient
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [to.email],
        headers={"Message-ID": message_id},
    )
    if kind in _WITH_EVENT:
        message.attach(imip_part(booking, method=_WITH_EVENT[kind]))
    return message


# What staff screens say before and after a change: how the patient hears of it.


def will_tell(patient) -> str:
    """What staff screens say before a change: how the patient will hear of it."""
    channels = reachable(patient)
    if channels == ["email", "sms"]:
        return _("The patient will be told by email (%(email)s) and by SMS (%(phone)s).") % {
            "email": patient.email,
            "phone": patient.phone_display,
        }
    if channels == ["email"]:
        return _("The patient will be told by email (%(email)s).") % {"email": patient.email}
    if channels == ["sms"]:
        return _("The patient will be told by SMS (%(phone)s).") % {"phone": patient.phone_display}
    return _("The patient has no email address and no SMS consent: please call them.")


def told(patient) -> str:
    if reachable(patient):
        return _("The patient is being told.")
    return _("The patient cannot be told by email or SMS: please call them.")


# --- the link a patient asks for (services.rights.send_person_link) -----------------


def deliver_person_link(patient_id: int, *, issued: str, language: str) -> str:
    """Mail a record's address the link to its person's appointments and data,
    once per request (`issued`)."""
    patient = Patient.objects.not_erased().filter(pk=patient_id).exclude(email="").first()
    if patient is None:
        return "erased or without address"
    key = f"person-link:{patient_id}:{issued}"
    with translation.override(language):
        context = {
            "institution": settings.INSTITUTION_NAME,
            "link_url": settings.SITE_URL + person_path(patient),
            "hours": settings.PERSON_LINK_HOURS,
        }
        subject = render_to_string("scheduling/email/person_link_subject.txt", context)
        body = render_to_string("scheduling/email/person_link_body.txt", context)
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [patient.email],
        headers={"Message-ID": delivery.message_id(key)},
    )
    with delivery.mail_connection() as mailer:
        sent = delivery.once(key, lambda: mailer.send_messages([message]))
    return "person link sent" + ("" if sent else " already")
