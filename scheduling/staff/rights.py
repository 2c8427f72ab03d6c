"""The persons' rights, for the data protection officer and the staff given
the rights (issue 25): find a person across the institution, read and export
everything held about them, erase their identity on request.

Every search and every export is a read of the trail (audit.events); an
erasure is written through scheduling.services.rights.
"""

import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.events import record_read
from scheduling.models import Patient
from scheduling.selectors import person_data
from scheduling.services import rights
from scheduling.services.refusals import Refused
from scheduling.staff.forms import ErasureForm, PersonSearchForm

SEARCH_RESULTS = 50


def _found(data: dict):
    found = Patient.objects.not_erased()
    for word in data["name"].split():
        found = found.filter(last_name__istartswith=word) | found.filter(
            first_name__istartswith=word
        )
    if data["birth_date"]:
        found = found.filter(birth_date=data["birth_date"])
    if data["email"]:
        found = found.filter(email__iexact=data["email"])
    if data["phone"]:
        found = found.filter(phone=data["phone"])
    return found.order_by("last_name", "first_name", "birth_date", "pk")[:SEARCH_RESULTS]


@never_cache
def person_search(request):
    form = PersonSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.has_query():
        results = list(_found(form.cleaned_data))
        record_read(
            "scheduling_patient",
            "rights-search",
            detail={
                "masked": {"query": json.dumps(form.cleaned_data, default=str)},
                "patients": [p.pk for p in results],
            },
        )
    context = {
        **admin.site.each_context(request),
        "title": _("A person's data"),
        "form": form,
        "results": results,
    }
    return render(request, "scheduling/staff/person_search.html", context)


def _person(patient_id: int) -> tuple[Patient, list[Patient]]:
    patient = get_object_or_404(Patient.objects.select_related("erasure"), pk=patient_id)
    return patient, list(person_data.records_of_person(patient).select_related("erasure"))


def _exported(request, records: list[Patient], fmt: str) -> dict:
    data = person_data.export(Patient.objects.filter(pk__in=[r.pk for r in records]))
    record_read(
        "scheduling_patient",
        "export",
        detail={"patients": [r.pk for r in records], "format": fmt},
    )
    return data


@never_cache
def person_detail(request, patient_id: int):
    patient, records = _person(patient_id)
    context = {
        **admin.site.each_context(request),
        "title": _("Everything held about this person"),
        "patient": patient,
        "data": _exported(request, records, "html"),
        "erasure_form": ErasureForm(),
        "may_erase": request.user.has_perm("scheduling.erase_person_data"),
    }
    return render(request, "scheduling/staff/person_detail.html", context)


@never_cache
def person_json(request, patient_id: int):
    _patient, records = _person(patient_id)
    data = _exported(request, records, "json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = f"person-{records[0].public_id}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def person_erase(request, patient_id: int):
    patient, _records = _person(patient_id)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the reason for the erasure."))
    else:
        try:
            rights.erase(patient, reason=form.cleaned_data["reason"], by=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _(
                    "The person's identity and contact details are erased; their appointments stay, anonymous."
                ),
            )
    return redirect("admin:scheduling_person_detail", patient_id=patient.pk)
