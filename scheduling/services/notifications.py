"""Mail to patients, sent only once the change that causes it has committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from scheduling.ics import appointment_ics
from scheduling.models import Booking
from scheduling.public.links import manage_path


def _send(to: str, subject_template: str, body_template: str, context: dict, attach=None) -> None:
    subject = render_to_string(subject_template, context).strip()
    body = render_to_string(body_template, context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    if attach:
        message.attach(*attach)
    message.send()


def send_confirmation_code(booking: Booking, code: str, *, base_url: str) -> None:
    context = {
        "booking": booking,
        "code": code,
        "minutes": settings.BOOKING_HOLD_MINUTES,
        "institution": settings.INSTITUTION_NAME,
        "base_url": base_url,
    }
    language = translation.get_language()

    def send():
        with translation.override(language):
            _send(
                booking.patient.email,
                "scheduling/email/code_subject.txt",
                "scheduling/email/code_body.txt",
                context,
            )

    transaction.on_commit(send)


def send_booking_confirmed(booking: Booking, *, base_url: str) -> None:
    context = {
        "booking": booking,
        "manage_url": base_url + manage_path(booking),
        "institution": settings.INSTITUTION_NAME,
    }
    language = translation.get_language()

    def send():
        with translation.override(language):
            _send(
                booking.patient.email,
                "scheduling/email/confirmed_subject.txt",
                "scheduling/email/confirmed_body.txt",
                context,
                attach=("rendez-vous.ics", appointment_ics(booking), "text/calendar"),
            )

    transaction.on_commit(send)
