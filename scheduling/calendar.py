"""iCalendar (RFC 5545) files for patients' appointments."""

from django.conf import settings
from icalendar import Calendar, Event

from scheduling.models import Booking


def appointment_ics(booking: Booking) -> bytes:
    slot = booking.slot
    agenda = slot.agenda
    establishment = agenda.department.establishment
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.INSTITUTION_NAME}//rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.public_id}@{settings.INSTITUTION_NAME.replace(' ', '-').lower()}")
    event.add("dtstamp", booking.created_at)
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("summary", f"{booking.reason.label} — {agenda.practitioner}")
    event.add("location", f"{establishment.name}, {establishment.address}, {establishment.city}")
    event.add("description", booking.reason.instructions or "")
    event.add("status", "CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
