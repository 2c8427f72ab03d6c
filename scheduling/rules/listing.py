"""The public listing of bookable agendas, with their first availability, kept
by the database itself.

`scheduling_agendalisting` holds, for each bookable agenda (active, at a
member establishment), one *main* row (specialty NULL) and one row per
specialty it is listed under (its department's and its practitioner's own).
Each row carries the practitioner, department and establishment, the
normalised text a patient's search is matched against, and `first_start`:
the start of the agenda's first free slot that can be booked online, from
the listing clock on.

Triggers keep it in the same transaction as every change it summarises:
slots, bookings, visit reasons and the reasons of opening rules (first
availability); agendas, departments, establishments, practitioners and
specialties (who is listed, where, and under which words). The pages read it
with index range scans, so their cost does not grow with the institution.

Time passing is the one change no transaction makes. The clock
(`scheduling_listingclock.not_before`) says from when first availability is
counted; the task worker moves it every minute (`refresh_clock_when_behind`,
at its heartbeat; `refresh_availability` from cron does the same) to now +
the minimum notice + AVAILABILITY_MARGIN_MINUTES, and the database
recomputes the rows the clock overtook. Readers never trust a row the clock has let
fall behind: selectors/listing.py recomputes those from the slots.

A listed first availability is therefore never a taken, closed or too-soon
slot; it may be later than the true first one by at most the margin (a slot
in that margin is still offered on the practitioner's page), and an expired
hold keeps its slot out of the listing until release_expired_holds frees it.

On PostgreSQL, every writer locks the agenda's main row before it decides,
which keeps concurrent bookings of one agenda from each missing the other's.
Slots, reasons and the registry do it in their statement (statement-level
triggers with transition tables, so a COPY of a million slots recomputes each
agenda once); bookings do it at COMMIT, after the institution rule's check
(a deferred trigger named scheduling_listing), so that a booking, like every
registry change, takes the registry's locks before the listing's.
SQLite has one writer: row triggers, at once.

The SQL is part of the rules program (scheduling/rules/program.py), one
object per function, trigger, view and grant (`objects()`), frozen like the
rest by `manage.py freeze_rules`. Its Python twins: the search text's
normaliser (scheduling/search_text.py) and the clock's mover
(scheduling/services/listing_clock.py).
"""

import re

from scheduling.rules.objects import DbObject

# --- PostgreSQL ------------------------------------------------------------------

_PG = "LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp"
# The listing is written by its triggers only: their functions run as the
# tables' owner, and the application role has no INSERT, UPDATE or DELETE on
# the listing or its clock (deploy/postgresql/application_role.sql).
_PG_TRIGGER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
# How far from now the clock may be set: the notice and margin are settings,
# so the application chooses the clock, but never an arbitrary time.
CLOCK_BOUNDS = ("1 day", "31 days")
_LISTING = "public.scheduling_agendalisting"
# What a list's card shows is copied into the row, so a page is one
# single-table query: no join to plan, no related object to build.
_CARD_COLUMNS = "first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names"
_COPIED = f"practitioner_id, department_id, establishment_id, search_text, {_CARD_COLUMNS}"
_LISTING_COLUMNS = f"agenda_id, specialty_id, {_COPIED}"
_EXCLUDED = ", ".join(f"EXCLUDED.{column}" for column in _COPIED.split(", "))
_OF_MAIN = ", ".join(f"m.{column}" for column in _COPIED.split(", "))


def _pg_trigger(name: str, table: str, event: str, function: str) -> str:
    referencing = {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
    }[event]
    return f"""
CREATE TRIGGER {name} AFTER {event} ON public.{table}
{referencing} FOR EACH STATEMENT EXECUTE FUNCTION public.{function}();
"""


# The agendas with a slot whose reservation was released since the clock last
# moved (issue 24): it may now be their first availability. The clock runs
# ahead of now by a constant (the notice and margin), so the previous move's
# now is the old clock less the new clock's lead. Walks scheduling_slot_release.
_PG_RELEASED = """SELECT s.agenda_id FROM public.scheduling_slot s
                     WHERE s.reserved_for <> '' AND s.status = 'open'
                       AND s.opens_to_all_at > OLD.not_before - (NEW.not_before - now())
                       AND s.opens_to_all_at <= now()"""
_SQLITE_RELEASED = (
    "SELECT s.agenda_id FROM scheduling_slot s WHERE s.reserved_for <> '' AND s.status = 'open'"
    " AND s.opens_to_all_at > strftime('%Y-%m-%d %H:%M:%f',"
    " julianday(OLD.not_before) - julianday(NEW.not_before) + julianday('now'))"
    " AND s.opens_to_all_at <= strftime('%Y-%m-%d %H:%M:%f', 'now')"
)


def _pg_changed(columns: str) -> str:
    """Rows of an UPDATE whose `columns` changed (new_rows n joined to old_rows o)."""
    new = ", ".join(f"n.{c}" for c in columns.split(", "))
    old = ", ".join(f"o.{c}" for c in columns.split(", "))
    return f"new_rows n JOIN old_rows o ON o.id = n.id WHERE ({new}) IS DISTINCT FROM ({old})"


POSTGRESQL = [
    # Immutable, so that indexes can be built on it: unaccent's dictionary is
    # named, and the search path pinned.
    """
CREATE OR REPLACE FUNCTION public.scheduling_normalize(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT ' ' || btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, p_text)),
                                       '[^a-z0-9]+', ' ', 'g')) || ' '
$$;
""",
    # The agenda's first free slot that a patient may book online, from the
    # clock on. Walks scheduling_slot_open_agenda (agenda_id, start).
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_first_free(p_agenda bigint) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT s.start FROM public.scheduling_slot s
     WHERE s.agenda_id = p_agenda AND s.status = 'open' AND s.rule_id IS NOT NULL
       AND s.start >= coalesce((SELECT c.not_before FROM public.scheduling_listingclock c WHERE c.id = 1),
                               '-infinity')
       AND (s.reserved_for = '' OR s.opens_to_all_at <= now())
       AND NOT EXISTS (SELECT 1 FROM public.scheduling_booking b
                        WHERE b.slot_id = s.id AND b.status <> 'cancelled')
       AND EXISTS (SELECT 1 FROM public.scheduling_openingrule_reasons x
                     JOIN public.scheduling_visitreason r ON r.id = x.visitreason_id
                    WHERE x.openingrule_id = s.rule_id AND r.online_bookable
                      AND r.duration_minutes <= floor(extract(epoch FROM s."end" - s.start) / 60))
     ORDER BY s.start LIMIT 1
$$;
""",
    # What a patient's words are matched against: who, which department,
    # which hospital, which city, which specialties.
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_text(p_agenda bigint) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT public.scheduling_normalize(concat_ws(' ', p.first_name, p.last_name, d.name, e.name, e.city,
               (SELECT string_agg(sp.name, ' ' ORDER BY sp.id) FROM public.hospital_specialty sp
                 WHERE sp.id = d.specialty_id
                    OR sp.id IN (SELECT ps.specialty_id FROM public.hospital_practitioner_specialties ps
                                  WHERE ps.practitioner_id = p.id))))
      FROM public.scheduling_agenda a
      JOIN public.hospital_practitioner p ON p.id = a.practitioner_id
      JOIN public.hospital_department d ON d.id = a.department_id
      JOIN public.hospital_establishment e ON e.id = d.establishment_id
     WHERE a.id = p_agenda
$$;
""",
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_set_first(p_agenda bigint) RETURNS void
{_PG} AS $$
DECLARE v_first timestamptz;
BEGIN
    v_first := public.scheduling_listing_first_free(p_agenda);
    UPDATE {_LISTING} SET first_start = v_first
     WHERE agenda_id = p_agenda AND first_start IS DISTINCT FROM v_first;
END $$;
""",
    # Slots changed in these agendas; p_starts[i] is the earliest start among
    # them (NULL: recompute whatever changed). Each agenda's main row is
    # locked first, in agenda order: a concurrent writer of the same agenda
    # waits, then decides on what this one committed (each statement of a
    # volatile function reads a fresh snapshot).
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_refresh(p_agendas bigint[], p_starts timestamptz[])
RETURNS void {_PG} AS $$
DECLARE v_agenda bigint; v_changed timestamptz; v_always boolean; v_current timestamptz;
BEGIN
    FOR v_agenda, v_changed, v_always IN
        SELECT u.agenda, min(u.start), bool_or(u.start IS NULL)
          FROM unnest(p_agendas, p_starts) AS u(agenda, start)
         WHERE u.agenda IS NOT NULL GROUP BY u.agenda ORDER BY u.agenda
    LOOP
        SELECT first_start INTO v_current FROM {_LISTING}
         WHERE agenda_id = v_agenda AND specialty_id IS NULL FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        IF v_always OR v_current IS NULL OR v_changed <= v_current THEN
            PERFORM public.scheduling_listing_set_first(v_agenda);
        END IF;
    END LOOP;
END $$;
""",
    # Who is listed, where, and under which specialties. The main row is
    # updated in place, never deleted while the agenda stays bookable, so a
    # writer waiting for its lock still finds it.
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_rebuild(p_agendas bigint[]) RETURNS void
{_PG} AS $$
DECLARE v_agenda bigint; v_row record;
BEGIN
    FOR v_agenda IN SELECT DISTINCT u FROM unnest(p_agendas) AS u WHERE u IS NOT NULL ORDER BY u LOOP
        PERFORM 1 FROM {_LISTING} WHERE agenda_id = v_agenda AND specialty_id IS NULL FOR UPDATE;
        SELECT a.practitioner_id, a.department_id, d.establishment_id, d.specialty_id,
               p.first_name, p.last_name, p.rpps, d.name AS department_name,
               e.name AS establishment_name, e.city, e.finess,
               coalesce((SELECT string_agg(sp.name, ', ' ORDER BY sp.name)
                           FROM public.hospital_practitioner_specialties ps
                           JOIN public.hospital_specialty sp ON sp.id = ps.specialty_id
                          WHERE ps.practitioner_id = p.id), '') AS specialty_names
          INTO v_row
          FROM public.scheduling_agenda a
          JOIN public.hospital_practitioner p ON p.id = a.practitioner_id
          JOIN public.hospital_department d ON d.id = a.department_id
          JOIN public.hospital_establishment e ON e.id = d.establishment_id
         WHERE a.id = v_agenda AND a.is_active AND e.is_member;
        IF NOT FOUND THEN
            DELETE FROM {_LISTING} WHERE agenda_id = v_agenda;
            CONTINUE;
        END IF;
        INSERT INTO {_LISTING} ({_LISTING_COLUMNS})
        VALUES (v_agenda, NULL, v_row.practitioner_id, v_row.department_id, v_row.establishment_id,
                public.scheduling_listing_text(v_agenda), v_row.first_name, v_row.last_name,
                v_row.rpps, v_row.department_name, v_row.establishment_name, v_row.city,
                v_row.finess, v_row.specialty_names)
        ON CONFLICT (agenda_id) WHERE specialty_id IS NULL DO UPDATE
           SET ({_COPIED}) = ROW({_EXCLUDED});
        DELETE FROM {_LISTING} WHERE agenda_id = v_agenda AND specialty_id IS NOT NULL;
        INSERT INTO {_LISTING} ({_LISTING_COLUMNS}, first_start)
        SELECT m.agenda_id, s.specialty_id, {_OF_MAIN}, m.first_start
          FROM {_LISTING} m,
               (SELECT v_row.specialty_id AS specialty_id WHERE v_row.specialty_id IS NOT NULL
                UNION
                SELECT ps.specialty_id FROM public.hospital_practitioner_specialties ps
                 WHERE ps.practitioner_id = v_row.practitioner_id) s
         WHERE m.agenda_id = v_agenda AND m.specialty_id IS NULL;
        PERFORM public.scheduling_listing_set_first(v_agenda);
    END LOOP;
END $$;
""",
    # --- first availability: slots, bookings, what is offered online
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_slot() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT agenda_id, min(start) AS start FROM new_rows GROUP BY agenda_id) c;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT agenda_id, min(start) AS start FROM old_rows GROUP BY agenda_id) c;
    ELSE
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT n.agenda_id, n.start FROM {_pg_changed('agenda_id, start, "end", status, rule_id, reserved_for, opens_to_all_at')}
                 UNION ALL
                 SELECT o.agenda_id, o.start FROM {_pg_changed('agenda_id, start, "end", status, rule_id, reserved_for, opens_to_all_at')}) c;
    END IF;
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_slot_insert", "scheduling_slot", "INSERT", "scheduling_listing_on_slot"
    ),
    _pg_trigger(
        "scheduling_listing_slot_update", "scheduling_slot", "UPDATE", "scheduling_listing_on_slot"
    ),
    _pg_trigger(
        "scheduling_listing_slot_delete", "scheduling_slot", "DELETE", "scheduling_listing_on_slot"
    ),
    # Bookings at COMMIT, after the institution rule (deferred triggers of
    # one event fire in name order: institution_rule, then scheduling_listing),
    # so that a booking takes the registry's locks before the listing's, as
    # every registry change does: a hospital leaving while a booking there is
    # in flight never waits for it (and never deadlocks with it).
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_booking() RETURNS trigger {_PG_TRIGGER} AS $$
DECLARE v_slots bigint[];
BEGIN
    IF TG_OP = 'INSERT' AND NEW.status <> 'cancelled' THEN
        v_slots := ARRAY[NEW.slot_id];
    ELSIF TG_OP = 'DELETE' AND OLD.status <> 'cancelled' THEN
        v_slots := ARRAY[OLD.slot_id];
    ELSIF TG_OP = 'UPDATE' AND (NEW.slot_id <> OLD.slot_id
                                OR (NEW.status = 'cancelled') <> (OLD.status = 'cancelled')) THEN
        v_slots := ARRAY[NEW.slot_id, OLD.slot_id];
    ELSE
        RETURN NULL;
    END IF;
    PERFORM public.scheduling_listing_refresh(array_agg(s.agenda_id), array_agg(s.start))
       FROM public.scheduling_slot s WHERE s.id = ANY (v_slots);
    RETURN NULL;
END $$;
""",
    """
CREATE CONSTRAINT TRIGGER scheduling_listing AFTER INSERT OR UPDATE OR DELETE
ON public.scheduling_booking DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION public.scheduling_listing_on_booking();
""",
    # Which reasons an opening rule offers decides whether its slots are online.
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_rule_reason() RETURNS trigger {_PG_TRIGGER} AS $$
DECLARE v_agendas bigint[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(r.agenda_id) INTO v_agendas
          FROM new_rows x JOIN public.scheduling_visitreason r ON r.id = x.visitreason_id;
        PERFORM public.scheduling_listing_refresh(v_agendas, NULL);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT array_agg(r.agenda_id) INTO v_agendas
          FROM old_rows x JOIN public.scheduling_visitreason r ON r.id = x.visitreason_id;
        PERFORM public.scheduling_listing_refresh(v_agendas, NULL);
    END IF;
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_rule_reason_insert",
        "scheduling_openingrule_reasons",
        "INSERT",
        "scheduling_listing_on_rule_reason",
    ),
    _pg_trigger(
        "scheduling_listing_rule_reason_update",
        "scheduling_openingrule_reasons",
        "UPDATE",
        "scheduling_listing_on_rule_reason",
    ),
    _pg_trigger(
        "scheduling_listing_rule_reason_delete",
        "scheduling_openingrule_reasons",
        "DELETE",
        "scheduling_listing_on_rule_reason",
    ),
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_reason() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), NULL)
       FROM (SELECT n.agenda_id FROM {_pg_changed("agenda_id, online_bookable, duration_minutes")}
             UNION
             SELECT o.agenda_id FROM {_pg_changed("agenda_id, online_bookable, duration_minutes")}) c;
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_reason_update",
        "scheduling_visitreason",
        "UPDATE",
        "scheduling_listing_on_reason",
    ),
    # --- who is listed, where, under which words
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_agenda() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM public.scheduling_listing_rebuild(array_agg(id)) FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM {_LISTING} WHERE agenda_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM public.scheduling_listing_rebuild(array_agg(n.id))
           FROM {_pg_changed("is_active, practitioner_id, department_id")};
    END IF;
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_agenda_insert",
        "scheduling_agenda",
        "INSERT",
        "scheduling_listing_on_agenda",
    ),
    _pg_trigger(
        "scheduling_listing_agenda_update",
        "scheduling_agenda",
        "UPDATE",
        "scheduling_listing_on_agenda",
    ),
    _pg_trigger(
        "scheduling_listing_agenda_delete",
        "scheduling_agenda",
        "DELETE",
        "scheduling_listing_on_agenda",
    ),
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_department() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.department_id IN (SELECT n.id FROM {_pg_changed("name, specialty_id, establishment_id")});
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_department_update",
        "hospital_department",
        "UPDATE",
        "scheduling_listing_on_department",
    ),
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_establishment() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id
      WHERE d.establishment_id IN (SELECT n.id FROM {_pg_changed("is_member, name, city, finess")});
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_establishment_update",
        "hospital_establishment",
        "UPDATE",
        "scheduling_listing_on_establishment",
    ),
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_practitioner() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.practitioner_id IN (SELECT n.id FROM {_pg_changed("first_name, last_name, rpps")});
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_practitioner_update",
        "hospital_practitioner",
        "UPDATE",
        "scheduling_listing_on_practitioner",
    ),
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_practitioner_specialty() RETURNS trigger
{_PG_TRIGGER} AS $$
DECLARE v_agendas bigint[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(a.id) INTO v_agendas FROM public.scheduling_agenda a
         WHERE a.practitioner_id IN (SELECT practitioner_id FROM new_rows);
        PERFORM public.scheduling_listing_rebuild(v_agendas);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT array_agg(a.id) INTO v_agendas FROM public.scheduling_agenda a
         WHERE a.practitioner_id IN (SELECT practitioner_id FROM old_rows);
        PERFORM public.scheduling_listing_rebuild(v_agendas);
    END IF;
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_practitioner_specialty_insert",
        "hospital_practitioner_specialties",
        "INSERT",
        "scheduling_listing_on_practitioner_specialty",
    ),
    _pg_trigger(
        "scheduling_listing_practitioner_specialty_update",
        "hospital_practitioner_specialties",
        "UPDATE",
        "scheduling_listing_on_practitioner_specialty",
    ),
    _pg_trigger(
        "scheduling_listing_practitioner_specialty_delete",
        "hospital_practitioner_specialties",
        "DELETE",
        "scheduling_listing_on_practitioner_specialty",
    ),
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_specialty() RETURNS trigger {_PG_TRIGGER} AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.department_id IN (SELECT d.id FROM public.hospital_department d
                                 WHERE d.specialty_id IN (SELECT n.id FROM {_pg_changed("name")}))
         OR a.practitioner_id IN (SELECT ps.practitioner_id FROM public.hospital_practitioner_specialties ps
                                   WHERE ps.specialty_id IN (SELECT n.id FROM {_pg_changed("name")}));
    RETURN NULL;
END $$;
""",
    _pg_trigger(
        "scheduling_listing_specialty_update",
        "hospital_specialty",
        "UPDATE",
        "scheduling_listing_on_specialty",
    ),
    # --- the clock. Moving on, it recomputes the rows it overtook; moved back
    # (a shorter notice), every row. Rows a booking is busy with are skipped
    # (it recomputes them itself; the next refresh catches up): the refresh
    # never waits.
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_clock() RETURNS trigger {_PG_TRIGGER} AS $$
DECLARE v_agenda bigint; v_back boolean := TG_OP = 'UPDATE' AND NEW.not_before < OLD.not_before;
BEGIN
    FOR v_agenda IN SELECT agenda_id FROM {_LISTING}
                     WHERE specialty_id IS NULL AND (first_start < NEW.not_before OR v_back
                        OR (TG_OP = 'UPDATE' AND agenda_id IN ({_PG_RELEASED})))
                     ORDER BY agenda_id FOR UPDATE SKIP LOCKED
    LOOP
        PERFORM public.scheduling_listing_set_first(v_agenda);
    END LOOP;
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_clock AFTER INSERT OR UPDATE ON public.scheduling_listingclock
FOR EACH ROW EXECUTE FUNCTION public.scheduling_listing_on_clock();
""",
    # The one way the application moves the clock: within bounds of the
    # database's own now, as the owner.
    f"""
CREATE OR REPLACE FUNCTION public.scheduling_listing_move_clock(p_not_before timestamptz)
RETURNS timestamptz {_PG_TRIGGER} AS $$
BEGIN
    IF p_not_before IS NULL OR p_not_before < now() - interval '{CLOCK_BOUNDS[0]}'
       OR p_not_before > now() + interval '{CLOCK_BOUNDS[1]}' THEN
        RAISE EXCEPTION 'listing clock: % is too far from now', p_not_before
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO public.scheduling_listingclock (id, not_before) VALUES (1, p_not_before)
    ON CONFLICT (id) DO UPDATE SET not_before = EXCLUDED.not_before;
    RETURN p_not_before;
END $$;
""",
    # The functions that write the listing are the triggers' own.
    """
REVOKE ALL ON FUNCTION public.scheduling_listing_set_first(bigint),
    public.scheduling_listing_refresh(bigint[], timestamptz[]),
    public.scheduling_listing_rebuild(bigint[]) FROM PUBLIC;
""",
]

# Triggers on each table, for the checks that they are all in place.
TRIGGERS = {
    "scheduling_slot": ["insert", "update", "delete"],
    "scheduling_booking": ["insert", "update", "delete"],
    "scheduling_openingrule_reasons": ["insert", "update", "delete"],
    "scheduling_visitreason": ["update"],
    "scheduling_agenda": ["insert", "update", "delete"],
    "hospital_department": ["update"],
    "hospital_establishment": ["update"],
    "hospital_practitioner": ["update"],
    "hospital_practitioner_specialties": ["insert", "update", "delete"],
    "hospital_specialty": ["update"],
}
_SHORT = {
    "scheduling_slot": "slot",
    "scheduling_booking": "booking",
    "scheduling_openingrule_reasons": "rule_reason",
    "scheduling_visitreason": "reason",
    "scheduling_agenda": "agenda",
    "hospital_department": "department",
    "hospital_establishment": "establishment",
    "hospital_practitioner": "practitioner",
    "hospital_practitioner_specialties": "practitioner_specialty",
    "hospital_specialty": "specialty",
}


# The deferred trigger of bookings, by the name `SET CONSTRAINTS` knows it.
DEFERRED = "scheduling_listing"


def trigger_names() -> dict[str, list[str]]:
    names = {
        table: [f"scheduling_listing_{_SHORT[table]}_{event}" for event in events]
        for table, events in TRIGGERS.items()
    }
    names["scheduling_booking"] = [DEFERRED]
    names["scheduling_listingclock"] = ["scheduling_listing_clock"]
    return names


# --- SQLite ----------------------------------------------------------------------

_SQLITE_FIRST_FREE = """(
    SELECT min(s.start) FROM scheduling_slot s
     WHERE s.agenda_id = scheduling_agendalisting.agenda_id AND s.status = 'open'
       AND s.rule_id IS NOT NULL
       AND s.start >= coalesce((SELECT c.not_before FROM scheduling_listingclock c WHERE c.id = 1), '')
       AND (s.reserved_for = '' OR s.opens_to_all_at <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
       AND NOT EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id = s.id AND b.status <> 'cancelled')
       AND EXISTS (SELECT 1 FROM scheduling_openingrule_reasons x
                     JOIN scheduling_visitreason r ON r.id = x.visitreason_id
                    WHERE x.openingrule_id = s.rule_id AND r.online_bookable
                      AND r.duration_minutes <= CAST((julianday(s."end") - julianday(s.start))
                                                     * 1440 + 0.0001 AS INTEGER)))"""

_SQLITE_TEXT = """scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), ''))"""

_SQLITE_FROM = """FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id"""


def _sqlite_set_first(where: str) -> str:
    return f"UPDATE scheduling_agendalisting SET first_start = {_SQLITE_FIRST_FREE} WHERE {where};"


_SQLITE_SPECIALTY_NAMES = """coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '')"""


def _sqlite_rebuild(agendas: str) -> list[str]:
    """Statements that list again the agendas `a` for which `agendas` holds."""
    bookable = f"({agendas}) AND a.is_active AND e.is_member"
    columns = (
        f"a.practitioner_id, a.department_id, d.establishment_id, {_SQLITE_TEXT},"
        " p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess,"
        f" {_SQLITE_SPECIALTY_NAMES}"
    )
    return [
        f"""DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE {agendas});""",
        f"""INSERT INTO scheduling_agendalisting ({_LISTING_COLUMNS})
    SELECT a.id, NULL, {columns} {_SQLITE_FROM} WHERE {bookable}
    UNION
    SELECT a.id, d.specialty_id, {columns} {_SQLITE_FROM}
     WHERE {bookable} AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, {columns} {_SQLITE_FROM}
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE {bookable};""",
        _sqlite_set_first(f"agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE {agendas})"),
    ]


def _sqlite_trigger(name: str, event: str, body: str | list[str], when: str = "") -> str:
    when = f"WHEN {when}" if when else ""
    statements = "\n    ".join([body] if isinstance(body, str) else body)
    return f"""
CREATE TRIGGER {name} AFTER {event}
FOR EACH ROW {when}
BEGIN
    {statements}
END;
"""


def _slot_agenda(row: str) -> str:
    return f"(SELECT agenda_id FROM scheduling_slot WHERE id = {row}.slot_id)"


SQLITE = [
    _sqlite_trigger(
        "scheduling_listing_slot_insert",
        "INSERT ON scheduling_slot",
        _sqlite_set_first("agenda_id = NEW.agenda_id"),
    ),
    _sqlite_trigger(
        "scheduling_listing_slot_update",
        'UPDATE OF agenda_id, start, "end", status, rule_id, reserved_for, opens_to_all_at'
        " ON scheduling_slot",
        _sqlite_set_first("agenda_id IN (NEW.agenda_id, OLD.agenda_id)"),
    ),
    _sqlite_trigger(
        "scheduling_listing_slot_delete",
        "DELETE ON scheduling_slot",
        _sqlite_set_first("agenda_id = OLD.agenda_id"),
    ),
    _sqlite_trigger(
        "scheduling_listing_booking_insert",
        "INSERT ON scheduling_booking",
        _sqlite_set_first(f"agenda_id = {_slot_agenda('NEW')}"),
        when="NEW.status <> 'cancelled'",
    ),
    _sqlite_trigger(
        "scheduling_listing_booking_update",
        "UPDATE OF slot_id, status ON scheduling_booking",
        _sqlite_set_first(f"agenda_id IN ({_slot_agenda('NEW')}, {_slot_agenda('OLD')})"),
    ),
    _sqlite_trigger(
        "scheduling_listing_booking_delete",
        "DELETE ON scheduling_booking",
        _sqlite_set_first(f"agenda_id = {_slot_agenda('OLD')}"),
    ),
    *[
        _sqlite_trigger(
            f"scheduling_listing_rule_reason_{event.split()[0].lower()}",
            f"{event} ON scheduling_openingrule_reasons",
            _sqlite_set_first(
                f"agenda_id IN (SELECT agenda_id FROM scheduling_visitreason WHERE id IN ({rows}))"
            ),
        )
        for event, rows in [
            ("INSERT", "NEW.visitreason_id"),
            ("UPDATE", "NEW.visitreason_id, OLD.visitreason_id"),
            ("DELETE", "OLD.visitreason_id"),
        ]
    ],
    _sqlite_trigger(
        "scheduling_listing_reason_update",
        "UPDATE OF agenda_id, online_bookable, duration_minutes ON scheduling_visitreason",
        _sqlite_set_first("agenda_id IN (NEW.agenda_id, OLD.agenda_id)"),
    ),
    _sqlite_trigger(
        "scheduling_listing_agenda_insert",
        "INSERT ON scheduling_agenda",
        _sqlite_rebuild("a.id = NEW.id"),
    ),
    _sqlite_trigger(
        "scheduling_listing_agenda_update",
        "UPDATE OF is_active, practitioner_id, department_id ON scheduling_agenda",
        _sqlite_rebuild("a.id = NEW.id"),
    ),
    _sqlite_trigger(
        "scheduling_listing_agenda_delete",
        "DELETE ON scheduling_agenda",
        "DELETE FROM scheduling_agendalisting WHERE agenda_id = OLD.id;",
    ),
    _sqlite_trigger(
        "scheduling_listing_department_update",
        "UPDATE OF name, specialty_id, establishment_id ON hospital_department",
        _sqlite_rebuild("a.department_id = NEW.id"),
    ),
    _sqlite_trigger(
        "scheduling_listing_establishment_update",
        "UPDATE OF is_member, name, city, finess ON hospital_establishment",
        _sqlite_rebuild(
            "a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id)"
        ),
    ),
    _sqlite_trigger(
        "scheduling_listing_practitioner_update",
        "UPDATE OF first_name, last_name, rpps ON hospital_practitioner",
        _sqlite_rebuild("a.practitioner_id = NEW.id"),
    ),
    *[
        _sqlite_trigger(
            f"scheduling_listing_practitioner_specialty_{event.split()[0].lower()}",
            f"{event} ON hospital_practitioner_specialties",
            _sqlite_rebuild(f"a.practitioner_id IN ({rows})"),
        )
        for event, rows in [
            ("INSERT", "NEW.practitioner_id"),
            ("UPDATE", "NEW.practitioner_id, OLD.practitioner_id"),
            ("DELETE", "OLD.practitioner_id"),
        ]
    ],
    _sqlite_trigger(
        "scheduling_listing_specialty_update",
        "UPDATE OF name ON hospital_specialty",
        _sqlite_rebuild(
            "a.department_id IN (SELECT id FROM hospital_department WHERE specialty_id = NEW.id)"
            " OR a.practitioner_id IN (SELECT practitioner_id FROM hospital_practitioner_specialties"
            " WHERE specialty_id = NEW.id)"
        ),
    ),
    _sqlite_trigger(
        "scheduling_listing_clock_insert",
        "INSERT ON scheduling_listingclock",
        _sqlite_set_first("first_start < NEW.not_before"),
    ),
    _sqlite_trigger(
        "scheduling_listing_clock_update",
        "UPDATE ON scheduling_listingclock",
        _sqlite_set_first(
            "first_start < NEW.not_before OR NEW.not_before < OLD.not_before"
            f" OR agenda_id IN ({_SQLITE_RELEASED})"
        ),
    ),
    # The one way the application moves the clock (its connections may not
    # write the listing or the clock outside triggers: rules/connection.py).
    """
CREATE VIEW IF NOT EXISTS scheduling_listing_clock_input AS
SELECT not_before FROM scheduling_listingclock WHERE 0;
""",
    f"""
CREATE TRIGGER scheduling_listing_clock_input INSTEAD OF INSERT ON scheduling_listing_clock_input
BEGIN
    SELECT RAISE(ABORT, 'listing clock: too far from now')
     WHERE NEW.not_before IS NULL
        OR julianday(NEW.not_before) < julianday('now', '-{CLOCK_BOUNDS[0]}')
        OR julianday(NEW.not_before) > julianday('now', '+{CLOCK_BOUNDS[1]}');
    INSERT OR IGNORE INTO scheduling_listingclock (id, not_before) VALUES (1, NEW.not_before);
    UPDATE scheduling_listingclock SET not_before = NEW.not_before WHERE id = 1;
END;
""",
]


def sqlite_trigger_names() -> dict[str, list[str]]:
    names = trigger_names()
    names["scheduling_booking"] = [
        f"scheduling_listing_booking_{event}" for event in ("insert", "update", "delete")
    ]
    names["scheduling_listingclock"] = [
        "scheduling_listing_clock_insert",
        "scheduling_listing_clock_update",
    ]
    names["scheduling_listing_clock_input"] = ["scheduling_listing_clock_input"]
    return names


# --- as objects of the rules program -----------------------------------------------

_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION public\.(\w+)\((.*?)\)", re.DOTALL)
_TRIGGER = re.compile(
    r"CREATE (?:CONSTRAINT )?TRIGGER (\w+)\b.*?\bON (?:public\.)?(\w+)", re.DOTALL
)
_VIEW = re.compile(r"CREATE VIEW IF NOT EXISTS (\w+)")


def _argument_types(arguments: str) -> str:
    return ", ".join(a.split()[-1] for a in arguments.split(",") if a.strip())


def _object(vendor: str, statement: str) -> DbObject:
    create = statement.strip()
    if match := _FUNCTION.match(create):
        name, arguments = match[1], _argument_types(match[2])
        drop = f"DROP FUNCTION IF EXISTS public.{name}({arguments}) CASCADE;"
        return DbObject("function", name, create, drop)
    if match := _TRIGGER.match(create):
        trigger, table = match[1], match[2]
        on = f" ON public.{table}" if vendor == "postgresql" else ""
        return DbObject(
            "trigger", f"{table}.{trigger}", create, f"DROP TRIGGER IF EXISTS {trigger}{on};"
        )
    if match := _VIEW.match(create):
        return DbObject("view", match[1], create, f"DROP VIEW IF EXISTS {match[1]};")
    if create.startswith(("REVOKE ", "GRANT ")):
        return DbObject("grant", "scheduling_listing_privileges", create, "SELECT 1;")
    raise ValueError(f"the listing's SQL holds a statement of no known kind: {create[:60]}")


def objects(vendor: str) -> list[DbObject]:
    """The listing's functions, triggers, view and grants, in creation order."""
    statements = POSTGRESQL if vendor == "postgresql" else SQLITE
    return [_object(vendor, statement) for statement in statements]
