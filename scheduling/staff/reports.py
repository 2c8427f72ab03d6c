"""Admin pages that are reports rather than model lists."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.validators import validate_sane_date
from scheduling.forms import iso_date
from scheduling.models import Booking
from scheduling.selectors.routing import RoutingReport, routing_report, write_csv

CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 640, 28, 220


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


def bar_chart(pairs: list[tuple[str, int]]) -> dict:
    """Horizontal bars, drawn by the template as SVG on the server: no script,
    nothing the CSP would have to allow."""
    most = max((value for _label, value in pairs), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(label, value, n * BAR_HEIGHT, max(1, round(room * value / most)) if value else 0)
        for n, (label, value) in enumerate(pairs)
    ]
    return {
        "bars": bars,
        "height": len(bars) * BAR_HEIGHT,
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT - 8,
    }


def channel_label(value: str) -> str:
    return str(Booking.Channel(value).label) if value in Booking.Channel.values else value


def _csv_response(report: RoutingReport) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"routing-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    write_csv(report, response)
    return response


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
    if report is not None and request.GET.get("format") == "csv":
        return _csv_response(report)
    context = {
        **admin.site.each_context(request),
        "title": _("Routing report"),
        "form": form,
        "report": report,
    }
    if report is not None:
        for row in report.per_channel:
            row["label"] = channel_label(row["channel"])
        context["channel_chart"] = bar_chart(
            [(r["label"], r["bookings"]) for r in report.per_channel]
        )
        context["establishment_chart"] = bar_chart(
            [(r["name"], r["bookings"]) for r in report.per_establishment]
        )
        period = {"start": report.start.isoformat(), "end": report.end.isoformat()}
        context["csv_query"] = urlencode({**period, "format": "csv"})
    return render(request, "scheduling/staff/routing_report.html", context)
