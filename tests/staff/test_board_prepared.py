"""The board's queries run at every view are planned once per connection on
PostgreSQL (config/prepared.py, issue 23); Django's own are not prepared."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from config.prepared import prepared_cursor
from scheduling.selectors.worklist import soonest_to_rebook

pytestmark = pytest.mark.django_db

BOARD = "/admin/scheduling/booking/board/"
on_postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no prepared statements to keep"
)


def _prepared() -> dict[str, int]:
    """Each statement prepared on this connection, and how often it has run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _viewed(client, actors) -> None:
    day = timezone.localdate().isoformat()
    response = client.get(BOARD, {"department": actors.cardio.pk, "day": day})
    assert response.status_code == 200


@on_postgres_only
def test_the_fingerprint_the_worklist_and_the_permissions_are_planned_once(client, actors):
    client.force_login(actors.secretary)
    _viewed(client, actors)
    _viewed(client, actors)
    runs = _prepared()
    for part in ("md5(coalesce(string_agg(", "OVER ()", "auth_permission"):
        found = [n for statement, n in runs.items() if part in statement]
        assert found, f"no prepared statement has {part!r}"
        assert max(found) >= 2, f"{part!r} was prepared again rather than reused"


@on_postgres_only
def test_django_s_own_queries_are_not_prepared(client, actors):
    client.force_login(actors.secretary)
    _viewed(client, actors)
    assert not [s for s in _prepared() if "django_session" in s or '"auth_user"' in s]


def test_a_prepared_statement_outlives_a_failed_transaction(actors):
    """A transaction that fails after preparing a statement leaves the
    connection able to run it again (psycopg prepares it again if needed)."""
    with pytest.raises(DatabaseError), transaction.atomic():
        soonest_to_rebook(actors.secretary, department=actors.cardio, first=5)
        with prepared_cursor(connection) as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    assert soonest_to_rebook(actors.secretary, department=actors.cardio, first=5) == ([], 0)
