"""GET /fhir/metadata: what this server supports."""

from django.conf import settings

from scheduling.fhir.search import (
    APPOINTMENT_PARAMS,
    MAX_COUNT,
    SCHEDULE_PARAMS,
    SLOT_PARAMS,
)

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
}


def _search(*names: str) -> list[dict]:
    """What each search serves, as the views' SERVED say: anything else is refused."""
    return [{"name": name, "type": KINDS.get(name, "token")} for name in names]


def capability_statement() -> dict:

    read_search = [{"code": "read"}, {"code": "search-type"}]
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
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Bearer token of an API client. Searches page with _count (at most "
                    f"{MAX_COUNT} a page) and Bundle.link next/previous; total counts every "
                    "match. A parameter a search does not list is refused (400) unless "
                    "the request says Prefer: handling=lenient. Dates without a time zone "
                    f"are local time ({settings.TIME_ZONE}). Reads answer an ETag and honour "
                    "If-None-Match."
                ),
                "security": {
                    "service": [{"coding": [{"code": "OAuth", "display": "Bearer token"}]}]
                },
                "resource": [
                    {
                        "type": "Schedule",
                        "interaction": read_search,
                        "searchParam": _search(*SCHEDULE_PARAMS),
                    },
                    {
                        "type": "Slot",
                        "interaction": [{"code": "search-type"}],
                        "searchParam": _search(*SLOT_PARAMS),
                    },
                    {
                        "type": "Appointment",
                        "interaction": read_search,
                        "searchParam": _search(*APPOINTMENT_PARAMS),
                        "operation": [
                            {"name": "find", "definition": f"{ITI}/appointment-find"},
                            {"name": "hold", "definition": f"{ITI}/appointment-hold"},
                            {"name": "book", "definition": f"{ITI}/appointment-book"},
                        ],
                    },
                    {"type": "Practitioner", "interaction": [{"code": "read"}]},
                    {"type": "Organization", "interaction": [{"code": "read"}]},
                ],
            }
        ],
    }
