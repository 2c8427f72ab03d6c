"""Forms of the staff screens in the admin. They validate input; the booking
service decides."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from hospital.validators import validate_sane_date
from scheduling.forms import EMAIL_MAX_LENGTH, check_birth_date, check_phone
from scheduling.models import Slot, VisitReason
from scheduling.services.patients import PatientDetails


class DayForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_sane_date],
    )
    week = forms.BooleanField(label=_("Whole week"), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments.select_related("establishment")


class PhoneBookingForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=Slot.objects.none())
    reason = forms.ModelChoiceField(
        label=_("Reason for the visit"), queryset=VisitReason.objects.none()
    )
    seen_before = forms.ChoiceField(
        label=_("Has the patient already consulted this practitioner?"),
        choices=[
            ("new", _("No, it is a first visit")),
            ("returning", _("Yes, the patient is already followed")),
        ],
        widget=forms.RadioSelect,
    )
    last_name = forms.CharField(label=_("Patient's last name"), max_length=100)
    first_name = forms.CharField(label=_("Patient's first name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Patient's date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    phone = forms.CharField(label=_("Phone number"), max_length=20)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("The confirmation, reminders and any change are sent to it."),
    )
    sms_consent = forms.BooleanField(
        label=_("The caller agrees to text messages (reminder, changes)"), required=False
    )

    def __init__(self, *args, slots, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["reason"].queryset = reasons

    def patient(self) -> PatientDetails:
        data = self.cleaned_data
        return PatientDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            email=data["email"] or "",
            phone=data["phone"],
            sms_consent=data["sms_consent"],
        )

    def clean_birth_date(self) -> datetime.date:
        return check_birth_date(self.cleaned_data["birth_date"])

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])


class StaffCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=250)


class StaffMoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("New time"), queryset=Slot.objects.none())

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
