"""No working private link nor secret in any log: gunicorn's access and error
lines, Django's own lines, and the admin's change log (django_admin_log).
The request stays traceable: its route, status and request id are kept."""

import datetime
import json
import logging
import secrets

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import User
from django.utils import timezone

from config.log_redaction import REDACTED, RedactSecretsFilter, redact
from scheduling.ics import issue_feed_token
from scheduling.models import Booking
from scheduling.selectors.links import manage_path, manage_token, offer_path
from tests import factories as f
from tests.deploy.servers import Browser, database_url, gunicorn


def _booking(actors) -> Booking:
    slot = actors.neuro_agenda.slots.filter(start__gt=timezone.now() + datetime.timedelta(days=2))
    return f.booking(
        slot.order_by("start").first(), actors.first_visit, channel=Booking.Channel.PHONE
    )


@pytest.mark.django_db
def test_every_private_link_and_secret_is_redacted(actors):
    booking = _booking(actors)
    token, feed = manage_token(booking), issue_feed_token(actors.neurosurgeon)
    offer = offer_path(booking).rstrip("/").rsplit("/", 1)[-1]
    lines = {
        f"GET /appointment/{token}/ 200": f"GET /appointment/{REDACTED}/ 200",
        f"GET /en/appointment/{token}/cancel/ 302": f"GET /en/appointment/{REDACTED}/cancel/ 302",
        f"Not Found: /appointment/{token}/calendar.ics": (
            f"Not Found: /appointment/{REDACTED}/calendar.ics"
        ),
        f"POST /waitlist/offer/{offer}/ 200": f"POST /waitlist/offer/{REDACTED}/ 200",
        f"GET /en/waitlist/leave/{offer}/ 200": f"GET /en/waitlist/leave/{REDACTED}/ 200",
        f"GET /portal/calendar/{feed}.ics 200": f"GET /portal/calendar/{REDACTED}.ics 200",
        "GET /x/?token=abc.def&q=Lefort": f"GET /x/?token={REDACTED}&q=Lefort",
        "Authorization: Bearer hsa_AbCdEf123456_-xyz": f"Authorization: Bearer {REDACTED}",
        "client hsa_AbCdEf123456_-xyz refused": f"client hsa_{REDACTED} refused",
        "GET /api/v1/bookings/ 201": "GET /api/v1/bookings/ 201",
    }
    for line, expected in lines.items():
        assert redact(line) == expected


def test_the_filter_redacts_the_message_its_arguments_and_the_traceback():
    token = "ImFiYzEyMyI:1vAbCd:Zx9-signature_value"
    try:
        raise ValueError(f"bad link /appointment/{token}/")
    except ValueError:
        record = logging.LogRecord(
            "gunicorn.access",
            logging.INFO,
            __file__,
            1,
            "%(U)s %(s)s",
            {"U": f"/appointment/{token}/", "s": "200"},
            None,
        )
        import sys

        record.exc_info = sys.exc_info()
    assert RedactSecretsFilter().filter(record)
    assert record.getMessage() == f"/appointment/{REDACTED}/ 200"
    assert token not in record.exc_text and "ValueError" in record.exc_text


@pytest.mark.django_db
def test_the_admins_change_log_keeps_no_token(actors):
    booking = _booking(actors)
    path = manage_path(booking)
    admin = User.objects.create(username="root", is_staff=True, is_superuser=True)
    entry = LogEntry.objects.create(
        user=admin,
        object_id="1",
        object_repr=f"link {path}",
        action_flag=DELETION,
        change_message=json.dumps([{"changed": {"fields": [f"hsa_{'x' * 20}"]}}]),
    )
    entry.refresh_from_db()
    assert manage_token(booking) not in entry.object_repr
    assert REDACTED in entry.object_repr and "x" * 20 not in entry.change_message


@pytest.mark.django_db(transaction=True)
def test_gunicorn_logs_the_private_links_request_without_its_token(tmp_path, actors, settings):
    """gunicorn as deployed: a patient opens their link; the access line is
    there (path, status, request id), the token is not, anywhere in the log."""
    settings.SECRET_KEY = secrets.token_urlsafe(64)  # the server's: it signs the link
    booking = _booking(actors)
    token = manage_token(booking)
    with gunicorn(
        tmp_path, DATABASE_URL=database_url(), GUNICORN_WORKERS="1", SECRET_KEY=settings.SECRET_KEY
    ) as port:
        browser = Browser(port)
        opened = browser.get(f"/appointment/{token}/")
        forged = browser.get(f"/appointment/{token}x/")  # a 404: Django logs its path
        assert opened.status == 200, opened.body[:500]
        assert forged.status == 404
    log = (tmp_path / "gunicorn.log").read_text()
    access = [
        json.loads(line)
        for line in log.splitlines()
        if line.startswith("{") and "/appointment/" in line
    ]
    messages = [line["message"] for line in access if line.get("logger") == "gunicorn.access"]
    assert any(f"GET /appointment/{REDACTED}/ 200" in m for m in messages), log[-3000:]
    assert any(f"GET /appointment/{REDACTED}/ 404" in m for m in messages), log[-3000:]
    assert any(line.get("logger") == "django.request" for line in access), log[-3000:]
    assert token not in log
    assert token.split(":")[-1] not in log  # not even its signature
