"""Forms of the practitioner portal: input checks only; scheduling.services.agendas decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hospital.params import IdsMultipleChoiceField
from hospital.validators import validate_sane_date
from scheduling.forms import iso_date, iso_moment
from scheduling.models import OpeningRule, Reservation, VisitReason


class RuleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=OpeningRule.Weekday.choices, coerce=int
    )
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=iso_date(),
        validators=[validate_sane_date],
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=iso_date(),
        validators=[validate_sane_date],
    )
    reasons = IdsMultipleChoiceField(
        label=_("Visit reasons"),
        queryset=VisitReason.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reserved_for = forms.ChoiceField(
        label=_("Kept for"),
        choices=Reservation.choices,
        required=False,
        help_text=_("Every slot of these hours waits for these channels until its release."),
    )

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].queryset = agenda.reasons.all()

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The closing time must be after the opening time."))
        if (
            data.get("valid_from")
            and data.get("valid_until")
            and data["valid_until"] < data["valid_from"]
        ):
            self.add_error("valid_until", _("The rule cannot end before it starts."))
        return data


class AbsenceForm(forms.Form):
    start = forms.DateTimeField(
        label=_("From"),
        widget=iso_moment(),
        validators=[validate_sane_date],
    )
    end = forms.DateTimeField(
        label=_("Until"),
        widget=iso_moment(),
        validators=[validate_sane_date],
    )
    label = forms.CharField(label=_("Reason"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The absence must end after it starts."))
        return data


class ReasonForm(forms.Form):
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480)
    online_bookable = forms.BooleanField(label=_("Bookable online"), required=False)


class ReservationForm(forms.Form):
    """Capacity reserved per channel: a share of the weekly hours' slots, for
    which channels, until how long before each slot starts."""

    reserved_share = forms.IntegerField(
        label=_("Share of slots reserved (%)"), min_value=0, max_value=100
    )
    reserved_for = forms.ChoiceField(
        label=_("Reserved for"), choices=[c for c in Reservation.choices if c[0]]
    )
    release_hours = forms.IntegerField(
        label=_("Opens to every channel (hours before the slot)"), min_value=0, max_value=24 * 90
    )


class PartnerOptInForm(forms.Form):
    """One partner portal's button on an agenda's partners page: a reference
    that is no UUID is a partner that is not there (404), never a 500."""

    partner = forms.UUIDField()
    opt = forms.ChoiceField(choices=[("in", "in"), ("out", "out")])
