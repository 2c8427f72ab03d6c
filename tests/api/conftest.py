import pytest
from django.test import Client

from scheduling.services.api_clients import create_client
from tests import factories as f


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


@pytest.fixture
def api_world(clinic_world):
    """clinic_world, plus: the hospital's patient administration (read and
    book, scoped to the hospital), another hospital with its own agenda and
    its own client, and a read-only client."""
    world = dict(clinic_world)
    other_hospital = f.establishment(name="Hôpital Nord", city="Lille")
    other_department = f.department(other_hospital, name="Cardiologie")
    other_agenda = f.agenda(f.practitioner(last_name="Cardio"), other_department)
    world["other_reason"] = f.reason(other_agenda, minutes=20, label="Consultation")
    world["other_slot"] = f.slot(other_agenda)
    world["other_hospital"] = other_hospital
    world["pas"], token = create_client(
        name="PAS Pitié", establishments=[world["hospital"]], can_read=True, can_book=True
    )
    world["api"] = ApiCaller(token)
    world["nord"], nord_token = create_client(
        name="PAS Nord", establishments=[other_hospital], can_read=True, can_book=True
    )
    world["nord_api"] = ApiCaller(nord_token)
    _reader, reader_token = create_client(name="Annuaire", establishments=[world["hospital"]])
    world["reader_api"] = ApiCaller(reader_token)
    return world


def patient_body(**overrides) -> dict:
    return {
        "first_name": "Zoé",
        "last_name": "Lambert",
        "birth_date": "1990-04-12",
        "email": "zoe@example.org",
        "phone": "06 12 34 56 78",
        **overrides,
    }
