"""Helpers that several test modules share, in one place: a test module never
imports another test module (tests/rules/test_test_imports.py checks it).

Objects are made by tests/factories.py; the named actors are tests/actors.py.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from django.core import mail
from django.core.signals import got_request_exception
from django.test import Client
from django.utils import timezone

if TYPE_CHECKING:
    from interfaces.models import Endpoint
    from scheduling.models import Booking, Slot

# --- time ------------------------------------------------------------------------


def in_hours(hours: float) -> datetime.datetime:
    """Now, to the second, plus `hours`."""
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)


# --- the staff's and practitioners' screens ---------------------------------------


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def messages_of(response) -> str:
    """The messages (django.contrib.messages) a page shows, in one string."""
    return " ".join(str(m) for m in response.context["messages"])


def caller(**overrides) -> dict:
    """The phone booking form's caller: a new patient, Jeanne Morel."""
    return {
        "last_name": "Morel",
        "first_name": "Jeanne",
        "birth_date": "1950-02-03",
        "phone": "01 45 67 89 10",
        "email": "",
        "seen_before": "new",
        **overrides,
    }


# --- the call centre's console ------------------------------------------------------

CONSOLE = "/call-centre/"
NEW_CALLER = {
    "patient": "new",
    "last_name": "Morel",
    "first_name": "Jeanne",
    "birth_date": "1950-02-03",
    "phone": "01 45 67 89 10",
}


# --- the public site ---------------------------------------------------------------


def booking_form(world, **overrides) -> dict:
    """The public booking form, filled for Alex Durand, new, with world["first"]."""
    return {
        "reason": world["first"].pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Alex",
        "last_name": "Durand",
        "birth_date": "1980-05-17",
        "email": "alex.durand@example.org",
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": overrides.pop("form_token", "token-1"),
        **overrides,
    }


def first_slot(world) -> Slot:
    """The first free slot three days ahead: outside the cancellation cutoff."""
    from scheduling.selectors.search import free_slots

    later_ = timezone.now() + datetime.timedelta(days=3)
    return free_slots(reason=world["first"], start=later_).first()


def code_from_outbox() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].subject).group(1)


def book_and_confirm(client: Client, world) -> Booking:
    from scheduling.models import Booking

    slot = first_slot(world)
    response = client.post(f"/book/{slot.pk}/", booking_form(world))
    assert response.status_code == 302
    response = client.post(response.url, {"code": code_from_outbox()})
    assert response.status_code == 302
    return Booking.objects.get(slot=slot)


# --- the REST API ------------------------------------------------------------------


class ApiCaller:
    """A system calling the API with its bearer token (Django's test client)."""

    def __init__(self, token: str):
        self.token = token
        self.http = Client()

    def _headers(self, key: str | None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"}
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def get(self, path: str, params: dict | None = None):
        return self.http.get(path, params or {}, headers=self._headers(None))

    def post(self, path: str, body: dict, *, key: str | None = None, content_type=None):
        return self.http.post(
            path,
            body,
            content_type=content_type or "application/json",
            headers=self._headers(key),
        )


def patient_body(**overrides) -> dict:
    return {
        "first_name": "Zoé",
        "last_name": "Lambert",
        "birth_date": "1990-04-12",
        "email": "zoe@example.org",
        "phone": "06 12 34 56 78",
        **overrides,
    }


# --- FHIR ----------------------------------------------------------------------------

FHIR_JSON = "application/fhir+json"


def valid(response, kind: str | None = None) -> dict:
    """The response's body, after checking it is the FHIR resource it says it is."""
    from fhir.resources.R4B import get_fhir_model_class

    assert response["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    model = get_fhir_model_class(body["resourceType"])
    model.model_validate(body)  # raises on anything R4B does not allow
    if kind:
        assert body["resourceType"] == kind, body
    return body


def fhir_get(world, path, params=None, api="api"):
    return world[api].http.get(
        f"/fhir/{path}",
        params or {},
        headers={"Authorization": f"Bearer {world[api].token}", "Accept": FHIR_JSON},
    )


def fhir_post(world, path, body, api="api", key=None):
    headers = {"Authorization": f"Bearer {world[api].token}", "Accept": FHIR_JSON}
    if key:
        headers["Idempotency-Key"] = key
    return world[api].http.post(
        f"/fhir/{path}", json.dumps(body), content_type=FHIR_JSON, headers=headers
    )


def find(world, count=2) -> list[dict]:
    """Appointment/$find for world["first"] from two days ahead: the proposals."""
    in_two_days = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    body = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "start", "valueDateTime": in_two_days},
            {"name": "reason-code", "valueCode": str(world["first"].pk)},
            {"name": "_count", "valueInteger": count},
        ],
    }
    bundle = valid(fhir_post(world, "Appointment/$find", body), "Bundle")
    return [entry["resource"] for entry in bundle["entry"]]


def with_patient(appointment: dict) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": "p",
        "name": [{"family": "Lambert", "given": ["Zoé"]}],
        "birthDate": "1990-04-12",
        "telecom": [{"system": "email", "value": "zoe@example.org"}],
    }
    participants = [
        *appointment["participant"],
        {"actor": {"reference": "#p"}, "status": "accepted"},
    ]
    return {**appointment, "contained": [patient], "participant": participants}


def parameters(appointment: dict) -> dict:
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "appointment", "resource": appointment}],
    }


# --- the hospital information systems ------------------------------------------------


def mllp_endpoint(address: str) -> Endpoint:
    """The patient administration system (GAM) listening over MLLP at `address`."""
    from interfaces.models import Endpoint

    return Endpoint.objects.create(
        name="GAM", kind="mllp", address=address, receiving_application="GAM"
    )


# --- task workers ---------------------------------------------------------------------


class Workers:
    """Real `manage.py db_worker` processes, logging into `folder`, that a test
    kills (SIGKILL) and keeps alive (starts again), as systemd does."""

    def __init__(self, folder: Path):
        self.folder, self.processes, self.stopping = folder, {}, False
        self.kills = 0

    def start(self, worker: str) -> None:
        from tests.deploy.servers import ROOT, database_url

        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "TASK_HEARTBEAT_SECONDS": "1",
            "INTERFACE_TIMEOUT_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "manage.py", "db_worker", "--worker-id", worker]
        command += ["--interval", "0.2", "--no-startup-delay", "--no-reload", "--skip-checks"]
        with (self.folder / f"{worker}.log").open("ab") as log:
            self.processes[worker] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def kill_all(self) -> None:
        for process in list(self.processes.values()):
            process.send_signal(signal.SIGKILL)
            process.wait()
        self.kills += 1

    def keep_alive(self) -> None:
        while not self.stopping:
            for worker, process in list(self.processes.items()):
                if process.poll() is not None and not self.stopping:
                    self.start(worker)
            time.sleep(0.1)

    def stop(self) -> None:
        self.stopping = True
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(30)


# --- the browser (Playwright's page) ---------------------------------------------------

# htmx swaps #board in place (no navigation to wait for): the page marks the
# board, or the body, before an action and waits until a new one replaced it.
_MARK = "(document.getElementById('board') || document.body).dataset.stale = '1'"
_REPLACED = "() => !(document.getElementById('board') || document.body).dataset.stale"


def answered(page, action) -> None:
    """Run `action` (a click, a key) and wait for the page it brings."""
    page.evaluate(_MARK)
    action()
    page.wait_for_function(_REPLACED)
    page.wait_for_load_state()


class Clicks:
    """Clicks the user makes, counted (typing in a field is not a click)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector: str, *, answers: bool = True) -> None:
        target = self.page.locator(selector).first
        if answers:
            answered(self.page, target.click)
        else:
            target.click()
        self.count += 1


def sign_in(page, url: str, username: str) -> None:
    """Sign in on the login page at `url` and wait for the page it leads to."""
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw")
    answered(page, lambda: page.locator("input[name=password]").press("Enter"))


def sign_in_without_waiting(page, url: str, username: str) -> None:
    """Sign in on the login page at `url`; the caller waits for what it expects."""
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw")
    page.locator("input[name=password]").press("Enter")


# --- the fuzz --------------------------------------------------------------------------


class LeanClient(Client):
    """Django's test client without the template instrumentation: it copies
    every template context of every page, which would make the fuzz slow.
    Exceptions still propagate: a server error fails the test with its traceback."""

    def request(self, **request):
        environ = self._base_environ(**request)
        uid = f"request-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        self.check_exception(response)
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


class FuzzFigures:
    """What a fuzz run sent and received, for the session's closing report."""

    def __init__(self) -> None:
        self.sent: Counter = Counter()  # requests sent, per endpoint
        self.answers: Counter = Counter()  # status codes received


FUZZ_FIGURES = {"fuzz": FuzzFigures(), "json fuzz": FuzzFigures()}
