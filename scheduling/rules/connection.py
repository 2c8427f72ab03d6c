"""What the application's own SQLite connections may do.

On PostgreSQL the database's roles keep the application from changing the
schema (see deploy/postgresql/). SQLite has no roles: whoever can write the
database file can do anything, and the README says so. What the platform
can promise on SQLite is about the connections the application opens —
through which a bug or an injected query would reach the data. On each of them, an authorizer
(`sqlite3.Connection.set_authorizer`) refuses, outside `migrate` and
`flush`:

- any schema change: CREATE, DROP (a trigger above all), ALTER, temporary
  tables and triggers that could shadow real ones, ATTACH;
- PRAGMAs that set something (`foreign_keys = OFF`, `writable_schema`…);
  the ones that only read stay allowed;
- writes to the audit trail's tables and row-event entry point, to the
  first-availability listing and its clock, and calls to the keyed hash,
  from anything but the database's own triggers;
- writes to the permissions, content types and migration history, which
  only `migrate` writes.

It also turns recursive triggers on, so that the rows REPLACE deletes fire
their DELETE triggers.

Writes to the two tables the rules read instead of the process's state
(`platform_maintenance`, `platform_time_zone`: scheduling/rules/state.py)
are refused outside `maintenance()` too. The rule triggers frozen since
0035_rules_sqlite_state read only those tables: entering `maintenance()`
lets a connection change the schema, it does not turn a rule off.

`platform_maintenance()` stays registered for the triggers frozen before
0035 (a database migrating from an older version runs them until 0035
replaces them): it is true inside `maintenance()`, as they were written for.

What this guards is SQL sent through the application. Code running in the
application's process can clear the authorizer, enter `maintenance()` or
open the file itself: it has the file holder's power, and the README says so.
"""

import contextlib
import sqlite3
from collections.abc import Iterator
from contextvars import ContextVar

_maintenance: ContextVar[bool] = ContextVar("platform_maintenance", default=False)

SCHEMA_CHANGES = frozenset(
    getattr(sqlite3, name)
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_"))
) | {sqlite3.SQLITE_ALTER_TABLE, sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}
# PRAGMAs whose argument names what to read, never a value to set.
READING_PRAGMAS = frozenset(
    {
        "foreign_key_check",
        "foreign_key_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "integrity_check",
        "quick_check",
        "table_info",
        "table_xinfo",
        "table_list",
    }
)
# Written by the database's own triggers only.
TRAIL_TABLES = frozenset({"audit_event", "audit_row_input"})
# Derived data, written by the listing's triggers only (scheduling/rules/listing.py):
# a forged row would list an agenda the triggers never listed.
DERIVED_TABLES = frozenset({"scheduling_agendalisting", "scheduling_listingclock"})
# Written by `migrate` only: a renamed permission would hand a role new rights.
SCHEMA_DATA = frozenset(
    {
        "auth_permission",
        "django_content_type",
        "django_migrations",
        # What the rules read instead of the process's state (scheduling/rules/state.py).
        "platform_maintenance",
        "platform_time_zone",
    }
)
TRAIL_FUNCTIONS = frozenset({"audit_mask"})
WRITES = frozenset({sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE})


@contextlib.contextmanager
def maintenance() -> Iterator[None]:
    """Schema changes, and the writes only `migrate` makes, are allowed
    through the application's connections inside this block only. The rules
    stay on: `state.rules_suspended()` takes them off."""
    token = _maintenance.set(True)
    try:
        yield
    finally:
        _maintenance.reset(token)


def in_maintenance() -> bool:
    return _maintenance.get()


def authorize(action: int, arg1, arg2, database, trigger_or_view) -> int:
    if _maintenance.get():
        return sqlite3.SQLITE_OK
    if action in SCHEMA_CHANGES:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        return (
            sqlite3.SQLITE_OK
            if arg2 is None or (arg1 or "").lower() in READING_PRAGMAS
            else sqlite3.SQLITE_DENY
        )
    from_trigger = trigger_or_view is not None
    if action in WRITES and arg1 in TRAIL_TABLES | DERIVED_TABLES and not from_trigger:
        return sqlite3.SQLITE_DENY
    if action in WRITES and arg1 in SCHEMA_DATA:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and arg2 in TRAIL_FUNCTIONS and not from_trigger:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def guard(sender, connection, **kwargs) -> None:
    """connection_created receiver: every SQLite connection Django opens."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    # REPLACE and UPDATE OR REPLACE delete the rows they conflict with: with
    # recursive triggers on, those deletes fire DELETE triggers like any other.
    raw.execute("PRAGMA recursive_triggers = ON")
    raw.create_function("platform_maintenance", 0, lambda: int(_maintenance.get()))
    raw.set_authorizer(authorize)
