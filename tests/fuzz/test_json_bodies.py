"""Property-based fuzzing of every JSON write of the REST API and FHIR, and of
their searches' parameters, with hostile values (tests/fuzz/json_bodies.py).

Every answer must be a structured 4xx or a success — REST's
{"code", "message"}, FHIR's OperationOutcome — never a 5xx (the test client
raises the view's exception, so a 500 fails with its traceback and the
input), and a refused request must leave the bookings as they were. The run
prints how many requests it made: at least 5,000 per database by default
(FUZZ_JSON_EXAMPLES per operation).
"""

import json
import os
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.json_bodies import (
    HOSTILE_TEXT,
    fhir_parameters,
    from_schema,
    spoiled,
)
from tests.fuzz.world import FuzzWorld
from tests.helpers import FUZZ_FIGURES, LeanClient

pytestmark = pytest.mark.django_db

DEFAULT_EXAMPLES = 640  # per write operation (a quarter per search): over 5,000 requests in all
EXAMPLES = int(os.environ.get("FUZZ_JSON_EXAMPLES", DEFAULT_EXAMPLES))
SENT = FUZZ_FIGURES["json fuzz"].sent  # requests sent, per endpoint
ANSWERS = FUZZ_FIGURES["json fuzz"].answers  # status codes received


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str  # {public_id}: a booking in scope, one of another scope, or none at all
    content_type: str = "application/json"


def _schema_bodies(world: FuzzWorld) -> dict[str, st.SearchStrategy]:
    """The request body of every REST POST, from the published OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    known = {"slot": world.slot + world.other_slot, "reason": world.reason}
    bodies = {}
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if post:
            body = post["requestBody"]["content"]["application/json"]["schema"]
            bodies[path] = from_schema(body, components, known)
    return bodies


def _operations(world) -> list[tuple[Operation, st.SearchStrategy]]:
    rest = [
        (Operation(f"REST POST {path}", "POST", path), body)
        for path, body in _schema_bodies(world).items()
    ]
    assert len(rest) == 4, [op.path for op, _body in rest]  # book, cancel, move, outcome
    fhir = [
        (
            Operation(f"FHIR {operation}", "POST", f"/fhir/Appointment/{operation}", content),
            fhir_parameters(world, operation),
        )
        for operation in ("$find", "$hold", "$book")
        for content in ("application/fhir+json",)
    ]
    return rest + fhir


_SEARCHES = {
    "/api/v1/availability/": [
        "specialty",
        "establishment",
        "department",
        "practitioner",
        "reason",
        "start",
        "end",
        "limit",
    ],
    "/fhir/Slot": ["schedule", "start", "status", "service-type", "_count"],
    "/fhir/Appointment": ["patient", "date", "status", "_count"],
    "/fhir/Schedule": ["actor", "_count"],
}
# A search parameter's value: as a client means it, or hostile (no surrogate:
# a URL cannot carry one; the NUL byte is refused before any view).
_SEARCH_VALUE = st.one_of(
    st.sampled_from(
        [
            "2027-01-05",
            "ge2027-01-05",
            "lt2027-02-01T00:00:00Z",
            "1",
            "free",
            "cardiologie",
            "Schedule/1",
            "Patient/x",
            "20",
        ]
    ),
    st.sampled_from([t for t in HOSTILE_TEXT if not any("\ud800" <= c <= "\udfff" for c in t)]),
    st.sampled_from(["ge", "gt", "le", "lt", "eq", "xx"]).flatmap(
        lambda prefix: st.sampled_from(
            ["0001-01-01", "9999-12-31T23:59:59", "2026-03-01T09:00+99:00", "2027-13-01"]
        ).map(lambda day: prefix + day)
    ),
    st.text(max_size=20),
)


def _path(op: Operation, world: FuzzWorld, pick: int) -> str:
    if "{public_id}" not in op.path:
        return op.path
    choices = [*world.public_id, str(uuid.uuid4()), "not-a-uuid"]
    return op.path.replace("{public_id}", quote(choices[pick % len(choices)], safe=""))


def _bookings_state() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(status)), 0), COALESCE(SUM(slot_id), 0) "
            "FROM scheduling_booking"
        )
        return cursor.fetchone()


def _check(response, path: str, endpoint: str) -> None:
    SENT[endpoint] += 1
    ANSWERS[response.status_code] += 1
    assert response.status_code < 500, (path, response.status_code)
    if response.status_code >= 400:
        body = json.loads(response.content)
        if path.startswith("/fhir/"):
            assert body["resourceType"] == "OperationOutcome", (path, body)
        else:
            assert {"code", "message"} <= set(body), (path, body)


@pytest.fixture
def api(fuzz_world, settings) -> LeanClient:
    settings.API_RATE = "100000000/m"
    settings.API_OPEN_HOLDS_PER_CLIENT = 10**6
    return LeanClient(headers={"Authorization": f"Bearer {fuzz_world.api_token}"})


def _fuzz_writes(op: Operation, valid, world: FuzzWorld, api: LeanClient) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(raw=spoiled(valid), pick=st.integers(0, 5))
    def send(raw: bytes, pick: int):
        path = _path(op, world, pick)
        before = _bookings_state()
        response = api.generic(op.method, path, raw, content_type=op.content_type)
        _check(response, path, op.name)
        if response.status_code >= 400:
            assert _bookings_state() == before, (path, raw[:300], response.status_code)

    send()


def _fuzz_search(path: str, names: list[str], api: LeanClient) -> None:
    @settings(
        max_examples=EXAMPLES // 4,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(params=st.dictionaries(st.sampled_from(names), _SEARCH_VALUE, max_size=len(names)))
    def send(params: dict):
        _check(api.get(path, params), path, f"GET {path}")

    send()


def test_no_json_body_nor_search_causes_a_server_error(fuzz_world, api):
    failures = []
    for op, valid in _operations(fuzz_world):
        try:
            _fuzz_writes(op, valid, fuzz_world, api)
        except Exception as failure:  # every failing operation reported, with its input
            failures.append(f"--- {op.name}: {failure!r}"[:3000])
    for path, names in _SEARCHES.items():
        try:
            _fuzz_search(path, names, api)
        except Exception as failure:
            failures.append(f"--- GET {path}: {failure!r}"[:3000])
    total = sum(SENT.values())
    print(
        f"\njson fuzz ({connection.vendor}): {total} requests, "
        f"{sum(n for code, n in ANSWERS.items() if code >= 500)} answered 5xx; "
        f"answers by status: {dict(sorted(ANSWERS.items()))}"
    )
    assert not failures, "\n".join(failures)
    assert total >= 5000 * EXAMPLES // DEFAULT_EXAMPLES
    assert not any(code >= 500 for code in ANSWERS)
