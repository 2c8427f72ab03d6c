"""The directory through FHIR (issue 22): Location, HealthcareService,
PractitionerRole of the client's scope, the Patients of its bookings only,
the code systems every coding names, `_include`, and a CapabilityStatement
true to the URLconf."""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from audit.models import Event as AuditEvent
from scheduling.fhir.resources import code_system
from scheduling.models import Booking
from tests import factories as f
from tests.helpers import fhir_get, valid

pytestmark = pytest.mark.django_db


def _ids(bundle: dict, mode: str = "match") -> list[str]:
    return [e["resource"]["id"] for e in bundle["entry"] if e["search"]["mode"] == mode]


@dataclass
class BookedInTwoScopes:
    """A booking of the client's scope, and one of another client's scope."""

    mine: Booking
    theirs: Booking


@pytest.fixture
def booked(actors) -> BookedInTwoScopes:
    """A booking of the client's scope, and one of another client's scope."""
    mine = f.booking(actors.neuro_agenda.slots.order_by("start")[30], actors.first_visit)
    theirs = f.booking(actors.other_slot, actors.other_reason)
    return BookedInTwoScopes(mine=mine, theirs=theirs)


def test_location_service_and_role_of_the_scope_only(actors):
    hospital, other = actors.hospital, actors.other_hospital
    department = actors.neuro_agenda.department
    location = valid(fhir_get(actors, f"Location/{hospital.finess}"), "Location")
    assert location["managingOrganization"] == {"reference": f"Organization/{hospital.finess}"}
    assert fhir_get(actors, f"Location/{other.finess}").status_code == 404
    assert _ids(valid(fhir_get(actors, "Location"), "Bundle")) == [hospital.finess]

    service = valid(fhir_get(actors, f"HealthcareService/{department.pk}"), "HealthcareService")
    assert service["providedBy"]["reference"] == f"Organization/{hospital.finess}"
    assert service["specialty"][0]["coding"][0]["code"] == "neurochirurgie"
    services = valid(fhir_get(actors, "HealthcareService", {"specialty": "neurochirurgie"}))
    assert _ids(services) == [str(department.pk)]
    other_department = actors.other_slot.agenda.department
    assert fhir_get(actors, f"HealthcareService/{other_department.pk}").status_code == 404

    roles = valid(
        fhir_get(actors, "PractitionerRole", {"practitioner": actors.neurosurgeon.rpps}),
        "Bundle",
    )
    # Dr Neuro's affiliation to the hospital, not to the external clinic.
    assert len(roles["entry"]) == 1
    role = roles["entry"][0]["resource"]
    assert role["healthcareService"] == [{"reference": f"HealthcareService/{department.pk}"}]
    assert valid(fhir_get(actors, f"PractitionerRole/{role['id']}"), "PractitionerRole")
    clinic_role = actors.neurosurgeon.affiliations.exclude(department=department).get()
    assert fhir_get(actors, f"PractitionerRole/{clinic_role.pk}").status_code == 404


def test_a_patient_is_seen_only_through_the_scope_s_bookings(actors, booked):
    mine, theirs = booked.mine, booked.theirs
    appointment = valid(fhir_get(actors, f"Appointment/{mine.public_id}"), "Appointment")
    reference = appointment["participant"][0]["actor"]["reference"]
    patient = valid(fhir_get(actors, reference), "Patient")  # no longer dangling
    assert patient["name"][0]["family"] == mine.patient.last_name
    assert patient["birthDate"] == mine.patient.birth_date.isoformat()
    assert fhir_get(actors, f"Patient/{theirs.patient.public_id}").status_code == 404
    nobody = f.patient(last_name="Personne")
    assert fhir_get(actors, f"Patient/{nobody.public_id}").status_code == 404
    assert _ids(valid(fhir_get(actors, "Patient"), "Bundle")) == [str(mine.patient.public_id)]
    found = fhir_get(actors, "Patient", {"identifier": f"urn:uuid:{theirs.patient.public_id}"})
    assert _ids(valid(found, "Bundle")) == []


@pytest.mark.django_db(transaction=True)
def test_reading_a_patient_is_in_the_trail_with_the_client_as_actor(actors, booked):
    earlier = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    person = booked.mine.patient
    valid(fhir_get(actors, f"Patient/{person.public_id}"), "Patient")
    reads = AuditEvent.objects.filter(pk__gt=earlier, object_type="scheduling_patient")
    assert [(e.action, e.object_id) for e in reads] == [("read", str(person.pk))]


def _systems(value) -> set[tuple[str, str]]:
    """Every (system, code) pair of a resource, however deep."""
    found = set()
    if isinstance(value, dict):
        if isinstance(value.get("system"), str) and "code" in value:
            found.add((value["system"], value["code"]))
        for each in value.values():
            found |= _systems(each)
    elif isinstance(value, list):
        for each in value:
            found |= _systems(each)
    return found


def test_every_local_code_system_named_answers_a_code_system_with_its_codes(actors, booked):
    seen = set()
    for path, params in (
        ("Schedule", {}),
        ("Slot", {"_count": "5"}),
        ("Appointment", {}),
        ("HealthcareService", {}),
        ("Slot", {"start": "xx"}),  # an OperationOutcome names the refusal system
    ):
        seen |= _systems(fhir_get(actors, path, params).json())
    taken = fhir_get(actors, "Appointment", {"status": "nope"}).json()  # nothing: no system
    seen |= _systems(taken)
    local = {(s, c) for s, c in seen if s.startswith(f"{settings.SITE_URL}/fhir/CodeSystem/")}
    assert {s for s, _ in local} >= {code_system("specialty"), code_system("visit-reason")}
    for system in {s for s, _ in local}:
        body = valid(fhir_get(actors, system.split("/fhir/", 1)[1]), "CodeSystem")
        assert body["url"] == system
        codes = {concept["code"] for concept in body["concept"]}
        assert {c for s, c in local if s == system} <= codes, system
    refusals = valid(fhir_get(actors, "CodeSystem/refusal"), "CodeSystem")
    assert "slot_taken" in {c["code"] for c in refusals["concept"]}
    by_url = valid(fhir_get(actors, "CodeSystem", {"url": code_system("specialty")}))
    assert _ids(by_url) == ["specialty"]
    assert fhir_get(actors, "CodeSystem/nothing").status_code == 404


def test_include_brings_the_referenced_resources(actors, booked):
    slots = valid(fhir_get(actors, "Slot", {"_count": "3", "_include": "Slot:schedule"}))
    assert _ids(slots, "include") == [str(actors.neuro_agenda.pk)]
    assert slots["total"] > 3  # the included are not counted
    mine = booked.mine
    found = valid(
        fhir_get(
            actors,
            "Appointment",
            {"_include": ["Appointment:patient", "Appointment:practitioner"]},
        )
    )
    assert _ids(found) == [str(mine.public_id)]
    assert sorted(_ids(found, "include")) == sorted(
        [str(mine.patient.public_id), actors.neurosurgeon.rpps]
    )
    roles = valid(fhir_get(actors, "PractitionerRole", {"_include": "PractitionerRole:service"}))
    assert _ids(roles, "include") == [str(actors.neuro_agenda.department_id)]
    refused = fhir_get(actors, "Slot", {"_include": "Slot:nothing"})
    assert refused.status_code == 400
    assert valid(refused, "OperationOutcome")


@pytest.mark.django_db(transaction=True)
def test_fhirpy_searches_roles_with_their_practitioners(actors, live_server):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    from fhirpy import SyncFHIRClient

    client = SyncFHIRClient(
        f"{live_server.url}/fhir", authorization=f"Bearer {actors.api_clients.hospital.http.token}"
    )
    bundle = client.resources("PractitionerRole").include("PractitionerRole", "practitioner")
    raw = bundle.fetch_raw()
    kinds = sorted(e["resource"]["resourceType"] for e in raw["entry"])
    assert kinds == ["Practitioner", "PractitionerRole"]
    services = client.resources("HealthcareService").search(specialty="neurochirurgie").fetch_all()
    assert [s.id for s in services] == [str(actors.neuro_agenda.department_id)]


def _fhir_routes() -> list[URLPattern]:
    """Every route under /fhir/, whichever app includes it, in the order the
    root URLconf tries them."""
    routes = [
        route
        for include in get_resolver().url_patterns
        if isinstance(include, URLResolver) and str(include.pattern) == "fhir/"
        for route in include.url_patterns
    ]
    # The catch-all 404 comes last: a route after it would never be reached.
    assert [str(r.pattern) for r in routes].index("^.*$") == len(routes) - 1
    return routes


def _served() -> dict[str, set[str]]:
    """What the URLconf serves, per resource type: interactions and operations,
    read off each route and the methods its view defines."""
    served: dict[str, set[str]] = {}
    for pattern in _fhir_routes():
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern).lstrip("^").rstrip("$")
        kind, _, rest = route.partition("/")
        if not re.fullmatch(r"[A-Z][A-Za-z]+", kind):
            continue  # metadata, the catch-all
        view = pattern.callback.view_class
        if rest.startswith("$"):
            served.setdefault(kind, set()).add(rest)
            continue
        methods = {
            "get": "read" if rest else "search-type",
            "put": "update",
            "patch": "patch",
            "post": "create",
            "delete": "delete",
        }
        for method, interaction in methods.items():
            if method in vars(view) or (method == "get" and hasattr(view, "get")):
                served.setdefault(kind, set()).add(interaction)
    return served


def test_the_capability_statement_is_true_to_the_urlconf(actors):
    body = valid(actors.api_clients.hospital.http.http.get("/fhir/metadata"), "CapabilityStatement")
    declared = {
        resource["type"]: {i["code"] for i in resource["interaction"]}
        | {f"${o['name']}" for o in resource.get("operation", [])}
        for resource in body["rest"][0]["resource"]
    }
    assert declared == _served()
    # Every include declared is served, and refused when not.
    for resource in body["rest"][0]["resource"]:
        for include in resource.get("searchInclude", []):
            answer = fhir_get(actors, resource["type"], {"_include": include})
            assert answer.status_code == 200, include
