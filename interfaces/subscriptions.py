"""FHIR R4 Subscriptions, rest-hook channel: an API client's endpoint.

A subscription is an `Endpoint` of kind rest-hook bound to its API client;
the database's trigger writes it a dispatch for every booking change, and
the relay delivers them like any other (in order per booking, retries, dead
letter, replay). At send time, a change of a booking outside the client's
scope (scheduling.selectors.api_scope, as the FHIR reads) is not sent: its
dispatch is closed as delivered with nothing POSTed, and the attempt's log
says so.

The POST carries the Appointment as GET /fhir/Appointment/<id> renders it,
with the time, status and version of that change (a message about a move
says the time it moved *to*, even if the booking has moved again since);
or no body at all when the subscription asked for none (a ping)."""

import json
import urllib.error
import urllib.request

from interfaces.models import Dispatch
from scheduling.models import Agenda, Booking

FHIR_JSON = "application/fhir+json"
# What /fhir/metadata says of /fhir/Subscription (interfaces/fhir_subscriptions.py
# serves it; ready() declares it to scheduling.fhir.capability).
CAPABILITY = {
    "type": "Subscription",
    "versioning": "no-version",
    "readHistory": False,
    "conditionalRead": "not-supported",
    "interaction": [{"code": code} for code in ("read", "search-type", "create", "delete")],
    "documentation": (
        "criteria Appointment (every change of a booking in the client's scope, "
        "the scope checked again when each change is sent), channel rest-hook (https), "
        "payload application/fhir+json or none, at most one channel.header. Delivered "
        "in order per appointment, retried, then held as a dead letter for staff to "
        "replay. DELETE turns it off."
    ),
}

APPOINTMENT_RELATED = (
    "patient",
    "reason",
    "slot__agenda__practitioner",
    "slot__agenda__department__specialty",
)


def in_scope(dispatch: Dispatch) -> bool:
    from scheduling.selectors import api_scope

    department = (
        Agenda.objects.filter(pk=dispatch.event.agenda_id)
        .values_list("department_id", flat=True)
        .first()
    )
    client = dispatch.endpoint.client
    if not (client.is_active and client.can_read):  # its token no longer reads: nothing leaves
        return False
    if department not in api_scope.department_ids(client):
        return False
    # A partner portal reads back only the bookings it made (api_scope.bookings): so it is sent.
    if api_scope.is_partner(client):
        return api_scope.bookings(client).filter(pk=dispatch.event.booking_id).exists()
    return True


def body(dispatch: Dispatch) -> bytes:
    from scheduling.fhir import resources as r

    event = dispatch.event
    booking = Booking.objects.select_related(*APPOINTMENT_RELATED).get(pk=event.booking_id)
    resource = r.appointment(booking)
    resource.pop("meta", None)
    resource["status"] = r.APPOINTMENT_STATUS.get(event.status, resource["status"])
    resource["start"], resource["end"] = r.instant(event.starts_at), r.instant(event.ends_at)
    resource["slot"] = [{"reference": f"Slot/{event.slot_id}"}]
    if event.status != Booking.Status.CANCELLED:
        resource.pop("cancelationReason", None)
    return json.dumps(r.versioned(resource, event.occurred_at), ensure_ascii=False).encode()


def post(dispatch: Dispatch, *, timeout: float) -> int:
    """POST the change; returns the HTTP status (raises OSError when no
    answer came)."""
    endpoint = dispatch.endpoint
    headers = {"X-Request-Id": dispatch.control_id}
    data = b""
    if endpoint.payload:
        data = body(dispatch)
        headers["Content-Type"] = FHIR_JSON
    if endpoint.secret:
        name, _sep, value = endpoint.secret.partition(":")
        headers[name.strip()] = value.strip()
    request = urllib.request.Request(endpoint.address, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (checked https)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
