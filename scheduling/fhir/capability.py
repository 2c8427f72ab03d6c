"""GET /fhir/metadata: what this server supports."""

from django.conf import settings

from scheduling.fhir.input import MAX_COUNT

ITI = "https://profiles.ihe.net/ITI/Scheduling/OperationDefinition"


def _search(*names: str) -> list[dict]:
    kinds = {"_id": "token", "date": "date", "start": "date", "_count": "number"}
    return [
        {"name": name, "type": kinds.get(name, "token" if name != "actor" else "reference")}
        for name in names
    ]


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
                    f"Bearer token of an API client. At most {MAX_COUNT} results per search."
                ),
                "security": {
                    "service": [{"coding": [{"code": "OAuth", "display": "Bearer token"}]}]
                },
                "resource": [
                    {
                        "type": "Schedule",
                        "interaction": read_search,
                        "searchParam": _search("actor"),
                    },
                    {
                        "type": "Slot",
                        "interaction": [{"code": "search-type"}],
                        "searchParam": _search("schedule", "start", "status", "service-type"),
                    },
                    {
                        "type": "Appointment",
                        "interaction": read_search,
                        "searchParam": _search("patient", "date", "status"),
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
