import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_report_header(config):
    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


@pytest.fixture(autouse=True)
def _bookings_removed_before_flush(request):
    """Tests that commit for real end with a flush of every table. SQLite's flush
    deletes rows table by table, and the institution rule rightly refuses to
    delete an affiliation that upcoming bookings depend on; so bookings go first."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM scheduling_booking")
