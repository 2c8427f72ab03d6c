"""Admin pages that are reports rather than model lists."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.validators import validate_sane_date
from scheduling.forms import iso_date
from scheduling.selectors.routing import routing_report


class RoutingReportForm(forms.Form):
    start = forms.DateField(
        label=_("from"),
        widget=iso_date(),
        validators=[validate_sane_date],
    )
    end = forms.DateField(
        label=_("to"),
        widget=iso_date(),
        validators=[validate_sane_date],
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        return data


@permission_required("scheduling.view_booking", raise_exception=True)
def routing_report_view(request):
    today = timezone.localdate()
    initial = {
        "start": today - datetime.timedelta(days=30),
        "end": today + datetime.timedelta(days=90),
    }
    form = RoutingReportForm(request.GET or initial)
    report = (
        routing_report(form.cleaned_data["start"], form.cleaned_data["end"])
        if form.is_valid()
        else None
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Routing report"),
        "form": form,
        "report": report,
    }
    return render(request, "scheduling/staff/routing_report.html", context)
