"""Bad input in the portal is a message on the agenda page, never a 500, and
nothing is stored that would make the pages fail afterwards."""

import pytest

from scheduling.models import Absence, OpeningRule
from tests.helpers import messages_of, signed_in

pytestmark = pytest.mark.django_db


def _rule(dr_xavier, **fields) -> dict:
    return {
        "weekday": "1",
        "start_time": "09:00",
        "end_time": "12:00",
        "valid_from": "2027-01-04",
        "reasons": [dr_xavier.reason.pk],
        **fields,
    }


def _post(client, dr_xavier, what: str, data: dict):
    agenda = dr_xavier.agenda
    return signed_in(client, dr_xavier.user).post(
        f"/portal/agendas/{agenda.pk}/{what}/", data, follow=True
    )


def test_weekly_hours_ending_before_they_start_are_refused(client, dr_xavier):
    page = _post(client, dr_xavier, "rules", _rule(dr_xavier, valid_until="2026-12-01"))
    assert page.status_code == 200 and "cannot end before it starts" in messages_of(page)
    assert not OpeningRule.objects.exists()


@pytest.mark.parametrize("field", ["valid_from", "valid_until"])
def test_weekly_hours_at_the_end_of_time_are_refused(client, dr_xavier, field):
    page = _post(client, dr_xavier, "rules", _rule(dr_xavier, **{field: "9999-12-31"}))
    assert page.status_code == 200 and "Please give a date between" in messages_of(page)
    assert not OpeningRule.objects.exists()


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:30"])
def test_an_absence_out_of_any_sane_range_is_refused_and_the_pages_keep_working(
    client, dr_xavier, start
):
    page = _post(client, dr_xavier, "absences", {"start": start, "end": "2027-01-01T00:00"})
    # The absence's own form, shown again with the error under the field.
    assert page.status_code == 200 and "Please give a date between" in page.content.decode()
    assert not Absence.objects.exists()
    agenda = dr_xavier.agenda
    assert client.get(f"/portal/agendas/{agenda.pk}/").status_code == 200
    assert client.get("/portal/").status_code == 200


@pytest.mark.postgres_only
def test_an_absence_stored_before_christ_is_removed_by_the_migration(client, dr_xavier):
    """Stored before the forms bounded dates, it broke every page listing it."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    agenda = dr_xavier.agenda
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO scheduling_absence (agenda_id, start, "end", label)'
            " VALUES (%s, '0001-01-01 00:00:00+00 BC', '2027-01-01 00:00:00+00', 'x')",
            [agenda.pk],
        )
    migration = importlib.import_module(
        "scheduling.migrations.0014_dates_within_bounds_admin_log_without_names"
    )
    migration._absences_out_of_bounds_removed(apps, SimpleNamespace(connection=connection))
    assert not Absence.objects.exists()
    assert signed_in(client, dr_xavier.user).get(f"/portal/agendas/{agenda.pk}/").status_code == 200
