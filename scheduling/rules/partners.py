"""A partner portal books only in the agendas opted in to it, on its own channel.

A partner portal (an API client of kind "partner") acts through its service
account, which every booking it makes names as its author (`created_by`,
which never changes). The database checks, whatever the path:

- a booking on the channel "partner" is made by a partner portal, and a
  partner portal's booking is on the channel "partner" (so the routing
  report counts it per partner, and no partner books as another channel);
- a partner's booking is made, confirmed, or moved to another agenda only
  in a slot of an agenda opted in to that partner (within its agenda it may
  still be moved after an opt-out: staff rebook a displaced appointment) (`scheduling_partneroptin`). On
  PostgreSQL the opt-in row is key-share locked, so an opt-out that commits
  first refuses the booking, and one that comes second waits for it.

Opting out keeps the partner's bookings already made (the patient's
appointment stands); it refuses the next ones.
"""

from scheduling.rules.objects import DbObject
from scheduling.rules.postgresql import MARKER, PIN

_REFUSALS = {
    "not_a_partner": f"{MARKER} only a partner portal books on the partner channel",
    "partner_channel": f"{MARKER} a partner portal books on the partner channel only",
    "not_opted_in": f"{MARKER} this agenda is not opted in to this partner portal",
}

# A partner's booking that takes a slot: made, confirmed, or moved to another
# agenda (within its agenda, staff may still move it after an opt-out).
_OTHER_AGENDA = (
    "(SELECT agenda_id FROM {schema}scheduling_slot WHERE id = NEW.slot_id)"
    " IS DISTINCT FROM (SELECT agenda_id FROM {schema}scheduling_slot WHERE id = OLD.slot_id)"
)
_PG_HOLDS = (
    "NEW.status IN ('pending', 'booked') AND (TG_OP = 'INSERT'"
    " OR NEW.status IS DISTINCT FROM OLD.status"
    f" OR (NEW.slot_id IS DISTINCT FROM OLD.slot_id AND {_OTHER_AGENDA.format(schema='public.')}))"
)


def postgresql_objects() -> list[DbObject]:
    function = DbObject(
        "function",
        "scheduling_booking_partner_opt_in",
        "CREATE OR REPLACE FUNCTION public.scheduling_booking_partner_opt_in() RETURNS trigger\n"
        f"LANGUAGE plpgsql {PIN} AS $$\n"
        f"""DECLARE v_partner bigint;
BEGIN
    SELECT c.id INTO v_partner FROM public.scheduling_apiclient c
     WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner';
    IF TG_OP = 'INSERT' THEN
        IF NEW.channel = 'partner' AND v_partner IS NULL THEN
            RAISE EXCEPTION '{_REFUSALS["not_a_partner"]}' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF v_partner IS NOT NULL AND NEW.channel <> 'partner' THEN
            RAISE EXCEPTION '{_REFUSALS["partner_channel"]}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF v_partner IS NOT NULL AND NEW.channel = 'partner' AND {_PG_HOLDS} THEN
        PERFORM 1 FROM public.scheduling_partneroptin o
          JOIN public.scheduling_slot s ON s.agenda_id = o.agenda_id
         WHERE s.id = NEW.slot_id AND o.client_id = v_partner
           FOR KEY SHARE OF o;
        IF NOT FOUND THEN
            RAISE EXCEPTION '{_REFUSALS["not_opted_in"]}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;""",
        "DROP FUNCTION IF EXISTS public.scheduling_booking_partner_opt_in() CASCADE;",
    )
    trigger = DbObject(
        "trigger",
        "scheduling_booking.scheduling_booking_partner_opt_in",
        "CREATE TRIGGER scheduling_booking_partner_opt_in BEFORE INSERT OR UPDATE"
        " ON public.scheduling_booking FOR EACH ROW"
        " EXECUTE FUNCTION public.scheduling_booking_partner_opt_in();",
        "DROP TRIGGER IF EXISTS scheduling_booking_partner_opt_in ON public.scheduling_booking;",
    )
    return [function, trigger]


_SQLITE_PARTNER = (
    "(SELECT c.id FROM scheduling_apiclient c"
    " WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner')"
)
_SQLITE_NOT_OPTED_IN = (
    "NOT EXISTS (SELECT 1 FROM scheduling_partneroptin o"
    " JOIN scheduling_slot s ON s.agenda_id = o.agenda_id"
    f" WHERE s.id = NEW.slot_id AND o.client_id = {_SQLITE_PARTNER})"
)


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
    partner = f"{_SQLITE_PARTNER} IS NOT NULL"
    holding = "NEW.status IN ('pending', 'booked')"
    return [
        _sqlite_trigger(
            "partner_channel_by_partner",
            "BEFORE INSERT",
            f"NEW.channel = 'partner' AND {_SQLITE_PARTNER} IS NULL",
            "not_a_partner",
        ),
        _sqlite_trigger(
            "partner_books_on_partner_channel",
            "BEFORE INSERT",
            f"NEW.channel <> 'partner' AND {partner}",
            "partner_channel",
        ),
        _sqlite_trigger(
            "partner_opt_in_insert",
            "BEFORE INSERT",
            f"NEW.channel = 'partner' AND {holding} AND {_SQLITE_NOT_OPTED_IN}",
            "not_opted_in",
        ),
        _sqlite_trigger(
            "partner_opt_in_update",
            "BEFORE UPDATE",
            f"NEW.channel = 'partner' AND {holding}"
            " AND (NEW.status IS NOT OLD.status"
            f" OR (NEW.slot_id IS NOT OLD.slot_id AND {_OTHER_AGENDA.format(schema='')}))"
            f" AND {_SQLITE_NOT_OPTED_IN}",
            "not_opted_in",
        ),
    ]
