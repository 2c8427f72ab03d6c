"""FHIR R4 Subscription, rest-hook channel, at /fhir/Subscription: an API
client asks to be POSTed the Appointment at every change of a booking in its
scope. A subscription is an endpoint of that client (interfaces/subscriptions.py
sends it): the outbound feed delivers it, in order per appointment, with
retries, dead letters and replay. DELETE turns it off (status off): its
history stays.

It lives here, not in scheduling/fhir: scheduling never knows it is fed. The
views are FHIR views all the same (same authentication, scope, rate limits,
OperationOutcome errors); config/urls.py routes /fhir/Subscription here
before the scheduling FHIR's catch-all, and ready() declares the resource in
the CapabilityStatement (scheduling.fhir.capability.declare)."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework.response import Response

from interfaces.models import Endpoint
from interfaces.subscriptions import FHIR_JSON
from scheduling.clients.auth import client_of
from scheduling.fhir import search as s
from scheduling.fhir.input import FhirInputError
from scheduling.fhir.views import FhirView, found_or_404, search_answer
from scheduling.models import ApiClient

CRITERIA = "Appointment"


def resource(endpoint: Endpoint) -> dict:
    """The Subscription as read back; the header's value is never shown
    (it is the receiver's credential), only its name."""
    channel = {"type": "rest-hook", "endpoint": endpoint.address}
    if endpoint.payload:
        channel["payload"] = endpoint.payload
    if endpoint.secret:
        channel["header"] = [f"{endpoint.secret.partition(':')[0].strip()}: ***"]
    return {
        "resourceType": "Subscription",
        "id": str(endpoint.pk),
        "status": "active" if endpoint.active else "off",
        "reason": "Appointment changes",
        "criteria": endpoint.criteria,
        "channel": channel,
    }


def _refuse(message: str):
    raise FhirInputError(message)


def create(client: ApiClient, data) -> Endpoint:
    if not isinstance(data, dict) or data.get("resourceType") != "Subscription":
        _refuse(_("Send a Subscription resource."))
    if data.get("criteria") != CRITERIA:
        _refuse(_("Only the criteria Appointment is supported (every change in your scope)."))
    channel = data.get("channel")
    if not isinstance(channel, dict) or channel.get("type") != "rest-hook":
        _refuse(_("Only the rest-hook channel is supported."))
    payload = channel.get("payload", "")
    if payload not in ("", FHIR_JSON):
        _refuse(_("The payload is application/fhir+json, or none (a ping)."))
    headers = channel.get("header", [])
    if not isinstance(headers, list) or len(headers) > 1:
        _refuse(_("Give at most one channel.header."))
    endpoint = Endpoint(
        name=f"FHIR Subscription {uuid.uuid4()}",
        kind=Endpoint.Kind.REST_HOOK,
        address=str(channel.get("endpoint") or ""),
        client=client,
        criteria=CRITERIA,
        payload=payload,
        secret=str(headers[0]) if headers else "",
    )
    try:
        endpoint.full_clean()
    except ValidationError as error:
        _refuse(" ".join(error.messages))
    endpoint.save()
    return endpoint


def _subscriptions(request):
    return Endpoint.objects.filter(
        kind=Endpoint.Kind.REST_HOOK, client=client_of(request)
    ).order_by("pk")


class SubscriptionSearch(FhirView):
    """POST subscribes (rest-hook, criteria Appointment); GET lists the
    client's own subscriptions."""

    def get(self, request):
        s.check_known(request, ())
        return search_answer(request, _subscriptions(request), resource)

    def post(self, request):
        created = resource(create(client_of(request), request.data))
        location = request.build_absolute_uri(f"/fhir/Subscription/{created['id']}")
        return Response(created, status=201, headers={"Location": location})


class SubscriptionRead(FhirView):
    """GET reads one of the client's subscriptions; DELETE turns it off.
    Another client's is not found."""

    def get(self, request, pk: int):
        return Response(resource(found_or_404(_subscriptions(request).filter(pk=pk).first())))

    def delete(self, request, pk: int):
        endpoint = found_or_404(_subscriptions(request).filter(pk=pk).first())
        endpoint.active = False
        endpoint.save(update_fields=["active"])
        return Response(resource(endpoint))
