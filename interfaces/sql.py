"""The triggers that write the outbound feed, per vendor.

One trigger on the booking table writes an `interfaces_outboundevent` row
for every change another system must hear of, and one
`interfaces_dispatch` per active endpoint, in the change's own statement and
transaction. Which change is which (`kind`):

- created: a booking that is final from the start, or a hold confirmed
  (pending → booked), or a cancelled booking made active again;
- cancelled: an active booking cancelled (a hold let go or lapsed is not:
  no other system ever heard of it);
- noshow: the outcome "missed" recorded;
- moved: an active booking's slot changed;
- modified: anything else another system shows — the status (honoured), the
  visit reason, the patient record, the check-in, the "to rebook" flag.
  Internal columns (the hold's expiry, the code's digest and round…) are
  not changes for other systems.

A dispatch says which event went, or goes, to which endpoint: its delivery
state changes at every attempt, so the table is not audited, and the
application may update it — its delivery state only. A trigger refuses any
change of its other columns (its event, endpoint and booking: what it
carries and where), on both vendors: otherwise SQL with the application's
rights could re-point a patient's message at another endpoint, set it
pending, and the relay would send it there with nothing in the trail. It is
never deleted either (PostgreSQL revokes DELETE from the application role,
deploy/postgresql/application_role.sql; SQLite refuses it unless the rules
are suspended, as the test suite's `flush` does). Its delivery log
(`interfaces_dispatchattempt`, a row per attempt) is only added to: no row
is updated or deleted, by the same two means.

Endpoints are under audit as every registry table is: adding one hands
another system every appointment's patient identity. Their row triggers
call the trail's own functions (audit/sql.py): `audit_row_change` on
PostgreSQL, the `audit_row_input` entry point on SQLite.

These objects are a program of their own (registered by
interfaces/apps.py with scheduling/rules/frozen.py), frozen the one way the
project freezes SQL: one file per object named with its hash, in
interfaces/migrations/sql/ (`manage.py freeze_rules --app interfaces
NNNN_name`), installed by this app's migrations through
scheduling/migrations/_frozen_rules.py. tests/rules/test_frozen_rules.py
fails when the migrations folded differ from what this renders, and
`manage.py rules_drift` compares it with a live database.
"""

from audit import sql as audit_sql
from scheduling.rules.objects import DbObject
from scheduling.rules.program import table_columns
from scheduling.rules.sqlite import LIVE

PIN = "SET search_path = pg_catalog, public, pg_temp"
ENDPOINT_TABLE = "interfaces_endpoint"
ENDPOINT_MASKED = ("secret",)
# What another system shows of a booking, beyond its slot and status.
_SHOWN = ("reason_id", "patient_id", "checked_in_at", "to_rebook")


def _kind(is_distinct: str) -> str:
    """The change's kind, or NULL: an SQL CASE over OLD and NEW, for UPDATE.
    `is_distinct` is the vendor's IS DISTINCT FROM."""
    shown = " OR ".join(f"NEW.{c} {is_distinct} OLD.{c}" for c in ("status", *_SHOWN))
    return f"""CASE
        WHEN OLD.status = 'pending' AND NEW.status IN ('pending', 'cancelled') THEN NULL
        WHEN OLD.status IN ('pending', 'cancelled') AND NEW.status <> 'cancelled' THEN 'created'
        WHEN OLD.status = 'cancelled' THEN NULL
        WHEN NEW.status = 'cancelled' THEN 'cancelled'
        WHEN NEW.status = 'missed' AND OLD.status <> 'missed' THEN 'noshow'
        WHEN NEW.slot_id <> OLD.slot_id THEN 'moved'
        WHEN {shown} THEN 'modified'
    END"""


_INSERT_KIND = "CASE WHEN NEW.status IN ('pending', 'cancelled') THEN NULL ELSE 'created' END"

_EVENT_COLUMNS = (
    "booking_id, kind, status, sequence, slot_id, starts_at, ends_at, agenda_id, occurred_at"
)
_DISPATCH_COLUMNS = "event_id, endpoint_id, booking_id, status, attempts, last_error"

DISPATCH_TABLE = "interfaces_dispatch"
# What the relay and the dead letters' replay write (interfaces/relay.py);
# every other column of a dispatch, a column added later included, is its
# identity and never changes.
DISPATCH_DELIVERY_STATE = (
    "status",
    "attempts",
    "next_attempt_at",
    "claimed_until",
    "delivered_at",
    "last_error",
)
DISPATCH_IDENTITY_REFUSED = (
    "outbound feed: a dispatch keeps its event, endpoint and booking;"
    " only its delivery state changes"
)
DISPATCH_DELETE_REFUSED = "outbound feed: a dispatch is never deleted"
ATTEMPT_TABLE = "interfaces_dispatchattempt"
ATTEMPT_REWRITE_REFUSED = "outbound feed: the delivery log is only added to"


def _dispatch_identity_changed(is_distinct: str) -> str:
    identity = [c for c in table_columns(DISPATCH_TABLE) if c not in DISPATCH_DELIVERY_STATE]
    return " OR ".join(f"OLD.{c} {is_distinct} NEW.{c}" for c in identity)


def postgresql() -> list[tuple[str, str, str, str]]:
    function = f"""
CREATE OR REPLACE FUNCTION public.interfaces_booking_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
DECLARE v_kind text; v_event bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_kind := {_INSERT_KIND};
    ELSE
        v_kind := {_kind("IS DISTINCT FROM")};
    END IF;
    IF v_kind IS NULL THEN RETURN NULL; END IF;
    INSERT INTO public.interfaces_outboundevent ({_EVENT_COLUMNS})
    SELECT NEW.id, v_kind, NEW.status, NEW.sequence, s.id, s.start, s."end", s.agenda_id, now()
      FROM public.scheduling_slot s WHERE s.id = NEW.slot_id
    RETURNING id INTO v_event;
    INSERT INTO public.interfaces_dispatch ({_DISPATCH_COLUMNS})
    SELECT v_event, e.id, NEW.id, 'pending', 0, '' FROM public.interfaces_endpoint e WHERE e.active;
    RETURN NULL;
END $$;"""
    identity_kept = f"""
CREATE OR REPLACE FUNCTION public.interfaces_dispatch_identity_kept() RETURNS trigger
LANGUAGE plpgsql {PIN} AS $$
BEGIN
    RAISE EXCEPTION '{DISPATCH_IDENTITY_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
END $$;"""
    return [
        (
            "function",
            "interfaces_booking_event",
            function.strip(),
            "DROP FUNCTION IF EXISTS public.interfaces_booking_event() CASCADE;",
        ),
        (
            "trigger",
            "scheduling_booking.interfaces_booking_event",
            "CREATE TRIGGER interfaces_booking_event AFTER INSERT OR UPDATE ON public.scheduling_booking"
            " FOR EACH ROW EXECUTE FUNCTION public.interfaces_booking_event();",
            "DROP TRIGGER IF EXISTS interfaces_booking_event ON public.scheduling_booking;",
        ),
        (
            "trigger",
            f"{ENDPOINT_TABLE}.audit_row",
            f"CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.{ENDPOINT_TABLE}"
            f" FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('secret');",
            f"DROP TRIGGER IF EXISTS audit_row ON public.{ENDPOINT_TABLE};",
        ),
        (
            "function",
            "interfaces_dispatch_identity_kept",
            identity_kept.strip(),
            "DROP FUNCTION IF EXISTS public.interfaces_dispatch_identity_kept() CASCADE;",
        ),
        (
            "trigger",
            f"{DISPATCH_TABLE}.interfaces_dispatch_identity_kept",
            "CREATE TRIGGER interfaces_dispatch_identity_kept BEFORE UPDATE"
            f" ON public.{DISPATCH_TABLE} FOR EACH ROW"
            f" WHEN ({_dispatch_identity_changed('IS DISTINCT FROM')})"
            " EXECUTE FUNCTION public.interfaces_dispatch_identity_kept();",
            f"DROP TRIGGER IF EXISTS interfaces_dispatch_identity_kept ON public.{DISPATCH_TABLE};",
        ),
    ]


def _sqlite_trigger(name: str, event: str, kind: str) -> tuple[str, str, str, str]:
    create = f"""
CREATE TRIGGER {name} AFTER {event} ON scheduling_booking
WHEN ({kind}) IS NOT NULL
BEGIN
    INSERT INTO interfaces_outboundevent ({_EVENT_COLUMNS})
    SELECT NEW.id, ({kind}), NEW.status, NEW.sequence, s.id, s.start, s."end", s.agenda_id,
           strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'
      FROM scheduling_slot s WHERE s.id = NEW.slot_id;
    INSERT INTO interfaces_dispatch ({_DISPATCH_COLUMNS})
    SELECT (SELECT max(id) FROM interfaces_outboundevent), e.id, NEW.id, 'pending', 0, ''
      FROM interfaces_endpoint e WHERE e.active;
END;"""
    return ("trigger", name, create.strip(), f"DROP TRIGGER IF EXISTS {name};")


def sqlite() -> list[tuple[str, str, str, str]]:
    audit = [
        item
        # Every column the model has: SQLite's triggers name each one (a column
        # added without them, like the subscription's client and criteria, was
        # not in the trail on SQLite).
        for item in audit_sql.sqlite_objects(
            {ENDPOINT_TABLE: (table_columns(ENDPOINT_TABLE), ENDPOINT_MASKED)}
        )
        if item[1].startswith(f"audit_{ENDPOINT_TABLE}_")
    ]
    dispatch_kept = [
        (
            "trigger",
            "interfaces_dispatch_identity_kept",
            f"CREATE TRIGGER interfaces_dispatch_identity_kept BEFORE UPDATE ON {DISPATCH_TABLE}\n"
            f"WHEN {_dispatch_identity_changed('IS NOT')}\n"
            f"BEGIN SELECT RAISE(ABORT, '{DISPATCH_IDENTITY_REFUSED}'); END;",
            "DROP TRIGGER IF EXISTS interfaces_dispatch_identity_kept;",
        ),
        (
            "trigger",
            "interfaces_dispatch_never_deleted",
            # Unless the rules are suspended: the test suite's flush empties the table.
            f"CREATE TRIGGER interfaces_dispatch_never_deleted BEFORE DELETE ON {DISPATCH_TABLE}\n"
            f"WHEN {LIVE}\n"
            f"BEGIN SELECT RAISE(ABORT, '{DISPATCH_DELETE_REFUSED}'); END;",
            "DROP TRIGGER IF EXISTS interfaces_dispatch_never_deleted;",
        ),
    ]
    # The delivery log says what went where, when, and what the receiver
    # answered: the trail does not record it (a row per attempt), so no row
    # of it changes or goes once written. PostgreSQL revokes UPDATE and DELETE
    # from the application role (deploy/postgresql/application_role.sql).
    log_kept = [
        (
            "trigger",
            f"interfaces_dispatchattempt_never_{event.lower()}d",
            f"CREATE TRIGGER interfaces_dispatchattempt_never_{event.lower()}d"
            f" BEFORE {event} ON {ATTEMPT_TABLE}\n"
            # Unless the rules are suspended: the test suite's flush empties the table.
            f"WHEN {LIVE}\n"
            f"BEGIN SELECT RAISE(ABORT, '{ATTEMPT_REWRITE_REFUSED}'); END;",
            f"DROP TRIGGER IF EXISTS interfaces_dispatchattempt_never_{event.lower()}d;",
        )
        for event in ("UPDATE", "DELETE")
    ]
    return [
        _sqlite_trigger("interfaces_booking_created", "INSERT", _INSERT_KIND),
        _sqlite_trigger("interfaces_booking_changed", "UPDATE", _kind("IS NOT")),
        *audit,
        *dispatch_kept,
        *log_kept,
    ]


def render(vendor: str) -> list[DbObject]:
    if vendor == "postgresql":
        return [DbObject(*item) for item in postgresql()]
    if vendor == "sqlite":
        return [DbObject(*item) for item in sqlite()]
    raise NotImplementedError(f"no outbound feed for vendor {vendor!r}")
