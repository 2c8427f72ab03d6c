"""Every hold carries its maker, and only its maker confirms it.

A hold (a booking in the pending state) records who made it in
`Booking.held_by`, written when it is made and never changed:

- `web:<digest>`: the public site, in one visitor's session (a digest of the
  session key, as the trail names public actors); the patient proves it is
  theirs with the code mailed to them, from any browser;
- `api:<client public id>`: another system (FHIR `$hold`), which alone may
  confirm it (`$book`);
- `waitlist`: a waiting-list offer, taken with the signed link sent to the
  patient;
- `staff:<user id>`: a staff member.

The transaction that makes or confirms a hold declares whom it acts for
(`acting_for()`), and the database compares: a hold is inserted only with
the maker its transaction declares, its maker never changes, and it becomes
*booked* only in a transaction declaring that same maker. On PostgreSQL the
declaration is the transaction-local setting `scheduling.acting_for`; on
SQLite a function registered on the application's connections.

What the database guarantees, and what it cannot: every path of the
application that confirms a hold must name the hold's maker, so a path that
forgets to check who is asking (as FHIR `$book` once did) is refused by the
database; and the trail records every confirmation. The declaration is the
application's word, like the trail's actor: whoever holds the application
role's password can declare any maker. It cannot *change* the maker of a
hold, and a hold with no maker cannot exist.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import connection

from scheduling.rules.objects import DbObject
from scheduling.rules.postgresql import MARKER, PIN

SETTING = "scheduling.acting_for"
_acting_for: ContextVar[str] = ContextVar("scheduling_acting_for", default="")


@contextlib.contextmanager
def acting_for(maker: str) -> Iterator[None]:
    """Declare, inside the current transaction, whose holds it makes or confirms."""
    token = _acting_for.set(maker)
    try:
        _declare(maker)
        yield
    finally:
        _acting_for.reset(token)
    # After an error the transaction (or savepoint) rolls back, and the
    # declaration with it; after success, the rest of the transaction acts
    # for whoever it acted for before.
    _declare(_acting_for.get())


def _declare(maker: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Local to the transaction: a pooled session never carries it on.
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, maker])


def install_on_sqlite(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite's triggers read the declaration here."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("scheduling_acting_for", 0, _acting_for.get)


_REFUSALS = {
    "no_maker": f"{MARKER} a hold records who made it, as its transaction declares",
    "not_a_hold": f"{MARKER} only a hold records who made it",
    "maker_changed": f"{MARKER} who made a hold never changes",
    "not_the_maker": f"{MARKER} a hold is confirmed only by who made it",
}


def postgresql_objects() -> list[DbObject]:
    acting = f"coalesce(current_setting('{SETTING}', true), '')"
    function = DbObject(
        "function",
        "scheduling_booking_hold_maker",
        "CREATE OR REPLACE FUNCTION public.scheduling_booking_hold_maker() RETURNS trigger\n"
        f"LANGUAGE plpgsql {PIN} AS $$\n"
        f"""DECLARE v_acting text := {acting};
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'pending' AND (NEW.held_by = '' OR NEW.held_by <> v_acting) THEN
            RAISE EXCEPTION '{_REFUSALS["no_maker"]}' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF NEW.status <> 'pending' AND NEW.held_by <> '' THEN
            RAISE EXCEPTION '{_REFUSALS["not_a_hold"]}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.held_by IS DISTINCT FROM OLD.held_by THEN
        RAISE EXCEPTION '{_REFUSALS["maker_changed"]}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status = 'pending' AND NEW.status = 'booked'
       AND (OLD.held_by = '' OR OLD.held_by <> v_acting) THEN
        RAISE EXCEPTION '{_REFUSALS["not_the_maker"]}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;""",
        "DROP FUNCTION IF EXISTS public.scheduling_booking_hold_maker() CASCADE;",
    )
    trigger = DbObject(
        "trigger",
        "scheduling_booking.scheduling_booking_hold_maker",
        "CREATE TRIGGER scheduling_booking_hold_maker BEFORE INSERT OR UPDATE"
        " ON public.scheduling_booking FOR EACH ROW"
        " EXECUTE FUNCTION public.scheduling_booking_hold_maker();",
        "DROP TRIGGER IF EXISTS scheduling_booking_hold_maker ON public.scheduling_booking;",
    )
    return [function, trigger]


def _sqlite_trigger(name: str, timing: str, when: str, refusal: str) -> DbObject:
    sql_name = f"scheduling_booking__{name}"
    return DbObject(
        "trigger",
        f"scheduling_booking.{name}",
        f"CREATE TRIGGER {sql_name}\n{timing} ON scheduling_booking\nFOR EACH ROW WHEN {when}\n"
        f"BEGIN\n    SELECT RAISE(ABORT, '{_REFUSALS[refusal]}');\nEND;",
        f"DROP TRIGGER IF EXISTS {sql_name};",
    )


def sqlite_objects() -> list[DbObject]:
    acting = "scheduling_acting_for()"
    return [
        _sqlite_trigger(
            "hold_maker_missing",
            "BEFORE INSERT",
            f"NEW.status = 'pending' AND (NEW.held_by = '' OR NEW.held_by IS NOT {acting})",
            "no_maker",
        ),
        _sqlite_trigger(
            "hold_maker_only_on_holds",
            "BEFORE INSERT",
            "NEW.status <> 'pending' AND NEW.held_by <> ''",
            "not_a_hold",
        ),
        _sqlite_trigger(
            "hold_maker_immutable",
            "BEFORE UPDATE",
            "NEW.held_by IS NOT OLD.held_by",
            "maker_changed",
        ),
        _sqlite_trigger(
            "hold_confirmed_by_maker",
            "BEFORE UPDATE",
            "OLD.status = 'pending' AND NEW.status = 'booked'"
            f" AND (OLD.held_by = '' OR OLD.held_by IS NOT {acting})",
            "not_the_maker",
        ),
    ]
