"""Forms of the public site. Each validates input only; the booking service decides."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hospital.models import Establishment, Specialty
from hospital.validators import validate_sane_date
from scheduling.forms import (
    EMAIL_MAX_LENGTH,
    check_birth_date,
    check_phone,
    iso_date,
    patient_details,
)
from scheduling.models import Booking, Patient, Slot, VisitReason
from scheduling.selectors.reasons import offered_reasons
from scheduling.services.patients import PatientDetails
from scheduling.services.refusals import REASON_REFUSALS, Refused


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Practitioner, establishment or city"), required=False, max_length=100
    )
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.filter(departments__establishment__is_member=True).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("All specialties"),
    )

    def has_criteria(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["q"] or self.cleaned_data["specialty"])


class BookingForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason for the visit"),
        queryset=VisitReason.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    seen_before = forms.ChoiceField(
        label=_("Has the patient already consulted this practitioner?"),
        choices=[
            ("new", _("No, it is a first visit")),
            ("returning", _("Yes, the patient is already followed")),
        ],
        widget=forms.RadioSelect,
    )
    for_whom = forms.ChoiceField(
        label=_("Who is the appointment for?"),
        choices=[("self", _("Myself")), ("relative", _("A relative (child, parent…)"))],
        widget=forms.RadioSelect,
        initial="self",
    )
    first_name = forms.CharField(label=_("Patient's first name"), max_length=100)
    last_name = forms.CharField(label=_("Patient's last name"), max_length=100)
    birth_date = forms.DateField(label=_("Patient's date of birth"), widget=iso_date())
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send a code to it to confirm the booking."),
        max_length=EMAIL_MAX_LENGTH,
    )
    phone = forms.CharField(label=_("Your phone number"), max_length=20)
    sms_consent = forms.BooleanField(
        label=_("Send me text messages about this appointment (reminder, changes)."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the hospital processes these details to organise this appointment "
            "and to contact me about it."
        )
    )
    # Made by the form (token_urlsafe(24): 32 characters); the idempotency key
    # adds a prefix to it and holds 64.
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=60)

    known: dict = {}  # noqa: RUF012 (replaced, never changed)
    # The patient's details that a person already known (below) fills in.
    KNOWN_FILLS = ("first_name", "last_name", "birth_date", "email", "phone")

    def __init__(self, *args, slot: Slot, known: list[Patient] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = offered_reasons(slot, Booking.Channel.WEB)
        self.known = {person.public_id.hex: person for person in known or []}
        if self.known:
            self._offer_known_people()
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "first_name": "given-name",
                "last_name": "family-name",
            }[name]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def _offer_known_people(self) -> None:
        """From a verified address (the person link, in this browser's session):
        the people it booked for before, picked instead of retyped."""
        choices = [
            (key, f"{p.first_name} {p.last_name}, {date_format(p.birth_date, 'SHORT_DATE_FORMAT')}")
            for key, p in self.known.items()
        ]
        self.fields["known_person"] = forms.ChoiceField(
            label=_("Who is the appointment for?"),
            choices=[*choices, ("", _("Someone else (type their details below)"))],
            widget=forms.RadioSelect,
            required=False,
            initial=next(iter(self.known)),
        )
        del self.fields["for_whom"]
        if self.data.get(self.add_prefix("known_person")) in self.known:
            for name in self.KNOWN_FILLS:
                self.fields[name].required = False

    def clean(self) -> dict:
        data = super().clean()
        person = self.known.get(data.get("known_person") or "")
        if person is not None:
            for name in self.KNOWN_FILLS:
                self.errors.pop(name, None)
                data[name] = getattr(person, name)
            data["sms_consent"] = data.get("sms_consent") or person.sms_consent
        return data

    def patient(self) -> PatientDetails:
        return patient_details(self.cleaned_data)

    def add_refusal(self, refused: Refused) -> None:
        self.add_error("reason" if refused.code in REASON_REFUSALS else None, refused.message)

    def clean_birth_date(self) -> datetime.date | None:
        day = self.cleaned_data["birth_date"]
        return day if day is None else check_birth_date(day)  # None: a known person's

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return check_phone(phone) if phone else phone


class WaitlistForm(BookingForm):
    """The booking form's questions, for a reason rather than a slot, and a date."""

    wanted_before = forms.DateField(
        label=_("I would like an appointment before"),
        widget=iso_date(),
        validators=[validate_sane_date],
    )

    def __init__(self, *args, reasons, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.fields["reason"].queryset = reasons
        self.fields["email"].help_text = _("We write to it when a slot opens for you.")
        del self.fields["form_token"]

    def clean_wanted_before(self) -> datetime.date:
        day = self.cleaned_data["wanted_before"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Please give a date in the future."))
        return day


class ConfirmForm(forms.Form):
    code = forms.RegexField(
        label=_("Code received by email"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why are you cancelling?"), max_length=250)


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("New time"),
        queryset=Slot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class SpecialtyWaitlistForm(WaitlistForm):
    """The waiting list of a specialty at one establishment: any of its practitioners."""

    establishment = forms.ModelChoiceField(
        label=_("Establishment"), queryset=Establishment.objects.none(), empty_label=None
    )

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, reasons=VisitReason.objects.none(), **kwargs)
        del self.fields["reason"]
        self.fields["establishment"].queryset = establishments


class PersonLinkForm(forms.Form):
    """A patient asks, by mail, for the link to their appointments and data."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("The one you gave when booking."),
    )
    birth_date = forms.DateField(
        label=_("Patient's date of birth"), widget=iso_date(), validators=[validate_sane_date]
    )
