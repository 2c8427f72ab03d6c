"""GET /fhir/metadata: what this server supports."""

from django.conf import settings

from scheduling.fhir.french import (
    HEALTHCARE_SERVICE_PROFILE,
    LOCATION_PROFILE,
    ORGANIZATION_PROFILE,
    PATIENT_PROFILE,
)
from scheduling.fhir.search import (
    APPOINTMENT_PARAMS,
    CODE_SYSTEM_PARAMS,
    HEALTHCARE_SERVICE_PARAMS,
    INCLUDES,
    LOCATION_PARAMS,
    MAX_COUNT,
    PATIENT_PARAMS,
    PRACTITIONER_ROLE_PARAMS,
    SCHEDULE_PARAMS,
    SLOT_PARAMS,
)

FR_CORE_PROFILES = {
    "Patient": PATIENT_PROFILE,
    "Organization": ORGANIZATION_PROFILE,
    "Location": LOCATION_PROFILE,
    "HealthcareService": HEALTHCARE_SERVICE_PROFILE,
}
ITI = "https://profiles.ihe.net/ITI/Scheduling/OperationDefinition"


KINDS = {
    "_id": "token",
    "_lastUpdated": "date",
    "date": "date",
    "start": "date",
    "actor": "reference",
    "patient": "reference",
    "practitioner": "reference",
    "schedule": "reference",
    "organization": "reference",
    "location": "reference",
    "service": "reference",
    "url": "uri",
}


def _search(*names: str) -> list[dict]:
    """What each search serves, as the views' SERVED say: anything else is refused."""
    return [
        {"name": name, "type": KINDS.get(name, "token")} for name in names if name != "_include"
    ]


def _resource(kind: str, interactions: list[str], params: tuple[str, ...] = ()) -> dict:
    resource = {
        "type": kind,
        "versioning": "versioned",
        "readHistory": False,
        "conditionalRead": "not-match",
        "interaction": [{"code": code} for code in interactions],
    }
    if kind in FR_CORE_PROFILES:  # what its meta.profile claims
        resource["supportedProfile"] = [FR_CORE_PROFILES[kind]]
    if params:
        resource["searchParam"] = _search(*params)
    if "_include" in params:
        resource["searchInclude"] = list(INCLUDES[kind])
    return resource


READ_SEARCH = ["read", "search-type"]

# Resources another app serves under /fhir/ (the outbound feed's Subscription):
# scheduling never imports that app; its AppConfig.ready() declares them here,
# next to the URLs it includes, so the statement says what is served.
_REGISTERED: list[dict] = []


def declare(resource: dict) -> None:
    """Add a resource another app serves under /fhir/ (once per type)."""
    _REGISTERED[:] = [r for r in _REGISTERED if r["type"] != resource["type"]]
    _REGISTERED.append(resource)


def capability_statement() -> dict:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-25",
        "publisher": settings.INSTITUTION_NAME,
        "kind": "instance",
        "implementation": {
            "description": "Scheduling of the institution's member establishments",
            "url": f"{settings.SITE_URL}/fhir",
        },
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json"],
        "patchFormat": ["application/json-patch+json", "application/merge-patch+json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Bearer token of an API client. Searches page with _count (at most "
                    f"{MAX_COUNT} a page) and Bundle.link next/previous; total counts every "
                    "match. A parameter a search does not list is refused (400) unless "
                    "the request says Prefer: handling=lenient. Dates without a time zone "
                    f"are local time ({settings.TIME_ZONE}). Reads answer an ETag and honour "
                    "If-None-Match. An Appointment is cancelled, moved or given its outcome "
                    "by PUT, PATCH (JSON Patch or merge patch) or $book, honouring If-Match "
                    "(412 when another change came first). $hold and $book read IHE ITI "
                    "Scheduling's appointment-resource and appointment-reference (and a "
                    "proposal's id) and then answer its searchset Bundle; they take the "
                    "patient contained, or as a participant Patient/{id} the client already "
                    "sees. Patients are those of the client's bookings only."
                ),
                "security": {
                    "service": [{"coding": [{"code": "OAuth", "display": "Bearer token"}]}]
                },
                "resource": [
                    _resource("Schedule", READ_SEARCH, SCHEDULE_PARAMS),
                    _resource("Slot", ["search-type"], SLOT_PARAMS),
                    {
                        **_resource(
                            "Appointment", [*READ_SEARCH, "update", "patch"], APPOINTMENT_PARAMS
                        ),
                        "versioning": "versioned-update",  # If-Match honoured
                        "updateCreate": False,
                        "operation": [
                            {"name": "find", "definition": f"{ITI}/appointment-find"},
                            {"name": "hold", "definition": f"{ITI}/appointment-hold"},
                            {"name": "book", "definition": f"{ITI}/appointment-book"},
                        ],
                    },
                    _resource("Practitioner", ["read"]),
                    _resource("Organization", ["read"]),
                    _resource("Location", READ_SEARCH, LOCATION_PARAMS),
                    _resource("HealthcareService", READ_SEARCH, HEALTHCARE_SERVICE_PARAMS),
                    _resource("PractitionerRole", READ_SEARCH, PRACTITIONER_ROLE_PARAMS),
                    _resource("Patient", READ_SEARCH, PATIENT_PARAMS),
                    _resource("CodeSystem", READ_SEARCH, CODE_SYSTEM_PARAMS),
                    *_REGISTERED,
                ],
            }
        ],
    }
