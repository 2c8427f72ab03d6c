"""What the French guides name: the FR Core profiles the directory's
resources claim (meta.profile) and the ANS TRE_R38 coding alongside the
platform's own for a specialty that has one; every answer still valid R4."""

import csv
import importlib
from pathlib import Path

import pytest

from hospital.importing.savoir_faire import SAVOIR_FAIRE_TO_SPECIALTY
from scheduling.fhir.french import TRE_R38_SYSTEM
from scheduling.fhir.resources import code_system
from tests import factories as f
from tests.helpers import fhir_get, valid

pytestmark = pytest.mark.django_db
FR_CORE = "https://hl7.fr/ig/fhir/core/StructureDefinition"
NEUROSURGERY = {"system": TRE_R38_SYSTEM, "code": "SM31", "display": "Neuro-chirurgie (SM)"}
DATA = Path(__file__).resolve().parents[2] / "scheduling" / "fhir" / "data" / "tre_r38.csv"


def _booked_patient(actors):
    slot = actors.neuro_agenda.slots.order_by("start").last()
    return f.booking(slot, actors.first_visit).patient


def test_directory_resources_claim_their_fr_core_profile(actors):
    hospital, department = actors.hospital, actors.neuro_agenda.department
    person = _booked_patient(actors)
    claimed = {
        f"Patient/{person.public_id}": "fr-core-patient",
        f"Organization/{hospital.finess}": "fr-core-organization",
        f"Location/{hospital.finess}": "fr-core-location",
        f"HealthcareService/{department.pk}": "fr-core-healthcare-service",
    }
    for path, profile in claimed.items():
        resource = valid(fhir_get(actors, path), path.split("/")[0])
        assert resource["meta"]["profile"] == [f"{FR_CORE}/{profile}"], path
    # The CapabilityStatement says so; the same in a search's Bundle.
    metadata = valid(
        actors.api_clients.hospital.http.http.get("/fhir/metadata"), "CapabilityStatement"
    )
    supported = {
        r["type"]: r["supportedProfile"]
        for r in metadata["rest"][0]["resource"]
        if "supportedProfile" in r
    }
    assert supported == {
        path.split("/")[0]: [f"{FR_CORE}/{profile}"] for path, profile in claimed.items()
    }
    bundle = valid(fhir_get(actors, "Location"), "Bundle")
    assert bundle["entry"][0]["resource"]["meta"]["profile"] == [f"{FR_CORE}/fr-core-location"]


def test_resources_that_do_not_conform_claim_nothing(actors):
    """FR Core's Practitioner wants its RPPS identifier typed IDNPS; what
    references it (Schedule, PractitionerRole) claims no profile either."""
    doctor = actors.neurosurgeon
    for path in (f"Practitioner/{doctor.rpps}", f"Schedule/{actors.neuro_agenda.pk}"):
        assert "profile" not in valid(fhir_get(actors, path))["meta"], path


def test_a_specialty_with_an_ans_code_carries_it_beside_the_local_coding(actors):
    department = actors.neuro_agenda.department
    local = {"system": code_system("specialty"), "code": "neurochirurgie"}
    service = valid(fhir_get(actors, f"HealthcareService/{department.pk}"))
    codings = service["specialty"][0]["coding"]
    assert [{k: c[k] for k in ("system", "code")} for c in codings[:1]] == [local]
    assert codings[1] == NEUROSURGERY
    schedule = valid(fhir_get(actors, f"Schedule/{actors.neuro_agenda.pk}"), "Schedule")
    assert NEUROSURGERY in schedule["specialty"][0]["coding"]
    slots = valid(fhir_get(actors, "Slot", {"_count": "1"}), "Bundle")
    assert NEUROSURGERY in slots["entry"][0]["resource"]["serviceType"][0]["coding"]
    roles = valid(fhir_get(actors, "PractitionerRole"), "Bundle")
    assert NEUROSURGERY in roles["entry"][0]["resource"]["specialty"][0]["coding"]


def test_a_specialty_without_an_ans_code_keeps_the_local_coding_only(actors):
    department = actors.neuro_agenda.department
    department.specialty = f.specialty("oncologie")  # three TRE_R38 options: none chosen
    department.save()
    service = valid(fhir_get(actors, f"HealthcareService/{department.pk}"))
    assert [c["system"] for c in service["specialty"][0]["coding"]] == [code_system("specialty")]


def test_searches_accept_the_ans_coding(actors):
    department = actors.neuro_agenda.department
    by_ans = {"specialty": f"{TRE_R38_SYSTEM}|SM31"}
    services = valid(fhir_get(actors, "HealthcareService", by_ans), "Bundle")
    assert [e["resource"]["id"] for e in services["entry"]] == [str(department.pk)]
    other = valid(fhir_get(actors, "HealthcareService", {"specialty": f"{TRE_R38_SYSTEM}|SM04"}))
    assert other["total"] == 0
    slots = valid(fhir_get(actors, "Slot", {"service-type": f"{TRE_R38_SYSTEM}|SM31"}))
    assert slots["total"] > 0


def _seeded_specialties() -> set[str]:
    seeded = importlib.import_module("hospital.migrations.0003_seed_specialties")
    return {code for code, _name in seeded.SPECIALTIES}


def test_the_ans_mapping_names_seeded_specialties_and_agrees_with_the_rpps_import():
    """Each row maps a specialty of the seeded list to one TRE_R38 code, and
    the RPPS import (hospital/importing/savoir_faire.py) reads that code back
    as the same specialty: one mapping in each direction, never two."""
    with DATA.open(encoding="utf-8") as rows:
        mapping = list(csv.DictReader(rows))
    specialties = [row["specialty"] for row in mapping]
    assert len(set(specialties)) == len(specialties)
    assert set(specialties) <= _seeded_specialties()
    for row in mapping:
        assert SAVOIR_FAIRE_TO_SPECIALTY[row["code"]] == row["specialty"], row
