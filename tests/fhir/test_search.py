"""FHIR searches as real clients use them (issue 22): every page reachable
through Bundle.link, a true total, date prefixes on the institution's local
days, unserved parameters refused, every filter a client sends honoured,
versions and conditional reads."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
import requests
from django.conf import settings
from django.utils import timezone

from scheduling.fhir.resources import BOOKING_IDENTIFIER_SYSTEM, code_system
from scheduling.models import Agenda, Booking
from scheduling.selectors.search import free_slots
from tests import factories as f
from tests.helpers import FHIR_JSON, fhir_get, fhir_post, valid

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _ids(bundle: dict) -> list[str]:
    return [entry["resource"]["id"] for entry in bundle.get("entry", [])]


def _link(bundle: dict, relation: str) -> str | None:
    return next((x["url"] for x in bundle.get("link", []) if x["relation"] == relation), None)


def _every_free_slot_in_scope() -> set[str]:
    return {str(pk) for pk in free_slots().values_list("pk", flat=True)}


# --- paging -------------------------------------------------------------------


def test_slot_search_pages_through_every_slot_with_a_true_total(actors):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    expected = _every_free_slot_in_scope() - {str(actors.other_slot.pk)}
    assert len(expected) > 100  # more than the old silent cap
    first = valid(fhir_get(actors, "Slot", {"_count": "40"}), "Bundle")
    assert first["total"] == len(expected)
    assert _link(first, "self") and _link(first, "previous") is None
    seen, page, pages = _ids(first), first, 1
    while url := _link(page, "next"):
        page = valid(fhir_get(actors, url.split("/fhir/", 1)[1]), "Bundle")
        seen += _ids(page)
        pages += 1
        assert page["total"] == len(expected)
    assert (len(seen), set(seen)) == (len(expected), expected)
    assert pages == -(-len(expected) // 40)
    back = valid(fhir_get(actors, _link(page, "previous").split("/fhir/", 1)[1]), "Bundle")
    assert _ids(back) == seen[-len(_ids(page)) - 40 : -len(_ids(page))]


def test_a_count_above_the_page_size_gets_a_page_and_a_next_link(actors):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    bundle = valid(fhir_get(actors, "Slot", {"_count": "1000"}), "Bundle")
    assert len(bundle["entry"]) == 100 and bundle["total"] > 100
    assert "_offset=100" in _link(bundle, "next")


@pytest.mark.django_db(transaction=True)
def test_over_http_a_client_following_next_links_gets_every_slot(actors, live_server):
    expected = _every_free_slot_in_scope() - {str(actors.other_slot.pk)}
    http = requests.Session()
    http.headers.update(
        {"Authorization": f"Bearer {actors.api_clients.hospital.http.token}", "Accept": FHIR_JSON}
    )
    url, seen = f"{live_server.url}/fhir/Slot?_count=100", []
    while url:
        assert url.startswith(live_server.url)  # a link the client can follow
        bundle = http.get(url, timeout=30).json()
        seen += _ids(bundle)
        url = _link(bundle, "next")
    assert sorted(seen) == sorted(expected)


@pytest.mark.django_db(transaction=True)
def test_fhirpy_fetch_all_returns_every_slot(actors, live_server):
    from fhirpy import SyncFHIRClient

    client = SyncFHIRClient(
        f"{live_server.url}/fhir", authorization=f"Bearer {actors.api_clients.hospital.http.token}"
    )
    slots = client.resources("Slot").search(status="free").limit(100).fetch_all()
    expected = _every_free_slot_in_scope() - {str(actors.other_slot.pk)}
    assert sorted(s.id for s in slots) == sorted(expected)


# --- dates --------------------------------------------------------------------


@dataclass
class NightSlots:
    """A second agenda's two slots either side of the local midnight after
    `day`, by id as FHIR gives them."""

    day: datetime.date
    agenda: Agenda
    late: str
    early: str


@pytest.fixture
def night_slots(actors) -> NightSlots:
    """Two slots of a second agenda either side of a local midnight in winter:
    23:30 local on day D (22:30 UTC, day D) and 00:30 local on D+1 (23:30 UTC,
    still day D in UTC)."""
    day = (timezone.now() + datetime.timedelta(days=30)).astimezone(PARIS).date()
    while day.month in range(4, 11):  # a winter day: UTC+1 all around it
        day += datetime.timedelta(days=30)
    agenda = f.agenda(f.practitioner(last_name="Nuit"), actors.neuro_agenda.department)
    f.reason(agenda, minutes=20)
    late = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=PARIS)
    early = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0, 30), tzinfo=PARIS
    )
    return NightSlots(
        day=day,
        agenda=agenda,
        late=str(f.slot(agenda, start=late).pk),
        early=str(f.slot(agenda, start=early).pk),
    )


@pytest.mark.parametrize(
    ("start", "found"),
    [
        ("{D}", {"late"}),  # a bare date is eq, over the local day
        ("eq{D}", {"late"}),
        ("ne{D}", {"early"}),
        ("le{D}", {"late"}),  # ends at the local midnight, not UTC's
        ("lt{D}", set()),
        ("ge{D}", {"late", "early"}),
        ("gt{D}", {"early"}),  # gt is not ge
        ("sa{D}", {"early"}),
        ("eb{D1}", {"late"}),
        ("{D1}", {"early"}),
        ("ge{D}T23:30:00+01:00", {"late", "early"}),
        ("gt{D}T23:30:00+01:00", {"early"}),
        ("eq{D}T22:30:00Z", {"late"}),
        ("lt{D}T23:30:00", {"early"} - {"early"}),  # local time: before 23:30 local is neither
        ("le{D}T23:30", {"late"}),  # minute precision: the whole minute 23:30
    ],
)
def test_slot_start_prefixes_on_dates_and_date_times(actors, night_slots, start, found):
    day = night_slots.day
    value = start.format(D=day.isoformat(), D1=(day + datetime.timedelta(days=1)).isoformat())
    params = {"schedule": f"Schedule/{night_slots.agenda.pk}", "start": value}
    bundle = fhir_get(actors, "Slot", params)
    assert bundle.status_code == 200, bundle.content
    assert set(_ids(valid(bundle, "Bundle"))) == {getattr(night_slots, name) for name in found}


def test_an_unencoded_plus_of_a_time_zone_is_read_as_a_plus(actors, night_slots):
    day = night_slots.day.isoformat()
    response = actors.api_clients.hospital.http.http.get(
        f"/fhir/Slot?schedule={night_slots.agenda.pk}&start=gt{day}T23:30:00+01:00",
        headers={"Authorization": f"Bearer {actors.api_clients.hospital.http.token}"},
    )
    assert set(_ids(valid(response, "Bundle"))) == {night_slots.early}


@pytest.mark.parametrize("start", ["ap2026-01-01", "xx2026-01-01", "2026-13-01", "2026-1-1"])
def test_an_unsupported_prefix_or_a_bad_date_is_a_400(actors, start):
    response = fhir_get(actors, "Slot", {"start": start})
    assert response.status_code == 400
    assert valid(response, "OperationOutcome")["issue"][0]["code"] == "invalid"


# --- parameters refused, or honoured --------------------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("Slot", {"practitioner": "Practitioner/1"}),
        ("Slot", {"start:missing": "true"}),
        ("Schedule", {"name": "x"}),
        ("Appointment", {"location": "Location/1"}),
        ("Appointment", {"_sort": "date"}),
    ],
)
def test_a_parameter_not_served_is_refused_unless_lenient(actors, path, params):
    strict = fhir_get(actors, path, params)
    assert strict.status_code == 400
    assert valid(strict, "OperationOutcome")["issue"][0]["code"] == "invalid"
    lenient = actors.api_clients.hospital.http.http.get(
        f"/fhir/{path}",
        params,
        headers={
            "Authorization": f"Bearer {actors.api_clients.hospital.http.token}",
            "Prefer": "handling=lenient",
        },
    )
    assert lenient.status_code == 200
    valid(lenient, "Bundle")


def test_schedule_search_by_specialty(actors):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    second = f.agenda(f.practitioner(last_name="Autre"), f.department(actors.hospital))
    every = _ids(valid(fhir_get(actors, "Schedule"), "Bundle"))
    assert set(every) == {str(actors.neuro_agenda.pk), str(second.pk)}
    system = code_system("specialty")
    for value in ("neurochirurgie", f"{system}|neurochirurgie"):
        found = valid(fhir_get(actors, "Schedule", {"specialty": value}), "Bundle")
        assert _ids(found) == [str(actors.neuro_agenda.pk)]
    elsewhere = valid(
        fhir_get(actors, "Schedule", {"specialty": "http://snomed.info/sct|neurochirurgie"}),
        "Bundle",
    )
    assert elsewhere["total"] == 0


@dataclass
class TwoAppointments:
    """An appointment on Dr Neuro's agenda, and another patient's on a second agenda."""

    mine: Booking
    other: Booking
    second: Agenda


@pytest.fixture
def two_appointments(actors) -> TwoAppointments:
    second = f.agenda(f.practitioner(last_name="Second"), actors.neuro_agenda.department)
    reason = f.reason(second, minutes=20)
    # One of the agenda's own slots (a new one could overlap them).
    mine = f.booking(
        actors.neuro_agenda.slots.order_by("start")[30], actors.first_visit, channel="api"
    )
    other = f.booking(f.slot(second), reason, channel="api", patient=f.patient(last_name="Autre"))
    return TwoAppointments(mine=mine, other=other, second=second)


def _appointments(actors, params) -> list[str]:
    response = fhir_get(actors, "Appointment", params)
    assert response.status_code == 200, response.content
    return _ids(valid(response, "Bundle"))


def test_appointment_search_by_actor_practitioner_and_identifier(actors, two_appointments):
    mine, other = str(two_appointments.mine.public_id), str(two_appointments.other.public_id)
    rpps = actors.neurosurgeon.rpps
    assert _appointments(actors, {"practitioner": f"Practitioner/{rpps}"}) == [mine]
    assert _appointments(actors, {"actor": f"Practitioner/{rpps}"}) == [mine]
    patient = two_appointments.other.patient.public_id
    assert _appointments(actors, {"actor": f"Patient/{patient}"}) == [other]
    identifier = f"{BOOKING_IDENTIFIER_SYSTEM}|urn:uuid:{mine}"
    assert _appointments(actors, {"identifier": identifier}) == [mine]
    assert _appointments(actors, {"identifier": f"urn:x|urn:uuid:{mine}"}) == []
    read = valid(fhir_get(actors, f"Appointment/{mine}"), "Appointment")
    assert read["identifier"] == [
        {"system": BOOKING_IDENTIFIER_SYSTEM, "value": f"urn:uuid:{mine}"}
    ]


def test_appointment_search_by_last_updated(actors, two_appointments):
    from scheduling.services.booking import cancel

    before = timezone.now()
    cancel(two_appointments.other, reason="test", by=None)
    since = {"_lastUpdated": f"ge{before.isoformat()}"}
    assert _appointments(actors, since) == [str(two_appointments.other.public_id)]
    later = {"_lastUpdated": f"gt{timezone.now().isoformat()}"}
    assert _appointments(actors, later) == []


# --- $find ----------------------------------------------------------------------


def _find(actors, *parameters) -> list[dict]:
    body = {"resourceType": "Parameters", "parameter": list(parameters)}
    response = fhir_post(actors, "Appointment/$find", body)
    assert response.status_code == 200, response.content
    return [e["resource"] for e in valid(response, "Bundle")["entry"]]


def test_find_honours_a_specialty_given_as_system_and_code(actors):
    _ = actors.neuro_agenda, actors.other_slot  # each hospital's slots, before the first read
    system = code_system("specialty")
    coding = {"name": "specialty", "valueCoding": {"system": system, "code": "neurochirurgie"}}
    assert _find(actors, coding)
    text = {"name": "specialty", "valueString": f"{system}|neurochirurgie"}
    assert _find(actors, text)
    foreign = {"name": "specialty", "valueString": "http://snomed.info/sct|neurochirurgie"}
    assert _find(actors, foreign) == []
    unknown = {"name": "specialty", "valueString": f"{system}|cardiologie"}
    assert _find(actors, unknown) == []


def test_find_never_proposes_a_reason_hold_refuses(actors):
    from scheduling.models import VisitReason

    # Every reason of the agenda is for patients already followed, but one.
    VisitReason.objects.filter(agenda=actors.neuro_agenda).update(for_new_patients=False)
    proposals = _find(actors, {"name": "_count", "valueInteger": 5})
    assert proposals == []
    first = actors.first_visit
    first.for_new_patients = True
    first.save()
    proposals = _find(actors, {"name": "_count", "valueInteger": 5})
    codes = {p["reasonCode"][0]["coding"][0]["code"] for p in proposals}
    assert codes == {str(first.pk)}
    followed = _find(
        actors,
        {"name": "returning", "valueBoolean": True},
        {"name": "_count", "valueInteger": 5},
    )
    assert followed


# --- versions and conditional reads ---------------------------------------------


def test_every_resource_read_has_a_version_an_etag_and_answers_304(actors, two_appointments):
    booking = two_appointments.mine
    paths = [
        f"Schedule/{actors.neuro_agenda.pk}",
        f"Practitioner/{actors.neurosurgeon.rpps}",
        f"Organization/{actors.hospital.finess}",
        f"Appointment/{booking.public_id}",
    ]
    for path in paths:
        first = fhir_get(actors, path)
        body = valid(first)
        assert first["ETag"] == f'W/"{body["meta"]["versionId"]}"', path
        again = actors.api_clients.hospital.http.http.get(
            f"/fhir/{path}",
            headers={
                "Authorization": f"Bearer {actors.api_clients.hospital.http.token}",
                "If-None-Match": first["ETag"],
            },
        )
        assert (again.status_code, again.content) == (304, b""), path
    appointment = valid(fhir_get(actors, paths[-1]))
    assert appointment["meta"]["lastUpdated"]
    from scheduling.services.booking import cancel

    cancel(booking, reason="test", by=None)
    changed = fhir_get(actors, paths[-1])
    assert changed["ETag"] != f'W/"{appointment["meta"]["versionId"]}"'
    assert valid(changed)["meta"]["lastUpdated"] > appointment["meta"]["lastUpdated"]


def test_searched_resources_carry_meta_version(actors):
    bundle = valid(fhir_get(actors, "Slot", {"_count": "3"}), "Bundle")
    assert all(e["resource"]["meta"]["versionId"] for e in bundle["entry"])


def test_capability_statement_declares_what_each_search_serves(actors):
    body = valid(actors.api_clients.hospital.http.http.get("/fhir/metadata"), "CapabilityStatement")
    declared = {
        (resource["type"], p["name"]): p["type"]
        for resource in body["rest"][0]["resource"]
        for p in resource.get("searchParam", [])
    }
    assert declared[("Appointment", "actor")] == "reference"
    assert declared[("Appointment", "patient")] == "reference"
    assert declared[("Appointment", "practitioner")] == "reference"
    assert declared[("Slot", "schedule")] == "reference"
    assert declared[("Appointment", "_lastUpdated")] == "date"
    assert declared[("Schedule", "specialty")] == "token"
