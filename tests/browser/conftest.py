"""Real headless Chromium (Debian's package) driven by Playwright, on a live server.

Without Chromium the browser tests skip on a developer's machine and fail in
CI (CI=true), where .ci/run installs it.
"""

import os
import shutil

import pytest

from tests.helpers import ARTIFACTS, AXE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required for the browser tests in CI")
    pytest.skip(f"{what} not installed (make test installs axe-core; apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        _missing("chromium")
    if not AXE.exists():
        _missing("axe-core (npm)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, request):
    # bypass_csp lets the test inject axe-core; the CSP itself is checked by
    # test_first_party and by test_pages_load_nothing_blocked_by_the_csp.
    context = browser.new_context(bypass_csp=request.node.get_closest_marker("strict_csp") is None)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(autouse=True)
def language(settings):
    """The site as deployed: French by default, English under /en/."""
    settings.LANGUAGE_CODE = "fr"
    yield "fr"
