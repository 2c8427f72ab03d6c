"""FHIR R4 Subscription, rest-hook channel: an API client asks to be POSTed
the Appointment at every change of a booking in its scope. A subscription
is an interfaces endpoint of that client (interfaces/subscriptions.py): the
outbound feed delivers it, in order per appointment, with retries, dead
letters and replay. DELETE turns it off (status off): its history stays."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from interfaces.models import Endpoint
from interfaces.subscriptions import FHIR_JSON
from scheduling.fhir.input import FhirInputError
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
