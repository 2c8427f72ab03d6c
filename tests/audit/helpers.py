"""Test helpers that play the attacker with the most power: the database's
owner (PostgreSQL) or whoever holds the SQLite file, who can switch the
triggers off to rewrite history. audit_verify and the routing report must
catch what they do; the application's own role cannot do it (tests/institution)."""

import contextlib

from django.db import connection

from audit.models import Event
from scheduling.rules.connection import maintenance


def last_seq() -> int:
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def events_after(seq: int, **filters):
    return Event.objects.filter(seq__gt=seq, **filters).order_by("seq")


@contextlib.contextmanager
def triggers_disabled(table: str):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser's switch: every trigger of the session is off, this
            # table's included.
            cursor.execute("SET session_replication_role = replica")
            try:
                yield cursor
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            return
        # The file's holder is not the application: its connections' guard is off.
        with maintenance():
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {name}")
            try:
                yield cursor
            finally:
                for _name, sql in saved:
                    cursor.execute(sql)
