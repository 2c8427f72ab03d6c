"""Forms of the staff screens in the admin. They validate input; the booking
service decides."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from hospital.validators import validate_sane_date
from scheduling.forms import (  # the caller's search and booking form are shared
    EMAIL_MAX_LENGTH,
    BoardBookingForm,
    CallerSearchForm,
    check_birth_date,
    check_phone,
    iso_date,
    patient_details,
)
from scheduling.models import Slot, VisitReason
from scheduling.services.patients import PatientDetails


class DayForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=iso_date(), validators=[validate_sane_date])
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
    birth_date = forms.DateField(label=_("Patient's date of birth"), widget=iso_date())
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
        # Eight departments' "Consultation"s look alike: name whose each one is.
        self.fields["reason"].label_from_instance = _reason_with_practitioner

    def patient(self) -> PatientDetails:
        return patient_details(self.cleaned_data)

    def clean_birth_date(self) -> datetime.date:
        return check_birth_date(self.cleaned_data["birth_date"])

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])


def _reason_with_practitioner(reason: VisitReason) -> str:
    return f"{reason} — {reason.agenda.practitioner}"


class StaffCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=250)


class StaffMoveForm(forms.Form):
    """Any free slot of the agenda is accepted (the board posts the one chosen
    on its grid), but the page lists only the next MOVE_CHOICES: a list of
    every free time of a 26-week agenda (~2,400 options) took seconds to
    render, and a secretary on the phone picks among the next few weeks."""

    MOVE_CHOICES = 150

    slot = forms.ModelChoiceField(
        label=_("New time"),
        queryset=Slot.objects.none(),
        help_text=_("The next free times; for a later one, choose it on the board."),
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        field.queryset = slots
        # A callable: read when the page is drawn, never for a POST that moves.
        field.widget.choices = lambda: (
            [("", field.empty_label)]
            + [(slot.pk, field.label_from_instance(slot)) for slot in slots[: self.MOVE_CHOICES]]
        )


class PersonSearchForm(forms.Form):
    """Whose data: a name, and the birth date, address or phone to tell namesakes apart."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=iso_date(),
        required=False,
        validators=[validate_sane_date],
    )
    email = forms.EmailField(label=_("Email address"), required=False, max_length=EMAIL_MAX_LENGTH)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def has_query(self) -> bool:
        data = self.cleaned_data
        return any(
            [
                data.get("name", "").strip(),
                data.get("birth_date"),
                data.get("email"),
                data.get("phone"),
            ]
        )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=300,
        help_text=_(
            "For example: the person's written request and its date. Do not write the "
            "person's name or contact details here: the reason is kept."
        ),
    )


__all__ = [
    "BoardBookingForm",
    "CallerSearchForm",
    "DayForm",
    "ErasureForm",
    "PersonSearchForm",
    "PhoneBookingForm",
    "StaffCancelForm",
    "StaffMoveForm",
]
