"""Membership periods migrated from the audit trail's history (issue 21).

The migration that turned the is_member flag into periods (hospital 0009)
must date them as the trail recorded the flag's changes, not from slots and
bookings. A fresh database is migrated to just before 0009, given history
through the audited table (each change its own transaction, sealed into the
chain), then migrated across 0009; the periods are read with plain SQL.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import connection

from hospital.migrations._membership_trail import periods_from_trail
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PARIS = ZoneInfo("Europe/Paris")


def _manage(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def fresh_url(tmp_path):
    """An empty database of the vendor under test, as DATABASE_URL names it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'trail.sqlite3'}"
        return
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"{db['NAME']}_trail"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_sql(url: str, statements: list[str]) -> str:
    """Each statement in its own transaction, through Django's connection
    (on SQLite it registers the functions the audit triggers call)."""
    code = (
        "import json\nfrom django.db import connection\n"
        f"rows = []\nfor sql in json.loads({json.dumps(json.dumps(statements))}):\n"
        "    with connection.cursor() as c:\n"
        "        c.execute(sql)\n"
        "        rows += [list(map(str, r)) for r in (c.fetchall() if c.description else [])]\n"
        "print(json.dumps(rows))\n"
    )
    done = _manage(url, "shell", "-c", code)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _create(name: str, member: bool) -> str:
    flag = "TRUE" if member else "FALSE"
    return (
        "INSERT INTO hospital_establishment (name, finess, address, postal_code, city, is_member)"
        f" VALUES ('{name}', '{f.finess()}', '1 rue', '75013', 'Paris', {flag})"
    )


def _set(name: str, member: bool) -> str:
    flag = "TRUE" if member else "FALSE"
    return f"UPDATE hospital_establishment SET is_member = {flag} WHERE name = '{name}'"


def test_the_flag_migration_dates_periods_as_the_trail_recorded_them(fresh_url):
    for app, target in (
        ("scheduling", "0019_public_reference_label"),
        ("hospital", "0008_dates_within_bounds"),
    ):
        done = _manage(fresh_url, "migrate", app, target, "--skip-checks", "-v0")
        assert done.returncode == 0, done.stderr[-3000:]
    _run_sql(
        fresh_url,
        [
            _create("Left", True),  # joined, then left: the flag is false today
            _set("Left", False),
            _create("Joined", False),  # created outside, joined since
            _set("Joined", True),
            _create("Member", True),
            _create("Never", False),
            _create("Back", True),  # left and came back
            _set("Back", False),
            _set("Back", True),
            "UPDATE hospital_establishment SET city = 'Lyon' WHERE name = 'Never'",
        ],
    )
    done = _manage(fresh_url, "migrate", "hospital", "0009_membership_periods", "--skip-checks")
    assert done.returncode == 0, done.stderr[-3000:]

    rows = _run_sql(
        fresh_url,
        [
            "SELECT e.name, m.starts_on, m.ends_on FROM hospital_membership m"
            " JOIN hospital_establishment e ON e.id = m.establishment_id ORDER BY e.name, m.starts_on"
        ],
    )
    trail_day = str(_trail_day(fresh_url))
    assert rows == [
        ["Back", trail_day, "None"],
        ["Joined", trail_day, "None"],
        # The flag alone says "never a member"; the trail says it was one that day.
        ["Left", trail_day, trail_day],
        ["Member", trail_day, "None"],
    ]


def _trail_day(url: str) -> datetime.date:
    (occurred,) = _run_sql(
        url,
        [
            "SELECT occurred_at FROM audit_event WHERE object_type = 'hospital_establishment'"
            " ORDER BY seq LIMIT 1"
        ],
    )[0]
    moment = datetime.datetime.fromisoformat(occurred.replace("Z", "+00:00"))
    return moment.astimezone(PARIS).date()


# The reading of the trail over several days, which one test run cannot live
# through: events as the triggers write them, on both vendors' JSON.


def _at(day: int, hour: int = 10) -> str:
    moment = datetime.datetime(2025, 3, day, hour, tzinfo=datetime.UTC)
    return moment.isoformat().replace("+00:00", "Z")


def _periods(events, *, member_now, earliest_slot_day=None):
    return periods_from_trail(
        events,
        zone=PARIS,
        member_now=member_now,
        today=datetime.date(2025, 3, 31),
        earliest_slot_day=earliest_slot_day,
    )


def D(day: int) -> datetime.date:  # noqa: N802 (reads as a date)
    return datetime.date(2025, 3, day)


@pytest.mark.parametrize("true, false", [("true", "false"), ("1", "0")])
def test_joining_and_leaving_on_different_days_give_those_days(true, false):
    events = [
        (_at(2), "insert", f'{{"id": 1, "is_member": {false}, "city": "Paris"}}'),
        (_at(5), "update", f'{{"is_member": [{false}, {true}]}}'),
        (_at(9), "update", '{"city": ["Paris", "Lyon"]}'),
        (_at(12), "update", f'{{"is_member": [{true}, {false}]}}'),
        (_at(20, 23), "update", f'{{"is_member": [{false}, {true}]}}'),  # 00:xx in Paris
    ]
    assert _periods(events, member_now=True) == [(D(5), D(12)), (D(21), None)]


def test_a_member_older_than_the_trail_starts_at_its_first_slot():
    events = [(_at(10), "update", '{"is_member": [true, false]}')]
    assert _periods(events, member_now=False, earliest_slot_day=D(1)) == [(D(1), D(10))]
    assert _periods(events, member_now=False) == [(D(10), D(10))]


def test_leaving_and_coming_back_the_same_day_is_one_period():
    events = [
        (_at(3), "insert", '{"is_member": true}'),
        (_at(7, 9), "update", '{"is_member": [true, false]}'),
        (_at(7, 15), "update", '{"is_member": [false, true]}'),
    ]
    assert _periods(events, member_now=True) == [(D(3), None)]


def test_a_row_the_trail_says_nothing_about_is_left_to_the_data():
    assert _periods([], member_now=True) is None
    assert _periods([(_at(4), "update", '{"city": ["a", "b"]}')], member_now=False) is None


def test_the_flag_as_it_stands_has_the_last_word():
    events = [(_at(3), "insert", '{"is_member": false}')]
    assert _periods(events, member_now=True) == [(D(31), None)]
