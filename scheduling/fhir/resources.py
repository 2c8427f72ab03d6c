"""The platform's objects as FHIR R4 resources (JSON), following the French
"Gestion d'Agendas Partagés" (ANS) profiles where they apply: practitioners
by RPPS, organizations by FINESS, under their official identifier systems."""

import datetime
import hashlib
import json
import uuid

from django.conf import settings

from hospital.models import Establishment, Practitioner, Specialty
from scheduling.fhir.french import ORGANIZATION_PROFILE, ans_specialty
from scheduling.models import Agenda, Booking, Slot, VisitReason

RPPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1"
FINESS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2"
# The INS (Identifiant National de Santé) as its NIR, under the ANS's OID.
INS_NIR_SYSTEM = "urn:oid:1.2.250.1.213.1.4.8"
FR_V2_0203 = "http://interopsante.org/fhir/CodeSystem/fr-v2-0203"


def code_system(name: str) -> str:
    return f"{settings.SITE_URL}/fhir/CodeSystem/{name}"


SPECIALTY_SYSTEM = "specialty"
REASON_SYSTEM = "visit-reason"
REFUSAL_SYSTEM = "refusal"


def instant(value) -> str:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


# Appointment.identifier: the booking's public id, the one reference the
# patient, the staff and every other system share.
BOOKING_IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986"


def versioned(
    resource: dict, last_updated: datetime.datetime | None = None, *, profile: str = ""
) -> dict:
    """meta.versionId (and the ETag built from it): a digest of what the
    resource says, so that it changes exactly when the resource does, whatever
    row behind it changed; meta.lastUpdated where the platform records it;
    meta.profile, the FR Core profile it conforms to (scheduling/fhir/french.py)."""
    body = json.dumps(resource, sort_keys=True, ensure_ascii=False).encode()
    meta: dict = {"versionId": hashlib.sha256(body).hexdigest()[:16]}
    if last_updated is not None:
        meta["lastUpdated"] = instant(last_updated)
    if profile:
        meta["profile"] = [profile]
    return {**resource, "meta": meta}


def etag(resource: dict) -> str:
    return f'W/"{resource["meta"]["versionId"]}"'


def practitioner(doctor: Practitioner) -> dict:
    return versioned(
        {
            "resourceType": "Practitioner",
            "id": doctor.rpps,
            "identifier": [
                {
                    "use": "official",
                    "type": {
                        "coding": [
                            {
                                "system": FR_V2_0203,
                                "code": "RPPS",
                            }
                        ]
                    },
                    "system": RPPS_SYSTEM,
                    "value": doctor.rpps,
                }
            ],
            "active": True,
            "name": [{"family": doctor.last_name, "given": [doctor.first_name]}],
        }
    )


def organization(establishment: Establishment) -> dict:
    address = {"line": [establishment.address], "city": establishment.city, "country": "FR"}
    if establishment.postal_code:
        address["postalCode"] = establishment.postal_code
    return versioned(
        {
            "resourceType": "Organization",
            "id": establishment.finess,
            "identifier": [{"system": FINESS_SYSTEM, "value": establishment.finess}],
            "active": establishment.is_member,
            "name": establishment.name,
            "address": [address],
        },
        profile=ORGANIZATION_PROFILE,
    )


def specialty_concept(specialty: Specialty | None) -> list[dict]:
    """The platform's coding, and the ANS TRE_R38 one where the specialty has one."""
    if specialty is None:
        return []
    codings = [
        {"system": code_system(SPECIALTY_SYSTEM), "code": specialty.code, "display": specialty.name}
    ]
    if ans := ans_specialty(specialty.code):
        codings.append(ans)
    return [{"coding": codings}]


def _specialty(agenda: Agenda) -> list[dict]:
    return specialty_concept(agenda.department.specialty)


def schedule(agenda: Agenda) -> dict:
    resource = {
        "resourceType": "Schedule",
        "id": str(agenda.pk),
        "active": agenda.is_active,
        "actor": [
            {
                "reference": f"Practitioner/{agenda.practitioner.rpps}",
                "display": str(agenda.practitioner),
            }
        ],
        "comment": f"{agenda.department.name} — {agenda.department.establishment.name}",
    }
    if specialties := _specialty(agenda):
        resource["serviceType"] = specialties
        resource["specialty"] = specialties
    return versioned(resource)


def slot(item: Slot, *, free: bool) -> dict:
    resource = {
        "resourceType": "Slot",
        "id": str(item.pk),
        "schedule": {"reference": f"Schedule/{item.agenda_id}"},
        "status": "free" if free else "busy",
        "start": instant(item.start),
        "end": instant(item.end),
    }
    if specialties := _specialty(item.agenda):
        resource["serviceType"] = specialties
    return versioned(resource)


def reason_code(reason: VisitReason) -> list[dict]:
    coding = {"system": code_system(REASON_SYSTEM), "code": str(reason.pk), "display": reason.label}
    return [{"coding": [coding], "text": reason.label}]


APPOINTMENT_STATUS = {
    Booking.Status.PENDING: "pending",
    Booking.Status.BOOKED: "booked",
    Booking.Status.CANCELLED: "cancelled",
    Booking.Status.HONOURED: "fulfilled",
    Booking.Status.MISSED: "noshow",
}


def appointment(booking: Booking) -> dict:
    agenda = booking.slot.agenda
    resource = {
        "resourceType": "Appointment",
        "id": str(booking.public_id),
        "identifier": [
            {"system": BOOKING_IDENTIFIER_SYSTEM, "value": f"urn:uuid:{booking.public_id}"}
        ],
        "status": APPOINTMENT_STATUS[booking.status],
        "reasonCode": reason_code(booking.reason),
        "start": instant(booking.slot.start),
        "end": instant(booking.slot.end),
        "minutesDuration": booking.reason.duration_minutes,
        "slot": [{"reference": f"Slot/{booking.slot_id}"}],
        "created": instant(booking.created_at),
        "participant": [
            {"actor": {"reference": f"Patient/{booking.patient.public_id}"}, "status": "accepted"},
            {
                "actor": {
                    "reference": f"Practitioner/{agenda.practitioner.rpps}",
                    "display": str(agenda.practitioner),
                },
                "status": "accepted",
            },
        ],
    }
    if specialties := _specialty(agenda):
        resource["serviceType"] = specialties
    if booking.status == Booking.Status.CANCELLED and booking.cancel_reason:
        resource["cancelationReason"] = {"text": booking.cancel_reason}
    return versioned(resource, booking.updated_at)


def proposal_id(slot_id: int, reason_id: int) -> str:
    """A $find proposal's id (IHE ITI-115 gives each one): its slot and reason,
    which $hold and $book read back (scheduling.fhir.input)."""
    return f"proposed-{slot_id}-{reason_id}"


def proposal(item: Slot, reason: VisitReason) -> dict:
    """A proposed appointment ($find, ITI-115): a free slot with a reason it offers."""
    agenda = item.agenda
    resource = {
        "resourceType": "Appointment",
        "id": proposal_id(item.pk, reason.pk),
        "status": "proposed",
        "reasonCode": reason_code(reason),
        "start": instant(item.start),
        "end": instant(item.end),
        "minutesDuration": reason.duration_minutes,
        "slot": [{"reference": f"Slot/{item.pk}"}],
        "participant": [
            {
                "actor": {
                    "reference": f"Practitioner/{agenda.practitioner.rpps}",
                    "display": str(agenda.practitioner),
                },
                "status": "needs-action",
            },
        ],
    }
    if specialties := _specialty(agenda):
        resource["serviceType"] = specialties
    return resource


def bundle(
    resources: list[dict],
    *,
    kind: str = "searchset",
    total: int | None = None,
    links: dict[str, str] | None = None,
    included: list[dict] = (),
) -> dict:
    """A searchset: `total` is the number of matches across every page (the
    page's own length when there is only one), `links` self/next/previous;
    `included`, what `_include` brought along (not counted in total)."""
    found = {
        "resourceType": "Bundle",
        "type": kind,
        "total": len(resources) if total is None else total,
    }
    if links:
        found["link"] = [{"relation": rel, "url": url} for rel, url in links.items()]
    return found | {
        "entry": [
            {
                "fullUrl": _full_url(resource),
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ]
        + [
            {"fullUrl": _full_url(resource), "resource": resource, "search": {"mode": "include"}}
            for resource in _distinct(included)
        ],
    }


def _distinct(resources) -> list[dict]:
    seen, kept = set(), []
    for resource in resources:
        key = (resource["resourceType"], resource["id"])
        if key not in seen:
            seen.add(key)
            kept.append(resource)
    return kept


def _full_url(resource: dict) -> str:
    if "id" in resource:
        return f"{settings.SITE_URL}/fhir/{resource['resourceType']}/{resource['id']}"
    return f"urn:uuid:{uuid.uuid4()}"


ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    412: "conflict",
}


def operation_outcome(status: int, message: str, code: str | None = None) -> dict:
    issue = {
        "severity": "error",
        "code": ISSUE_CODES.get(status, "throttled" if status == 429 else "business-rule"),
        "diagnostics": message,
    }
    if code:
        issue["details"] = {"coding": [{"system": code_system(REFUSAL_SYSTEM), "code": code}]}
    return {"resourceType": "OperationOutcome", "issue": [issue]}
