"""A patient sees all their appointments to come, and their data, from one
link sent to the address they booked with (no account): asked with the
address and the birth date, signed, expiring, and telling nobody else who
is a patient."""

import json
import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from scheduling.selectors.links import booking_from_token, person_path
from scheduling.services import rights
from scheduling.services.booking import cancel
from tests import factories as f

pytestmark = pytest.mark.django_db

ASK = "/my/"


def _link_from_outbox() -> str:
    return re.search(r"https?://\S+(/my/\S+/)", mail.outbox[-1].body).group(1)


def test_the_patient_asks_and_gets_a_link_listing_every_appointment_to_come(client, durand_file):
    later = f.booking(f.slot(durand_file.agenda), patient=durand_file.alex)
    sent = len(mail.outbox)
    response = client.post(ASK, {"email": "ALEX.durand@example.org", "birth_date": "1980-05-17"})
    assert response.status_code == 302
    assert len(mail.outbox) == sent + 1
    assert mail.outbox[-1].to == ["alex.durand@example.org"]
    page = client.get(_link_from_outbox())
    assert page.status_code == 200
    shown = [booking for booking, _token in page.context["appointments"]]
    assert shown == [durand_file.future, later]
    tokens = re.findall(r'href="/appointment/([^/"]+)/"', page.content.decode())
    assert [booking_from_token(token) for token in tokens] == shown
    assert "Cache-Control" in page and "no-cache" in page["Cache-Control"]


def test_an_unknown_address_or_wrong_birth_date_gets_the_same_answer_and_no_mail(
    client, durand_file
):
    sent = len(mail.outbox)
    answers = [
        _without_csrf(client.post(ASK, data, follow=True).content.decode())
        for data in (
            {"email": "nobody@example.org", "birth_date": "1980-05-17"},
            {"email": "alex.durand@example.org", "birth_date": "1981-05-17"},
        )
    ]
    assert len(mail.outbox) == sent
    assert "If we hold appointments for this address" in answers[0]
    known = {"email": "alex.durand@example.org", "birth_date": "1980-05-17"}
    answers.append(_without_csrf(client.post(ASK, known, follow=True).content.decode()))
    assert len(mail.outbox) == sent + 1
    assert answers[0] == answers[1] == answers[2]


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_the_link_shows_the_data_and_the_json_of_that_address_only(client, durand_file):
    path = person_path(durand_file.alex)
    token = path.strip("/").split("/")[-1]
    page = client.get(reverse("public:my_data", args=[token]))
    assert page.status_code == 200
    assert "alex.durand@example.org" in page.content.decode()
    data = json.loads(client.get(reverse("public:my_data_json", args=[token])).content)
    assert [r["email"] for r in data["records"]] == ["alex.durand@example.org"]
    assert "alex@work.example.org" not in json.dumps(data)  # another address, another mailbox


def test_a_forged_expired_or_erased_link_is_a_404(client, durand_file, settings, monkeypatch):
    path = person_path(durand_file.alex_work)
    assert client.get(path).status_code == 200
    assert client.get(path[:-3] + "xx/").status_code == 404
    assert client.get("/my/not-a-token/data.json").status_code == 404
    settings.PERSON_LINK_HOURS = 1
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() + 2 * 3600)
    assert client.get(path).status_code == 404
    monkeypatch.undo()
    cancel(durand_file.future, reason="moving", by=durand_file.officer)
    rights.erase(durand_file.alex, reason="request", by=durand_file.officer)
    assert client.get(path).status_code == 404
