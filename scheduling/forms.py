"""Form pieces the surfaces share: the patient's details are checked the same
way online and on the phone."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.phones import normalise_phone
from scheduling.models import Patient
from scheduling.services.patients import PatientDetails

# The Patient.email column's length (a valid address may be longer: 320).
EMAIL_MAX_LENGTH = Patient._meta.get_field("email").max_length
OLDEST_PATIENT_YEARS = 120


# Date inputs take ISO values only: in the localised format ("25/11/2026") a
# value given to the form (today, say) left the field empty.
def iso_date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def iso_moment() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def check_birth_date(born: datetime.date) -> datetime.date:
    """Not in the future, and not more than 120 years ago (29 February included)."""
    today = timezone.localdate()
    if born > today or born < today - datetime.timedelta(days=round(OLDEST_PATIENT_YEARS * 365.25)):
        raise forms.ValidationError(_("Please check the date of birth."))
    return born


def check_phone(value: str) -> str:
    """A number that can exist, stored in one form (E.164, hospital/phones.py)."""
    try:
        return normalise_phone(value)
    except ValidationError as error:
        raise forms.ValidationError(error.messages[0]) from None


def patient_details(data: dict) -> PatientDetails:
    """The patient a validated form describes (online, on the phone, on the board)."""
    return PatientDetails(
        first_name=data["first_name"],
        last_name=data["last_name"],
        birth_date=data["birth_date"],
        email=data["email"] or "",
        phone=data["phone"],
        sms_consent=data["sms_consent"],
    )
