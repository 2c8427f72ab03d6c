"""The console's search: a specialty, a place, a practitioner's name, or
nothing at all ("earliest anywhere"), within the agent's call centre."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hospital.models import Establishment, Specialty
from scheduling.models import CallCentre


class SlotSearchForm(forms.Form):
    specialty = forms.ModelChoiceField(
        label=_("Specialty"), queryset=Specialty.objects.none(), required=False
    )
    establishment = forms.ModelChoiceField(
        label=_("Place"), queryset=Establishment.objects.none(), required=False
    )
    practitioner = forms.CharField(label=_("Practitioner's name"), max_length=100, required=False)

    def __init__(self, *args, team: CallCentre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = team.specialties.order_by("name")
        self.fields["establishment"].queryset = team.establishments.filter(is_member=True).order_by(
            "name"
        )


class MoveForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=250)
