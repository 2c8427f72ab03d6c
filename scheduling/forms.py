"""Form pieces the surfaces share: the patient's details are checked the same
way online and on the phone; the caller's search and the booking form of the
secretaries' board serve the call-centre console too."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.params import id_param
from hospital.phones import normalise_phone
from hospital.validators import validate_sane_date
from scheduling.models import Patient, Slot, VisitReason
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


class CallerSearchForm(forms.Form):
    """Who is calling: a name, and the birth date or phone number to tell namesakes apart."""

    name = forms.CharField(label=_("Caller's name or phone number"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=iso_date(),
        required=False,
        validators=[validate_sane_date],
    )
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def has_query(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("name", "").strip() or data.get("birth_date") or data.get("phone"))


class BoardBookingForm(forms.Form):
    """The board's booking panel: one of the slot's reasons, and either a
    record found by the caller search (`patient` = its id) or a new patient."""

    slot = forms.ModelChoiceField(queryset=Slot.objects.none(), widget=forms.HiddenInput)
    reason = forms.ModelChoiceField(
        label=_("Reason for the visit"),
        queryset=VisitReason.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    patient = forms.CharField(max_length=20)
    returning = forms.BooleanField(label=_("Already followed by this practitioner"), required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=iso_date(), required=False, validators=[validate_sane_date]
    )
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email address"), required=False, max_length=EMAIL_MAX_LENGTH)
    sms_consent = forms.BooleanField(label=_("Agrees to text messages"), required=False)

    NEW_PATIENT_FIELDS = ("last_name", "first_name", "birth_date", "phone")

    def new_patient_fields(self) -> list:
        """In the order a caller gives them, the question about them last."""
        names = [*self.NEW_PATIENT_FIELDS, "email", "sms_consent", "returning"]
        return [self[name] for name in names]

    def __init__(self, *args, slots, reasons, patients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["reason"].queryset = reasons
        self.patients = patients

    def clean_birth_date(self) -> datetime.date | None:
        born = self.cleaned_data["birth_date"]
        return check_birth_date(born) if born else None

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean(self):
        data = super().clean()
        chosen = data.get("patient")
        if chosen == "new":
            for name in self.NEW_PATIENT_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        elif chosen is not None:
            data["record"] = self.patients.filter(pk=id_param(chosen)).first()
            if data["record"] is None:
                self.add_error("patient", _("Search for the caller again."))
        return data

    def chosen_patient(self) -> Patient | PatientDetails:
        data = self.cleaned_data
        if data["patient"] != "new":
            return data["record"]
        return patient_details(data)
