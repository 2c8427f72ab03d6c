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

Endpoints are under audit as every registry table is: adding one hands
another system every appointment's patient identity. Their row triggers
call the trail's own functions (audit/sql.py): `audit_row_change` on
PostgreSQL, the `audit_row_input` entry point on SQLite.

The migration that installs this keeps its own copy of the SQL
(interfaces/migrations/); tests/interfaces/test_feed_triggers.py fails when
the two differ.
"""

from audit import sql as audit_sql

PIN = "SET search_path = pg_catalog, public, pg_temp"
ENDPOINT_TABLE = "interfaces_endpoint"
ENDPOINT_COLUMNS = (
    "id",
    "name",
    "kind",
    "address",
    "secret",
    "receiving_application",
    "receiving_facility",
    "active",
)
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
        for item in audit_sql.sqlite_objects({ENDPOINT_TABLE: (ENDPOINT_COLUMNS, ENDPOINT_MASKED)})
        if item[1].startswith(f"audit_{ENDPOINT_TABLE}_")
    ]
    return [
        _sqlite_trigger("interfaces_booking_created", "INSERT", _INSERT_KIND),
        _sqlite_trigger("interfaces_booking_changed", "UPDATE", _kind("IS NOT")),
        *audit,
    ]


def render(vendor: str) -> list[tuple[str, str, str, str]]:
    if vendor == "postgresql":
        return postgresql()
    if vendor == "sqlite":
        return sqlite()
    raise NotImplementedError(f"no outbound feed for vendor {vendor!r}")
