"""The export of a person's data (selectors.person_data) as people read it.

The export keeps codes and ISO times: the JSON download is for machines and
stays the same in every language. Its page, the patient's own and the
staff's, shows the same values in the reader's language: "booked" is
"réservé" on the French page, a time reads "7 décembre 2026, 09:30" (it read
"2026-12-0709:30"), a phone number as on every other page (issue 25: three
formats). A code the page does not know is shown as it is.
"""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.phones import display_phone
from scheduling.models import Booking, WaitlistEntry
from scheduling.templatetags.clock import clock_text

register = template.Library()

# Their codes are services.notifications.Notice's and its channels, and
# audit.context.AuditChannel's (this module sits below both).
_LABELS = {
    "booking": dict(Booking.Status.choices),
    "booked_by": dict(Booking.Channel.choices),
    "waitlist": dict(WaitlistEntry.Status.choices),
    "notice": {
        "code": _("confirmation code"),
        "confirmed": _("confirmation"),
        "moved": _("new time"),
        "cancelled": _("cancellation"),
        "to_rebook": _("appointment to rebook"),
        "reminder": _("reminder"),
        "offer": _("waiting-list offer"),
        "blocked": _("booking refused"),
    },
    "sent_by": {"email": _("email"), "sms": _("text message")},
    "through": {
        "web": _("public website"),
        "admin": _("staff screens"),
        "portal": _("practitioner portal"),
        "api": _("API"),
        "command": _("maintenance command"),
        "call_centre": _("call centre"),
    },
    "what": {"record": _("identity"), "appointment": _("appointment")},
    "how": {
        "page": _("its page"),
        "export": _("an export"),
        "person-link": _("your private link"),
        "board": _("the secretaries' board"),
        "caller-search": _("a caller search"),
        "call-centre-search": _("a call-centre search"),
        "rights-search": _("a search for a person's data"),
        "search": _("a search"),
    },
}


@register.filter
def said(code, kind: str):
    """``{{ appointment.status|said:"booking" }}``: the code's label."""
    return _LABELS[kind].get(code, code)


@register.filter
def moment(value: str | None) -> str:
    """An ISO time of the export, local, as the other pages write it."""
    if not value:
        return ""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    return clock_text(parsed, "j F Y, H:i") if timezone.is_aware(parsed) else value


@register.filter
def day(value: str | None) -> str:
    """An ISO date of the export ('1980-05-17') as '17 mai 1980'."""
    if not value:
        return ""
    try:
        return date_filter(datetime.date.fromisoformat(value[:10]), "j F Y")
    except ValueError:
        return value


@register.filter
def phone(value: str | None) -> str:
    return display_phone(value) if value else ""
