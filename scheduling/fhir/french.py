"""What the French guides name, as verified against their sources.

FR Core (Interop'Santé, canonical https://hl7.fr/ig/fhir/core): the
profiles this server's resources claim in meta.profile. A resource claims
one only where its output was checked against the profile's constraints
(the FSH sources of Interop-Sante/hl7.fhir.fr.core, input/fsh/profiles/):
Patient, Organization, Location and HealthcareService. Not claimed:
Practitioner (FR Core slices the identifier urn:oid:1.2.250.1.71.4.2.1 as
idNatPs, typed IDNPS, which ours is not), hence neither PractitionerRole,
Schedule, Slot nor Appointment, whose actors and references FR Core
restricts to FR Core profiles (its Schedule also forbids serviceType).

ANS TRE_R38 "Spécialité ordinale" (the code system FR Core binds
specialties to, FRCoreValueSetPractitionerSpecialty): the coding given
alongside the platform's own for each specialty that has exactly one code
there, kept in data/tre_r38.csv (codes and displays as the ANS publishes
them, ans.fr.terminologies). A specialty without one (oncology has three
options, paediatric and maxillo-facial surgery several codes) gets none."""

import csv
import functools
from pathlib import Path

FR_CORE = "https://hl7.fr/ig/fhir/core/StructureDefinition"
PATIENT_PROFILE = f"{FR_CORE}/fr-core-patient"
ORGANIZATION_PROFILE = f"{FR_CORE}/fr-core-organization"
LOCATION_PROFILE = f"{FR_CORE}/fr-core-location"
HEALTHCARE_SERVICE_PROFILE = f"{FR_CORE}/fr-core-healthcare-service"

TRE_R38_SYSTEM = (
    "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale"
)


@functools.cache
def _tre_r38() -> dict[str, tuple[str, str]]:
    with (Path(__file__).parent / "data" / "tre_r38.csv").open(encoding="utf-8") as rows:
        return {row["specialty"]: (row["code"], row["display"]) for row in csv.DictReader(rows)}


def ans_specialty(specialty_code: str) -> dict | None:
    """The TRE_R38 coding of one of the platform's specialties, if it has one."""
    found = _tre_r38().get(specialty_code)
    if found is None:
        return None
    return {"system": TRE_R38_SYSTEM, "code": found[0], "display": found[1]}


def specialties_for_ans(code: str) -> list[str]:
    """The platform's specialty codes a TRE_R38 code stands for (a search by it)."""
    return [mine for mine, (ans, _display) in _tre_r38().items() if ans == code]
