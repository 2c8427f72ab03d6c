"""The state SQLite's rules read, kept in the database (issue 21, point 5).

SQLite's triggers cannot ask PostgreSQL's questions ("what is the local date
in Europe/Paris?", "is this the owner's maintenance?") of the server: before,
they asked the Python process, through functions it registered on its
connections — and code in the process could register them again. They now
read two tables (scheduling/rules/sqlite.py creates them):

- `platform_time_zone`: every UTC offset of settings.TIME_ZONE between
  EARLIEST_DATE and LATEST_DATE (hospital/validators.py, with a margin) and
  the instant it starts at (scheduling/migrations/_time_zone.py), written by
  migration 0035 and after every `migrate` (`write_time_zone`, a post_migrate
  receiver) — so changing TIME_ZONE takes a `migrate`, as it does for
  PostgreSQL's frozen functions;
- `platform_maintenance`: one row while the rules stand aside, written by
  `rules_suspended()` inside the transaction that needs it and deleted before
  its end, so no other connection ever sees it.

The application's connections write either table only inside
`maintenance()` (the authorizer, scheduling/rules/connection.py), which only
the `migrate` and `flush` commands (and the test suite's helpers) enter.
"""

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.db import connections, transaction

from scheduling.migrations import _time_zone
from scheduling.rules.connection import maintenance
from scheduling.rules.sqlite import MAINTENANCE_TABLE, TIME_ZONE_TABLE


def _table_exists(cursor, table: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
    return cursor.fetchone() is not None


def write_time_zone(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: the zone's offsets into `platform_time_zone`
    (rewritten only when they differ from what it holds)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with maintenance(), transaction.atomic(using=using), connection.cursor() as cursor:
        if _table_exists(cursor, TIME_ZONE_TABLE):  # not when migrated to an older version
            _time_zone.fill(cursor, settings.TIME_ZONE)


@contextlib.contextmanager
def rules_suspended(using: str = "default") -> Iterator[None]:
    """The rule triggers stand aside for what runs inside, in one transaction
    that holds `platform_maintenance`'s row (SQLite; on PostgreSQL only the
    tables' owner can take triggers off, and this changes nothing there).

    Entered by the `flush` command and the test suite's history helpers."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        with maintenance():
            yield
        return
    with maintenance(), transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT OR IGNORE INTO {MAINTENANCE_TABLE} (id) VALUES (1)")
            ours = cursor.rowcount == 1  # not already suspended by an enclosing block
        yield
        if ours:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {MAINTENANCE_TABLE}")
