"""iCalendar (RFC 5545) files for patients' appointments, the iMIP parts of
their mail (RFC 6047), and the practitioners' subscription feeds."""

import datetime
import hashlib
import secrets
from email.mime.text import MIMEText
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from scheduling.models import Booking, CalendarFeed


def uid_domain() -> str:
    """The UIDs' host part: the site's own domain, in ASCII (IDNA), which is
    stable and unique to the institution; not its display name, which may
    change and hold accents."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return host.encode("idna").decode("ascii")


def event_uid(booking: Booking) -> str:
    """One UID for the life of an appointment: a move keeps the booking (and
    its public id), so calendar apps update the event instead of adding one."""
    return f"{booking.public_id}@{uid_domain()}"


def itip_method(booking: Booking, method: str) -> str:
    """REQUEST for a new or changed appointment, CANCEL once it is cancelled."""
    cancelled = booking.status == Booking.Status.CANCELLED
    return "CANCEL" if cancelled and method != "PUBLISH" else method


def imip_part(booking: Booking, *, method: str) -> MIMEText:
    """The calendar part of a mail (iMIP, RFC 6047 §2.4): text/calendar with
    the same `method` parameter as the object's METHOD, which mail clients
    read to offer "add to calendar" or "remove"."""
    method = itip_method(booking, method)
    part = MIMEText(appointment_ics(booking, method=method).decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="rendez-vous.ics")
    return part


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
    calendar.add("method", itip_method(booking, method))
    event = Event()
    event.add("uid", event_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("summary", f"{booking.reason.local_label} — {agenda.practitioner}")
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
    lines = [booking.reason.local_instructions, department.local_practical_info]
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


def feed_bookings(practitioner):
    """What the feed shows: the practitioner's appointments from a month ago
    on, cancelled ones included (STATUS:CANCELLED takes them off calendars)."""
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    return (
        Booking.objects.exclude(status=Booking.Status.PENDING)
        .filter(slot__agenda__practitioner=practitioner, slot__start__gte=since)
        .select_related("slot__agenda__department__establishment", "reason")
        .order_by("slot__start", "pk")
    )


def practitioner_feed_ics(practitioner, bookings=None) -> bytes:
    """The practitioner's appointments, for a calendar app. Calendar apps often
    sync through someone else's servers: the feed names the visit reason and
    the booking reference, never the patient. The same bookings give the same
    bytes (no time of the request in it), so the feed's ETag holds."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.INSTITUTION_NAME}//agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{practitioner}")
    for booking in feed_bookings(practitioner) if bookings is None else bookings:
        event = Event()
        event.add("uid", f"agenda-{booking.public_id}@{uid_domain()}")
        event.add("sequence", booking.sequence)
        event.add("dtstamp", booking.updated_at)
        event.add("last-modified", booking.updated_at)
        event.add("dtstart", booking.slot.start)
        event.add("dtend", booking.slot.end)
        event.add("summary", f"{booking.reason.label} ({booking.public_id.hex[:8]})")
        event.add("location", booking.slot.agenda.department.establishment.name)
        event.add(
            "status", "CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    return calendar.to_ical()
