"""The directory as FHIR R4 resources: where (Location: an establishment's
site), what is offered (HealthcareService: a department), who works there
(PractitionerRole: an affiliation), for whom (Patient: the people of the
client's bookings), and the platform's own code systems (CodeSystem), at the
URLs every coding names (`SITE_URL/fhir/CodeSystem/<name>`)."""

from django.utils.translation import gettext as _

from hospital.models import Affiliation, Department, Establishment
from scheduling.fhir.french import (
    HEALTHCARE_SERVICE_PROFILE,
    LOCATION_PROFILE,
    PATIENT_PROFILE,
)
from scheduling.fhir.resources import (
    BOOKING_IDENTIFIER_SYSTEM,
    FR_V2_0203,
    INS_NIR_SYSTEM,
    REASON_SYSTEM,
    REFUSAL_SYSTEM,
    SPECIALTY_SYSTEM,
    code_system,
    specialty_concept,
    versioned,
)
from scheduling.models import Patient, VisitReason
from scheduling.services.refusals import RefusalCode


def _address(establishment: Establishment) -> dict:
    address = {"line": [establishment.address], "city": establishment.city, "country": "FR"}
    if establishment.postal_code:
        address["postalCode"] = establishment.postal_code
    return address


def _phone(number: str) -> list[dict]:
    return [{"system": "phone", "value": number, "use": "work"}] if number else []


def location(establishment: Establishment) -> dict:
    """A member establishment's site, by its FINESS (the Organization's id too)."""
    resource = {
        "resourceType": "Location",
        "id": establishment.finess,
        "status": "active" if establishment.is_member else "inactive",
        "name": establishment.name,
        "mode": "instance",
        "address": _address(establishment),
        "managingOrganization": {"reference": f"Organization/{establishment.finess}"},
    }
    if telecom := _phone(establishment.phone):
        resource["telecom"] = telecom
    return versioned(resource, profile=LOCATION_PROFILE)


def healthcare_service(department: Department) -> dict:
    establishment = department.establishment
    resource = {
        "resourceType": "HealthcareService",
        "id": str(department.pk),
        "active": establishment.is_member,
        "providedBy": {
            "reference": f"Organization/{establishment.finess}",
            "display": establishment.name,
        },
        "location": [{"reference": f"Location/{establishment.finess}"}],
        "name": department.name,
    }
    if specialties := specialty_concept(department.specialty):
        resource["specialty"] = specialties
    if telecom := _phone(department.contact_phone):
        resource["telecom"] = telecom
    if department.practical_info:
        resource["extraDetails"] = department.practical_info
    return versioned(resource, profile=HEALTHCARE_SERVICE_PROFILE)


def practitioner_role(affiliation: Affiliation) -> dict:
    doctor, department = affiliation.practitioner, affiliation.department
    period = {"start": affiliation.start_date.isoformat()}
    if affiliation.end_date:
        period["end"] = affiliation.end_date.isoformat()
    resource = {
        "resourceType": "PractitionerRole",
        "id": str(affiliation.pk),
        "active": True,
        "period": period,
        "practitioner": {"reference": f"Practitioner/{doctor.rpps}", "display": str(doctor)},
        "organization": {"reference": f"Organization/{department.establishment.finess}"},
        "location": [{"reference": f"Location/{department.establishment.finess}"}],
        "healthcareService": [{"reference": f"HealthcareService/{department.pk}"}],
    }
    if specialties := specialty_concept(department.specialty):
        resource["specialty"] = specialties
    return versioned(resource)


def patient(person: Patient) -> dict:
    """The identity the institution holds for an appointment's patient."""
    resource = {
        "resourceType": "Patient",
        "id": str(person.public_id),
        "identifier": [
            {"system": BOOKING_IDENTIFIER_SYSTEM, "value": f"urn:uuid:{person.public_id}"}
        ],
        "name": [{"use": "official", "family": person.last_name, "given": [person.first_name]}],
        "birthDate": person.birth_date.isoformat(),
    }
    if person.ins:
        resource["identifier"].append(
            {
                "use": "official",
                "type": {"coding": [{"system": FR_V2_0203, "code": "INS-NIR"}]},
                "system": INS_NIR_SYSTEM,
                "value": person.ins,
            }
        )
    telecom = [{"system": "email", "value": person.email}] if person.email else []
    telecom += [{"system": "phone", "value": person.phone}] if person.phone else []
    if telecom:
        resource["telecom"] = telecom
    return versioned(resource, profile=PATIENT_PROFILE)


def _code_system(name: str, title: str, concepts: list[dict], *, complete: bool) -> dict:
    return versioned(
        {
            "resourceType": "CodeSystem",
            "id": name,
            "url": code_system(name),
            "name": "".join(part.capitalize() for part in name.split("-")),
            "title": title,
            "status": "active",
            "caseSensitive": True,
            "content": "complete" if complete else "fragment",
            "count": len(concepts),
            "concept": concepts,
        }
    )


def specialties_code_system(specialties) -> dict:
    concepts = [{"code": each.code, "display": each.name} for each in specialties]
    return _code_system(SPECIALTY_SYSTEM, _("Specialties"), concepts, complete=True)


def reasons_code_system(reasons: list[VisitReason]) -> dict:
    """The visit reasons the client may book: a fragment of the platform's (its scope)."""
    concepts = [
        {"code": str(each.pk), "display": each.label}
        for each in sorted(reasons, key=lambda x: x.pk)
    ]
    return _code_system(REASON_SYSTEM, _("Visit reasons"), concepts, complete=False)


def refusals_code_system() -> dict:
    concepts = [{"code": str(code)} for code in RefusalCode]
    return _code_system(REFUSAL_SYSTEM, _("Refusals"), concepts, complete=True)
