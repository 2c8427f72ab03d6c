"""Property-based fuzzing of every public, staff and portal form and URL parameter.

For each endpoint of tests/fuzz/catalogue.py, hypothesis generates requests
where each path parameter and field is a valid value of the world, missing,
or anything else (tests/fuzz/strategies.py), one field at a time or all at
once. Every request must be answered without a server error (the test client
raises the view's exception, so a 500 fails with its traceback and the input
that caused it), and a request the site refuses (a 4xx, a form shown again,
an error message) must change nothing: the rows of every table that matters,
the audit trail and the sessions are counted before and after.

The examples are derandomized, so CI sends the same requests every time;
FUZZ_EXAMPLES sets how many per endpoint (the default sends over 5,000 per database).
"""

import os
from urllib.parse import quote

import pytest
from django.contrib import admin, messages
from django.db import connection
from django.test import Client
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.staff.urls import staff_urlpatterns
from tests.fuzz.catalogue import ENDPOINTS, Endpoint
from tests.fuzz.strategies import nasty
from tests.fuzz.world import FuzzWorld
from tests.helpers import FUZZ_FIGURES, LeanClient

pytestmark = pytest.mark.django_db

DEFAULT_EXAMPLES = 72  # per endpoint: over 5,000 requests in all (some have fewer inputs)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
SENT = FUZZ_FIGURES["fuzz"].sent  # requests sent, per endpoint
ANSWERS = FUZZ_FIGURES["fuzz"].answers  # status codes received

# The tables a refused request must leave as they were (django-axes's own
# tables are not among them: a refused login is recorded, by design).
COUNTED = [
    "hospital_establishment",
    "hospital_department",
    "hospital_practitioner",
    "hospital_affiliation",
    "scheduling_agenda",
    "scheduling_visitreason",
    "scheduling_openingrule",
    "scheduling_openingrule_reasons",
    "scheduling_absence",
    "scheduling_slot",
    "scheduling_patient",
    "scheduling_booking",
    "scheduling_calendarfeed",
    "auth_user",
    "django_session",
    "django_admin_log",
]
# The audit trail: PostgreSQL queues events until COMMIT, which tests never reach.
TRAIL = {"sqlite": ["audit_event"], "postgresql": ["audit_event", "audit_pending"]}


def _snapshot() -> dict[str, object]:
    """Row counts, the sum of booking statuses' lengths and slot statuses (an
    update shows), in one query."""
    tables = COUNTED + TRAIL[connection.vendor]
    columns = [f"(SELECT COUNT(*) FROM {table})" for table in tables]
    columns += [
        "(SELECT COALESCE(SUM(LENGTH(status)), 0) FROM scheduling_booking)",
        "(SELECT COALESCE(SUM(LENGTH(status)), 0) FROM scheduling_slot)",
        "(SELECT COALESCE(SUM(duration_minutes), 0) FROM scheduling_visitreason)",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = cursor.fetchone()
    names = tables + ["booking statuses", "slot statuses", "reason durations"]
    return dict(zip(names, row, strict=True))


def _refused(endpoint: Endpoint, response) -> bool:
    if response.status_code >= 400:
        return True
    if endpoint.method == "POST" and response.status_code == 200 and not endpoint.answers_in_place:
        return True  # the form is shown again, with its errors
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)


@st.composite
def _requests(draw, endpoint: Endpoint, world: FuzzWorld):
    """(path, data): every value valid but one, or anything anywhere."""
    params, fields = endpoint.params(world), endpoint.fields(world)
    names = list(params) + list(fields)
    one_bad = draw(st.sampled_from([None, *names])) if names else None
    anything = draw(st.booleans())

    def value(name: str, valid: list):
        strategy = st.sampled_from([str(v) for v in valid]) if valid else nasty
        if anything:
            return draw(st.one_of(strategy, nasty, st.none()))
        if name == one_bad:
            return draw(st.one_of(nasty, st.none()))
        return draw(strategy)

    path_values = {name: value(name, valid) for name, valid in params.items()}
    path = endpoint.path.format(
        **{name: quote(v if v is not None else "", safe="") for name, v in path_values.items()}
    )
    data: dict[str, object] = dict(endpoint.fixed)
    for name, valid in fields.items():
        chosen = value(name, valid)
        if chosen is None:
            continue
        if name in endpoint.lists:
            data[name] = [
                chosen,
                *draw(st.lists(st.sampled_from([str(v) for v in valid]), max_size=2)),
            ]
        else:
            data[name] = chosen
    return path, data


@pytest.fixture
def clients(fuzz_world) -> dict[str, Client]:
    made = {"anonymous": LeanClient()}
    for who, user in fuzz_world.users.items():
        made[who] = LeanClient()
        made[who].force_login(user)
    made["api"] = LeanClient(headers={"Authorization": f"Bearer {fuzz_world.api_token}"})
    return made


def _client(clients: dict[str, Client], endpoint: Endpoint, world: FuzzWorld) -> Client:
    if endpoint.name == "portal logout":  # logs its client out: a fresh one each time
        fresh = LeanClient()
        fresh.force_login(world.users["practitioner"])
        return fresh
    return clients[endpoint.who]


def _fuzz(endpoint: Endpoint, world: FuzzWorld, clients: dict[str, Client]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=_requests(endpoint, world))
    def send(request):
        path, data = request
        client = _client(clients, endpoint, world)
        before = _snapshot()
        send_as = client.post if endpoint.method == "POST" else client.get
        response = send_as(path, data)
        SENT[endpoint.name] += 1
        ANSWERS[response.status_code] += 1
        assert response.status_code < 500, (path, data)
        if _refused(endpoint, response):
            after = _snapshot()
            if endpoint.refusal_writes:  # and the trail records what it changed
                for name in [*endpoint.refusal_writes, *TRAIL[connection.vendor]]:
                    before.pop(name), after.pop(name)
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            assert not changed, (path, data, response.status_code, changed)

    send()


def test_no_input_causes_a_server_error_and_a_refusal_changes_nothing(fuzz_world, clients):
    """Every endpoint in turn, on one world that the accepted requests change
    as they go (a cancelled booking, a new rule): one world for all keeps the
    run to a few minutes. Every failing endpoint is reported, with its input."""
    failures = []
    for endpoint in ENDPOINTS:
        try:
            _fuzz(endpoint, fuzz_world, clients)
        except Exception as failure:  # reported below, with hypothesis's example
            failures.append(f"--- {endpoint.name}: {failure!r}"[:3000])
    assert not failures, "\n".join(failures)


def test_the_fuzz_sent_thousands_of_requests_and_no_server_error():
    """Run with the module: the figures of the whole fuzz run."""
    total = sum(SENT.values())
    print(f"\nfuzz: {total} requests over {len(SENT)} endpoints; answers {dict(ANSWERS)}")
    assert len(SENT) == len(ENDPOINTS), "run the whole module to count"
    assert total >= 5000 * EXAMPLES // DEFAULT_EXAMPLES
    assert not any(code >= 500 for code in ANSWERS)


def test_every_url_of_the_site_is_in_the_catalogue():
    covered = {name for endpoint in ENDPOINTS for name in endpoint.covers}
    named = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                named.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    staff = {f"admin:{pattern.name}" for pattern in staff_urlpatterns(admin.site)}
    ours = {n for n in named if n.startswith(("public:", "portal:", "portal_", "call_centre:"))}
    ours |= staff
    ours |= {"admin_routing_report", "set_language"}
    assert ours <= named and ours - covered == set()
