"""The institution hosts everything: no other origin on any page, a strict
Content-Security-Policy everywhere, and no redirect that leaves the site."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from scheduling.selectors.links import manage_path
from scheduling.selectors.search import free_slots
from tests import factories as f

pytestmark = pytest.mark.django_db
URL_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data", "formaction"}


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.urls.append(value)
            if name == "style":
                self.urls.append("inline-style")


def _foreign(urls: list[str]) -> list[str]:
    return [
        url
        for url in urls
        if url == "inline-style"
        or re.match(r"^(https?:)?//", url)
        and not re.match(r"^https?://testserver/", url)
    ]


@pytest.fixture
def pages(client, actors):
    slot = free_slots(reason=actors.first_visit).first()
    from scheduling.services import booking as service

    booking, _ = service.hold(
        slot=slot,
        reason=actors.first_visit,
        patient=f.patient(),
        returning=False,
        maker="web:test",
    )
    # Outside the cancellation cutoff: its move page lists times (inside, it
    # sends back to the appointment's page).
    later = timezone.now() + datetime.timedelta(days=3)
    confirmed = service.book(
        slot=free_slots(reason=actors.first_visit, start=later).first(),
        reason=actors.first_visit,
        patient=f.patient(),
        channel="web",
        returning=False,
    )
    return [
        "/",
        "/?q=neuro",
        "/en/",
        "/specialties/neurochirurgie/",
        f"/establishments/{actors.hospital.finess}/",
        f"/practitioners/{actors.neurosurgeon.rpps}/",
        f"/book/{free_slots().first().pk}/",
        f"/book/confirm/{booking.public_id}/",
        manage_path(confirmed),
        manage_path(confirmed) + "move/",
        "/privacy/",
        "/no-such-page/",
        "/admin/login/",
    ]


def test_every_page_carries_a_strict_content_security_policy(client, pages):
    for url in pages:
        response = client.get(url)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "frame-ancestors 'none'" in policy, url


def test_no_page_references_another_origin(client, pages):
    for url in pages:
        parser = _References()
        parser.feed(client.get(url).content.decode())
        assert parser.urls, url
        assert _foreign(parser.urls) == [], url


def test_no_inline_script_on_public_pages(client, pages):
    for url in pages:
        if url.startswith("/admin/"):
            continue
        assert "<script" not in client.get(url).content.decode(), url


def test_stylesheets_load_nothing_from_elsewhere():
    for css in Path(settings.BASE_DIR, "static").rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response.url.startswith(("http", "//"))


def test_admin_login_never_redirects_off_site(client):
    f.user("secretaire")
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "secretaire", "password": "pw", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and not response.url.startswith(("http", "//"))
