"""What another system may post or ask, however broken, is answered with a
structured 4xx — the REST API's {"code", "message"}, FHIR's OperationOutcome —
that never repeats the value refused; never a 500, and nothing changes.
One parser (scheduling/clients/parsing.py) and the fields' own checks."""

import json

import pytest

from scheduling.clients.parsing import MAX_BODY_BYTES, MAX_DEPTH
from scheduling.models import Booking
from tests.helpers import patient_body

pytestmark = pytest.mark.django_db
FHIR_JSON = "application/fhir+json"

WRITES = [
    ("/api/v1/bookings/", "application/json"),
    ("/api/v1/bookings/00000000-0000-0000-0000-000000000001/cancel/", "application/json"),
    ("/api/v1/bookings/00000000-0000-0000-0000-000000000001/move/", "application/json"),
    ("/api/v1/bookings/00000000-0000-0000-0000-000000000001/outcome/", "application/json"),
    ("/fhir/Appointment/$find", FHIR_JSON),
    ("/fhir/Appointment/$hold", FHIR_JSON),
    ("/fhir/Appointment/$book", FHIR_JSON),
    ("/fhir/Appointment/$hold", "application/json"),
]


def _post_raw(actors, path: str, raw: bytes | str, content_type: str):
    return actors.api_clients.hospital.http.http.post(
        path,
        raw,
        content_type=content_type,
        headers={"Authorization": f"Bearer {actors.api_clients.hospital.http.token}"},
    )


def _structured(response, path: str) -> str:
    """The refusal's message, after checking its shape for the surface."""
    assert 400 <= response.status_code < 500, (path, response.status_code, response.content)
    body = response.json()
    if path.startswith("/fhir/"):
        assert body["resourceType"] == "OperationOutcome", body
        return body["issue"][0]["diagnostics"]
    assert set(body) >= {"code", "message"}, body
    return body["message"]


HOSTILE_BODIES = {
    "nested ten thousand deep": "[" * 10_000 + "]" * 10_000,
    "nested objects": '{"a":' * 5_000 + "1" + "}" * 5_000,
    "just past the depth": "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    "lone surrogate": json.dumps({"resourceType": "Parameters", "x": "\ud800"}),
    "lone surrogate in a key": '{"\\udfff": 1}',
    "NUL": json.dumps({"first_name": "a\x00b"}),
    "NaN": '{"slot": NaN}',
    "Infinity": '{"slot": 1e999}',
    "huge integer": '{"slot": ' + "9" * 5000 + "}",
    "not UTF-8": b'{"a": "\xff\xfe"}',
    "not JSON": "{'a': 1}",
    "truncated": '{"a": "',
}


@pytest.mark.parametrize("name", HOSTILE_BODIES)
def test_a_hostile_body_is_a_structured_400_on_every_write(actors, name):
    for path, content_type in WRITES:
        response = _post_raw(actors, path, HOSTILE_BODIES[name], content_type)
        assert response.status_code == 400, (path, response.status_code, response.content)
        message = _structured(response, path)
        assert "\ud800" not in message and "\x00" not in message
    assert not Booking.objects.exists()


def test_a_body_over_the_limit_is_a_413_read_no_further(actors):
    oversized = json.dumps({"reason": "x" * (MAX_BODY_BYTES + 10)})
    for path, content_type in WRITES:
        response = _post_raw(actors, path, oversized, content_type)
        assert response.status_code == 413, (path, response.content)
        _structured(response, path)


def test_a_deep_but_allowed_body_is_read(actors):
    """The depth limit leaves room for any real resource: a body nested to it
    is parsed, then refused for what it says (no slot), not for its shape."""
    deep = {"resourceType": "Parameters", "parameter": []}
    inner = deep
    for _level in range(MAX_DEPTH - 3):
        inner["x"] = {}
        inner = inner["x"]
    response = _post_raw(actors, "/fhir/Appointment/$hold", json.dumps(deep), FHIR_JSON)
    assert response.status_code == 400
    assert "deeply" not in _structured(response, "/fhir/")


def _booking(actors, **patient) -> dict:
    return {
        "slot": actors.neuro_agenda.slots.first().pk,
        "reason": actors.first_visit.pk,
        "patient": patient_body(**patient),
    }


@pytest.mark.parametrize(
    "change",
    [
        {"patient": "Zoé"},
        {"patient": ["Zoé"]},
        {"patient": None},
        {"slot": {"id": 1}},
        {"slot": [1]},
        {"slot": "1e3"},
        {"slot": True},
        {"slot": None},
        {"reason": 1.5},
        {"returning": "maybe"},
        {"patient": patient_body(birth_date="0001-01-01")},
        {"patient": patient_body(birth_date="9999-12-31")},
        {"patient": patient_body(birth_date=19900412)},
        {"patient": patient_body(first_name=["Zoé"])},
        {"patient": patient_body(email={"a": 1})},
    ],
)
def test_wrong_json_types_in_a_booking_are_a_400(actors, change):
    response = actors.api_clients.hospital.http.post(
        "/api/v1/bookings/", {**_booking(actors), **change}
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("body", [[], "text", 5, None, [{"slot": 1}]])
def test_a_body_that_is_not_an_object_is_a_400(actors, body):
    for path, content_type in WRITES:
        response = _post_raw(actors, path, json.dumps(body), content_type)
        assert response.status_code == 400, (path, response.content)
        _structured(response, path)


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01",
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59-14:00",
        "2026-03-01T09:00:00+99:00",
        "2026-02-30T09:00",
        "1899-12-31T23:00:00Z",
        "2101-01-01",
    ],
)
def test_a_date_out_of_range_is_refused_in_the_rest_and_fhir_searches(actors, moment):
    response = actors.api_clients.hospital.http.get("/api/v1/availability/", {"start": moment})
    assert response.status_code == 400, (moment, response.content)
    assert moment not in _structured(response, "/api/")
    for prefix in ("ge", "lt"):
        response = actors.api_clients.hospital.http.get("/fhir/Slot", {"start": prefix + moment})
        assert response.status_code == 400, (moment, response.content)
        assert moment not in _structured(response, "/fhir/")
        response = actors.api_clients.hospital.http.get(
            "/fhir/Appointment", {"date": prefix + moment}
        )
        assert response.status_code == 400, (moment, response.content)
    find = {"resourceType": "Parameters", "parameter": [{"name": "start", "valueDateTime": moment}]}
    response = _post_raw(actors, "/fhir/Appointment/$find", json.dumps(find), FHIR_JSON)
    assert response.status_code == 400, (moment, response.content)
    assert moment not in _structured(response, "/fhir/")


def test_a_date_without_offset_is_the_institutions_time(actors):
    response = actors.api_clients.hospital.http.get(
        "/api/v1/availability/", {"start": "2030-01-01T09:00"}
    )
    assert response.status_code == 200


def _hold_with_patient(actors, patient: dict) -> dict:
    slot = actors.neuro_agenda.slots.order_by("start").last()
    appointment = {
        "resourceType": "Appointment",
        "slot": [{"reference": f"Slot/{slot.pk}"}],
        "reasonCode": [{"coding": [{"code": str(actors.first_visit.pk)}]}],
        "contained": [
            {
                "resourceType": "Patient",
                "name": [{"family": "Lambert", "given": ["Zoé"]}],
                "birthDate": "1990-04-12",
                **patient,
            }
        ],
    }
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "appointment", "resource": appointment}],
    }


@pytest.mark.parametrize(
    "patient",
    [
        {"telecom": {"system": "email", "value": "zoe@example.org"}},
        {"telecom": 5},
        {"telecom": "zoe@example.org"},
        {"telecom": [{"system": "email", "value": 5}]},
        {"telecom": [{"system": "phone", "value": ["06"]}]},
        {"name": {"family": "Lambert"}},
        {"name": "Lambert"},
        {"name": [{"family": 5, "given": ["Zoé"]}]},
        {"name": [{"family": "Lambert", "given": "Zoé"}], "birthDate": 1990},
        {"birthDate": "0001-01-01"},
        {"birthDate": "9999-12-31"},
        {"birthDate": None},
    ],
)
def test_a_contained_patient_of_the_wrong_shape_is_an_operation_outcome(actors, patient):
    body = _hold_with_patient(actors, patient)
    response = _post_raw(actors, "/fhir/Appointment/$hold", json.dumps(body), FHIR_JSON)
    if response.status_code == 200:  # a string is a list of characters to FHIR's reader
        assert patient.get("name") or patient.get("telecom") == "zoe@example.org"
        return
    assert response.status_code == 400, (patient, response.content)
    _structured(response, "/fhir/")
    assert not Booking.objects.exists()


@pytest.mark.parametrize("value", ["cardio\x00logie", "\ud800", "a" * 5000, {"code": "\udfff"}])
def test_a_hostile_service_type_in_find_is_an_operation_outcome(actors, value):
    body = {
        "resourceType": "Parameters",
        "parameter": [{"name": "service-type", "valueCode": value}],
    }
    response = _post_raw(actors, "/fhir/Appointment/$find", json.dumps(body), FHIR_JSON)
    assert response.status_code == 400, response.content
    _structured(response, "/fhir/")


def test_nul_in_a_search_parameter_is_a_structured_400(actors):
    for path in ("/api/v1/availability/", "/fhir/Slot"):
        response = actors.api_clients.hospital.http.get(
            path, {"service-type": "a\x00", "specialty": "a\x00"}
        )
        assert response.status_code == 400
        _structured(response, path)
