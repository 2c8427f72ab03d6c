"""Capacity reserved per channel (issue 24), as the database enforces it.

A slot may be reserved for a group of channels (`Slot.reserved_for`) until
`Slot.opens_to_all_at`, when it opens to every channel. With the database's
own clock (PostgreSQL: the transaction's time, `now()`; SQLite: 'now'):

- a booking that is not cancelled is never inserted on, nor moved to, a slot
  still reserved for a group its channel is not in (a booking never changes
  its channel: scheduling/rules/postgresql.py's HISTORY);
- a booked slot keeps its reservation (the bookings it holds were checked
  against it);
- a reservation is never loosened before its release: until
  `opens_to_all_at`, a reserved slot keeps its group, and its release only
  moves later. Tightening (reserving a free slot, delaying a release) is
  allowed.

Every input of the rule is covered: the booking's slot and channel (checked
here, on insert and move), the slot's reservation (refused above), its
times (a booked slot keeps them, and the release is a column of its own,
never derived from the start). What it does not cover: the application may
delete a free slot and open another by hand at the same time, with no
reservation, as staff may (`services.agendas.add_slot`); the trail records
both. On PostgreSQL a booking share-locks its slot, so a reservation being
tightened and a booking through another channel cannot both commit.
"""

from scheduling.models import RESERVATION_CHANNELS
from scheduling.rules.objects import DbObject
from scheduling.rules.postgresql import MARKER, PIN
from scheduling.rules.sqlite import LIVE, NOW

REFUSALS = {
    "reserved": f"{MARKER} this slot is reserved for other channels until its release",
    "booked": f"{MARKER} a booked slot keeps its reservation",
    "loosened": f"{MARKER} a reservation is never loosened before its release",
}


def _may_book(reserved_for: str, channel: str) -> str:
    """SQL: may a booking through `channel` take a slot reserved for `reserved_for`?"""
    groups = " OR ".join(
        f"({reserved_for} = '{group}' AND {channel} IN ({', '.join(repr(c) for c in channels)}))"
        for group, channels in RESERVATION_CHANNELS.items()
    )
    return f"({reserved_for} = '' OR {groups})"


def postgresql_objects() -> list[DbObject]:
    booking = DbObject(
        "function",
        "scheduling_booking_reservation",
        "CREATE OR REPLACE FUNCTION public.scheduling_booking_reservation() RETURNS trigger\n"
        f"LANGUAGE plpgsql {PIN} AS $$\n"
        f"""DECLARE v_reserved text; v_opens timestamptz;
BEGIN
    IF NEW.status = 'cancelled' OR (TG_OP = 'UPDATE'
       AND OLD.slot_id IS NOT DISTINCT FROM NEW.slot_id
       AND OLD.channel IS NOT DISTINCT FROM NEW.channel) THEN
        RETURN NEW;
    END IF;
    -- Shared: a reservation being changed is waited for, then read as committed.
    SELECT s.reserved_for, s.opens_to_all_at INTO v_reserved, v_opens
      FROM public.scheduling_slot s WHERE s.id = NEW.slot_id FOR SHARE;
    IF v_reserved IS NOT NULL AND now() < v_opens
       AND NOT {_may_book("v_reserved", "NEW.channel")} THEN
        RAISE EXCEPTION '{REFUSALS["reserved"]}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;""",
        "DROP FUNCTION IF EXISTS public.scheduling_booking_reservation() CASCADE;",
    )
    slot = DbObject(
        "function",
        "scheduling_slot_reservation",
        "CREATE OR REPLACE FUNCTION public.scheduling_slot_reservation() RETURNS trigger\n"
        f"LANGUAGE plpgsql {PIN} AS $$\n"
        f"""BEGIN
    IF OLD.reserved_for <> '' AND now() < OLD.opens_to_all_at
       AND (NEW.reserved_for IS DISTINCT FROM OLD.reserved_for
            OR NEW.opens_to_all_at IS NULL OR NEW.opens_to_all_at < OLD.opens_to_all_at) THEN
        RAISE EXCEPTION '{REFUSALS["loosened"]}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE slot_id = OLD.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION '{REFUSALS["booked"]}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;""",
        "DROP FUNCTION IF EXISTS public.scheduling_slot_reservation() CASCADE;",
    )
    triggers = [
        DbObject(
            "trigger",
            "scheduling_booking.scheduling_booking_reservation",
            "CREATE TRIGGER scheduling_booking_reservation BEFORE INSERT OR UPDATE"
            " ON public.scheduling_booking FOR EACH ROW"
            " EXECUTE FUNCTION public.scheduling_booking_reservation();",
            "DROP TRIGGER IF EXISTS scheduling_booking_reservation ON public.scheduling_booking;",
        ),
        DbObject(
            "trigger",
            "scheduling_slot.scheduling_slot_reservation",
            "CREATE TRIGGER scheduling_slot_reservation AFTER UPDATE"
            " ON public.scheduling_slot FOR EACH ROW"
            " WHEN (OLD.reserved_for IS DISTINCT FROM NEW.reserved_for"
            " OR OLD.opens_to_all_at IS DISTINCT FROM NEW.opens_to_all_at)"
            " EXECUTE FUNCTION public.scheduling_slot_reservation();",
            "DROP TRIGGER IF EXISTS scheduling_slot_reservation ON public.scheduling_slot;",
        ),
    ]
    return [booking, slot, *triggers]


def _sqlite_trigger(table: str, name: str, timing: str, when: str, refusal: str) -> DbObject:
    sql_name = f"{table}__{name}"
    return DbObject(
        "trigger",
        f"{table}.{name}",
        f"CREATE TRIGGER {sql_name}\n{timing} ON {table}\nFOR EACH ROW WHEN {LIVE} AND ({when})\n"
        f"BEGIN\n    SELECT RAISE(ABORT, '{REFUSALS[refusal]}');\nEND;",
        f"DROP TRIGGER IF EXISTS {sql_name};",
    )


_STILL_RESERVED = (
    "NEW.status <> 'cancelled' AND EXISTS (SELECT 1 FROM scheduling_slot s"
    f" WHERE s.id = NEW.slot_id AND s.reserved_for <> '' AND {NOW} < s.opens_to_all_at"
    f" AND NOT {_may_book('s.reserved_for', 'NEW.channel')})"
)


def sqlite_objects() -> list[DbObject]:
    booking, slot = "scheduling_booking", "scheduling_slot"
    return [
        _sqlite_trigger(
            booking, "reservation_insert", "BEFORE INSERT", _STILL_RESERVED, "reserved"
        ),
        _sqlite_trigger(
            booking,
            "reservation_move",
            "BEFORE UPDATE OF slot_id, channel",
            f"(OLD.slot_id IS NOT NEW.slot_id OR OLD.channel IS NOT NEW.channel)"
            f" AND {_STILL_RESERVED}",
            "reserved",
        ),
        _sqlite_trigger(
            slot,
            "reservation_loosened",
            "BEFORE UPDATE OF reserved_for, opens_to_all_at",
            f"OLD.reserved_for <> '' AND {NOW} < OLD.opens_to_all_at"
            " AND (NEW.reserved_for IS NOT OLD.reserved_for OR NEW.opens_to_all_at IS NULL"
            " OR NEW.opens_to_all_at < OLD.opens_to_all_at)",
            "loosened",
        ),
        _sqlite_trigger(
            slot,
            "reservation_booked",
            "BEFORE UPDATE OF reserved_for, opens_to_all_at",
            "(NEW.reserved_for IS NOT OLD.reserved_for"
            " OR NEW.opens_to_all_at IS NOT OLD.opens_to_all_at)"
            " AND EXISTS (SELECT 1 FROM scheduling_booking"
            " WHERE slot_id = OLD.id AND status <> 'cancelled')",
            "booked",
        ),
    ]
