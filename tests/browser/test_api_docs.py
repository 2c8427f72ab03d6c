"""The API's interactive docs load in Chromium from the institution's own
origin only, under the strict Content-Security-Policy (no inline code)."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.strict_csp]


def test_the_api_docs_load_from_our_origin_under_the_csp(page, live_server):
    origin = urlsplit(live_server.url).netloc
    requested, refused = [], []
    page.on("request", lambda request: requested.append(urlsplit(request.url).netloc))
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Hospital scheduling API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("text=/api/v1/bookings/")
    assert set(requested) == {origin}
    assert refused == []
