"""Who is told how: mail when there is an address, SMS only with consent and
to a number that can receive one; numbers stored in E.164. With the
development backend (tasks at once), a mail server that is down costs the
patient no 500 and leaves no hold behind."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from hospital.phones import can_receive_sms, normalise_phone
from scheduling.models import Booking
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f

pytestmark = pytest.mark.django_db


def _book(actors, django_capture_on_commit_callbacks, **patient):
    later = timezone.now() + datetime.timedelta(days=4)
    with django_capture_on_commit_callbacks(execute=True):
        return service.book(
            slot=free_slots(reason=actors.first_visit, start=later).first(),
            reason=actors.first_visit,
            patient=f.patient(**patient),
            channel="phone",
            returning=False,
        )


def test_no_sms_without_consent(actors, django_capture_on_commit_callbacks, sms_outbox):
    _book(actors, django_capture_on_commit_callbacks, sms_consent=False)
    assert len(mail.outbox) == 1 and sms_outbox == []


def test_no_sms_to_a_landline_even_with_consent(
    actors, django_capture_on_commit_callbacks, sms_outbox
):
    _book(actors, django_capture_on_commit_callbacks, sms_consent=True, phone="+33142160000")
    assert sms_outbox == []


def test_sms_alone_when_there_is_no_address(actors, django_capture_on_commit_callbacks, sms_outbox):
    _book(actors, django_capture_on_commit_callbacks, email="", sms_consent=True)
    assert mail.outbox == [] and len(sms_outbox) == 1 and sms_outbox[0].to == "+33612345678"


def test_phone_numbers_are_validated_and_normalised():
    assert normalise_phone("06 12 34 56 78") == "+33612345678"
    assert normalise_phone("+44 20 7946 0958") == "+442079460958"
    assert can_receive_sms("+33612345678") and not can_receive_sms("+33142160000")
    with pytest.raises(Exception, match="phone number"):
        normalise_phone("07 00 00 00 00")


class MailServerDown:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server does not answer")


def test_mail_server_down_in_development_no_500_and_the_slot_is_free_again(
    client, actors, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.notices.test_channels.MailServerDown"
    slot = free_slots(
        reason=actors.first_visit, start=timezone.now() + datetime.timedelta(days=3)
    ).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/book/{slot.pk}/",
            {
                "reason": actors.first_visit.pk,
                "seen_before": "new",
                "for_whom": "self",
                "first_name": "Alex",
                "last_name": "Durand",
                "birth_date": "1980-05-17",
                "email": "alex@example.org",
                "phone": "06 12 34 56 78",
                "consent": "on",
                "form_token": "t",
            },
        )
    assert response.status_code == 302
    hold = Booking.objects.get(slot=slot)
    assert (hold.status, hold.cancel_reason) == ("cancelled", service.CODE_NOT_SENT)
    page = client.get(response.url)
    assert page.status_code == 200 and "could not send the code" in page.content.decode()


def test_departments_and_patients_keep_their_numbers_in_one_form(actors):
    department = actors.neuro_agenda.department
    department.phone = "01 42 16 00 00"
    department.full_clean()
    assert department.phone == "+33142160000"
    department.phone = "12"
    with pytest.raises(ValidationError) as refused:
        department.full_clean()
    assert "phone" in refused.value.message_dict
    patient = f.patient(phone="06 98 76 54 32")
    patient.full_clean()
    assert patient.phone == "+33698765432"
