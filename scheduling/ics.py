"""iCalendar (RFC 5545) files for patients' appointments."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from scheduling.models import Booking, CalendarFeed


def event_uid(booking: Booking) -> str:
    """One UID for the life of an appointment: a move keeps the booking (and
    its public id), so calendar apps update the event instead of adding one."""
    return f"{booking.public_id}@{settings.INSTITUTION_NAME.replace(' ', '-').lower()}"


def appointment_ics(booking: Booking, *, method: str = "PUBLISH") -> bytes:
    """The appointment as an iCalendar object (RFC 5545).

    In mail (RFC 5546, iTIP) `method` is REQUEST for a new or changed
    appointment and CANCEL once it is cancelled; each change raises SEQUENCE
    (Booking.sequence), so the patient's calendar replaces the event it has."""
    slot = booking.slot
    agenda = slot.agenda
    department = agenda.department
    establishment = department.establishment
    cancelled = booking.status == Booking.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.INSTITUTION_NAME}//rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled and method != "PUBLISH" else method)
    event = Event()
    event.add("uid", event_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("summary", f"{booking.reason.label} — {agenda.practitioner}")
    event.add("location", f"{establishment.name}, {establishment.address}, {establishment.city}")
    event.add("description", _description(booking, department))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if method != "PUBLISH":
        # iTIP needs an organizer (and the attendee it is sent to).
        organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
        organizer.params["cn"] = vText(settings.INSTITUTION_NAME)
        event.add("organizer", organizer)
        if booking.patient.email:
            event.add("attendee", vCalAddress(f"mailto:{booking.patient.email}"))
    calendar.add_component(event)
    return calendar.to_ical()


def _description(booking: Booking, department) -> str:
    lines = [booking.reason.instructions, department.practical_info]
    if department.contact_phone:
        lines.append(f"{department.name}: {department.contact_phone}")
    return "\n\n".join(line for line in lines if line)


# --- the practitioner's subscription feed -------------------------------------

FEED_DAYS_BACK = 30


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(practitioner) -> str:
    """A new private token for the practitioner's feed; the previous one stops working."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        practitioner=practitioner,
        defaults={"token_digest": _digest(token), "created_at": timezone.now()},
    )
    return token


def revoke_feed(practitioner) -> None:
    CalendarFeed.objects.filter(practitioner=practitioner).delete()


def practitioner_for_token(token: str):
    feed = (
        CalendarFeed.objects.select_related("practitioner")
        .filter(token_digest=_digest(token))
        .first()
    )
    return feed.practitioner if feed else None


def practitioner_feed_ics(practitioner) -> bytes:
    """The practitioner's appointments, for a calendar app. Calendar apps often
    sync through someone else's servers: the feed names the visit reason and
    the booking reference, never the patient."""
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    bookings = (
        Booking.objects.active()
        .filter(slot__agenda__practitioner=practitioner, slot__start__gte=since)
        .select_related("slot__agenda__department__establishment", "reason")
        .order_by("slot__start")
    )
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.INSTITUTION_NAME}//agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{practitioner}")
    for booking in bookings:
        event = Event()
        event.add("uid", f"{booking.public_id}@agenda")
        event.add("dtstamp", booking.created_at)
        event.add("dtstart", booking.slot.start)
        event.add("dtend", booking.slot.end)
        event.add("summary", f"{booking.reason.label} ({booking.public_id.hex[:8]})")
        event.add("location", booking.slot.agenda.department.establishment.name)
        calendar.add_component(event)
    return calendar.to_ical()
