"""Capacity reserved per channel (issue 24), in the first-availability
listing: a slot still reserved for other channels is nobody's public first
availability, a change of a slot's reservation refreshes its agenda's row, and
the clock, as it moves, refreshes the agendas with a slot released since its
last move (served by the new partial index on the release time).

SQLite: the listing's triggers are replaced; PostgreSQL: its functions (the
triggers stay, and call the new ones). No slot was reserved before this, so no
row changes."""

from django.db import migrations, models

# A frozen copy of scheduling/listing.py (tests/listing/test_listing_sql.py
# checks that the latest migration and the module agree).

LISTING_POSTGRESQL = [
    """
CREATE OR REPLACE FUNCTION public.scheduling_normalize(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT ' ' || btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, p_text)),
                                       '[^a-z0-9]+', ' ', 'g')) || ' '
$$;
""",
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
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_set_first(p_agenda bigint) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_first timestamptz;
BEGIN
    v_first := public.scheduling_listing_first_free(p_agenda);
    UPDATE public.scheduling_agendalisting SET first_start = v_first
     WHERE agenda_id = p_agenda AND first_start IS DISTINCT FROM v_first;
END $$;
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_refresh(p_agendas bigint[], p_starts timestamptz[])
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agenda bigint; v_changed timestamptz; v_always boolean; v_current timestamptz;
BEGIN
    FOR v_agenda, v_changed, v_always IN
        SELECT u.agenda, min(u.start), bool_or(u.start IS NULL)
          FROM unnest(p_agendas, p_starts) AS u(agenda, start)
         WHERE u.agenda IS NOT NULL GROUP BY u.agenda ORDER BY u.agenda
    LOOP
        SELECT first_start INTO v_current FROM public.scheduling_agendalisting
         WHERE agenda_id = v_agenda AND specialty_id IS NULL FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        IF v_always OR v_current IS NULL OR v_changed <= v_current THEN
            PERFORM public.scheduling_listing_set_first(v_agenda);
        END IF;
    END LOOP;
END $$;
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_rebuild(p_agendas bigint[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agenda bigint; v_row record;
BEGIN
    FOR v_agenda IN SELECT DISTINCT u FROM unnest(p_agendas) AS u WHERE u IS NOT NULL ORDER BY u LOOP
        PERFORM 1 FROM public.scheduling_agendalisting WHERE agenda_id = v_agenda AND specialty_id IS NULL FOR UPDATE;
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
            DELETE FROM public.scheduling_agendalisting WHERE agenda_id = v_agenda;
            CONTINUE;
        END IF;
        INSERT INTO public.scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
        VALUES (v_agenda, NULL, v_row.practitioner_id, v_row.department_id, v_row.establishment_id,
                public.scheduling_listing_text(v_agenda), v_row.first_name, v_row.last_name,
                v_row.rpps, v_row.department_name, v_row.establishment_name, v_row.city,
                v_row.finess, v_row.specialty_names)
        ON CONFLICT (agenda_id) WHERE specialty_id IS NULL DO UPDATE
           SET (practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names) = ROW(EXCLUDED.practitioner_id, EXCLUDED.department_id, EXCLUDED.establishment_id, EXCLUDED.search_text, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.rpps, EXCLUDED.department_name, EXCLUDED.establishment_name, EXCLUDED.city, EXCLUDED.finess, EXCLUDED.specialty_names);
        DELETE FROM public.scheduling_agendalisting WHERE agenda_id = v_agenda AND specialty_id IS NOT NULL;
        INSERT INTO public.scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names, first_start)
        SELECT m.agenda_id, s.specialty_id, m.practitioner_id, m.department_id, m.establishment_id, m.search_text, m.first_name, m.last_name, m.rpps, m.department_name, m.establishment_name, m.city, m.finess, m.specialty_names, m.first_start
          FROM public.scheduling_agendalisting m,
               (SELECT v_row.specialty_id AS specialty_id WHERE v_row.specialty_id IS NOT NULL
                UNION
                SELECT ps.specialty_id FROM public.hospital_practitioner_specialties ps
                 WHERE ps.practitioner_id = v_row.practitioner_id) s
         WHERE m.agenda_id = v_agenda AND m.specialty_id IS NULL;
        PERFORM public.scheduling_listing_set_first(v_agenda);
    END LOOP;
END $$;
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_slot() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT agenda_id, min(start) AS start FROM new_rows GROUP BY agenda_id) c;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT agenda_id, min(start) AS start FROM old_rows GROUP BY agenda_id) c;
    ELSE
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT n.agenda_id, n.start FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.start, n."end", n.status, n.rule_id, n.reserved_for, n.opens_to_all_at) IS DISTINCT FROM (o.agenda_id, o.start, o."end", o.status, o.rule_id, o.reserved_for, o.opens_to_all_at)
                 UNION ALL
                 SELECT o.agenda_id, o.start FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.start, n."end", n.status, n.rule_id, n.reserved_for, n.opens_to_all_at) IS DISTINCT FROM (o.agenda_id, o.start, o."end", o.status, o.rule_id, o.reserved_for, o.opens_to_all_at)) c;
    END IF;
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_slot_insert AFTER INSERT ON public.scheduling_slot
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_slot();
""",
    """
CREATE TRIGGER scheduling_listing_slot_update AFTER UPDATE ON public.scheduling_slot
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_slot();
""",
    """
CREATE TRIGGER scheduling_listing_slot_delete AFTER DELETE ON public.scheduling_slot
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_slot();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_booking() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
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
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_rule_reason() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
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
    """
CREATE TRIGGER scheduling_listing_rule_reason_insert AFTER INSERT ON public.scheduling_openingrule_reasons
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_rule_reason();
""",
    """
CREATE TRIGGER scheduling_listing_rule_reason_update AFTER UPDATE ON public.scheduling_openingrule_reasons
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_rule_reason();
""",
    """
CREATE TRIGGER scheduling_listing_rule_reason_delete AFTER DELETE ON public.scheduling_openingrule_reasons
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_rule_reason();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_reason() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), NULL)
       FROM (SELECT n.agenda_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.online_bookable, n.duration_minutes) IS DISTINCT FROM (o.agenda_id, o.online_bookable, o.duration_minutes)
             UNION
             SELECT o.agenda_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.online_bookable, n.duration_minutes) IS DISTINCT FROM (o.agenda_id, o.online_bookable, o.duration_minutes)) c;
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_reason_update AFTER UPDATE ON public.scheduling_visitreason
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_reason();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_agenda() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM public.scheduling_listing_rebuild(array_agg(id)) FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM public.scheduling_agendalisting WHERE agenda_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM public.scheduling_listing_rebuild(array_agg(n.id))
           FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.is_active, n.practitioner_id, n.department_id) IS DISTINCT FROM (o.is_active, o.practitioner_id, o.department_id);
    END IF;
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_agenda_insert AFTER INSERT ON public.scheduling_agenda
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_agenda();
""",
    """
CREATE TRIGGER scheduling_listing_agenda_update AFTER UPDATE ON public.scheduling_agenda
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_agenda();
""",
    """
CREATE TRIGGER scheduling_listing_agenda_delete AFTER DELETE ON public.scheduling_agenda
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_agenda();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_department() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.department_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.name, n.specialty_id, n.establishment_id) IS DISTINCT FROM (o.name, o.specialty_id, o.establishment_id));
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_department_update AFTER UPDATE ON public.hospital_department
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_department();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_establishment() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id
      WHERE d.establishment_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.is_member, n.name, n.city, n.finess) IS DISTINCT FROM (o.is_member, o.name, o.city, o.finess));
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_establishment_update AFTER UPDATE ON public.hospital_establishment
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_establishment();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_practitioner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.practitioner_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.first_name, n.last_name, n.rpps) IS DISTINCT FROM (o.first_name, o.last_name, o.rpps));
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_update AFTER UPDATE ON public.hospital_practitioner
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_practitioner();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_practitioner_specialty() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
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
    """
CREATE TRIGGER scheduling_listing_practitioner_specialty_insert AFTER INSERT ON public.hospital_practitioner_specialties
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_practitioner_specialty();
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_specialty_update AFTER UPDATE ON public.hospital_practitioner_specialties
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_practitioner_specialty();
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_specialty_delete AFTER DELETE ON public.hospital_practitioner_specialties
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_practitioner_specialty();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_specialty() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.department_id IN (SELECT d.id FROM public.hospital_department d
                                 WHERE d.specialty_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.name) IS DISTINCT FROM (o.name)))
         OR a.practitioner_id IN (SELECT ps.practitioner_id FROM public.hospital_practitioner_specialties ps
                                   WHERE ps.specialty_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.name) IS DISTINCT FROM (o.name)));
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_listing_specialty_update AFTER UPDATE ON public.hospital_specialty
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_specialty();
""",
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_clock() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agenda bigint; v_back boolean := TG_OP = 'UPDATE' AND NEW.not_before < OLD.not_before;
BEGIN
    FOR v_agenda IN SELECT agenda_id FROM public.scheduling_agendalisting
                     WHERE specialty_id IS NULL AND (first_start < NEW.not_before OR v_back
                        OR (TG_OP = 'UPDATE' AND agenda_id IN (SELECT s.agenda_id FROM public.scheduling_slot s
                     WHERE s.reserved_for <> '' AND s.status = 'open'
                       AND s.opens_to_all_at > OLD.not_before - (NEW.not_before - now())
                       AND s.opens_to_all_at <= now())))
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
    """
CREATE OR REPLACE FUNCTION public.scheduling_listing_move_clock(p_not_before timestamptz)
RETURNS timestamptz LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF p_not_before IS NULL OR p_not_before < now() - interval '1 day'
       OR p_not_before > now() + interval '31 days' THEN
        RAISE EXCEPTION 'listing clock: % is too far from now', p_not_before
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO public.scheduling_listingclock (id, not_before) VALUES (1, p_not_before)
    ON CONFLICT (id) DO UPDATE SET not_before = EXCLUDED.not_before;
    RETURN p_not_before;
END $$;
""",
    """
REVOKE ALL ON FUNCTION public.scheduling_listing_set_first(bigint),
    public.scheduling_listing_refresh(bigint[], timestamptz[]),
    public.scheduling_listing_rebuild(bigint[]) FROM PUBLIC;
""",
]


LISTING_POSTGRESQL_REVERSE = [
    """DROP TRIGGER IF EXISTS scheduling_listing_slot_insert ON public.scheduling_slot;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_slot_update ON public.scheduling_slot;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_slot_delete ON public.scheduling_slot;""",
    """DROP TRIGGER IF EXISTS scheduling_listing ON public.scheduling_booking;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_insert ON public.scheduling_openingrule_reasons;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_update ON public.scheduling_openingrule_reasons;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_delete ON public.scheduling_openingrule_reasons;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_reason_update ON public.scheduling_visitreason;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_agenda_insert ON public.scheduling_agenda;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_agenda_update ON public.scheduling_agenda;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_agenda_delete ON public.scheduling_agenda;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_department_update ON public.hospital_department;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_establishment_update ON public.hospital_establishment;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_update ON public.hospital_practitioner;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_specialty_insert ON public.hospital_practitioner_specialties;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_specialty_update ON public.hospital_practitioner_specialties;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_specialty_delete ON public.hospital_practitioner_specialties;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_specialty_update ON public.hospital_specialty;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_clock ON public.scheduling_listingclock;""",
    """DROP FUNCTION IF EXISTS public.scheduling_listing_on_clock(), public.scheduling_listing_on_specialty(), public.scheduling_listing_on_practitioner_specialty(), public.scheduling_listing_on_practitioner(), public.scheduling_listing_on_establishment(), public.scheduling_listing_on_department(), public.scheduling_listing_on_agenda(), public.scheduling_listing_on_reason(), public.scheduling_listing_on_rule_reason(), public.scheduling_listing_on_booking(), public.scheduling_listing_on_slot(), public.scheduling_listing_move_clock(timestamptz);""",
    """DROP FUNCTION IF EXISTS public.scheduling_listing_rebuild(bigint[]), public.scheduling_listing_refresh(bigint[], timestamptz[]), public.scheduling_listing_set_first(bigint), public.scheduling_listing_text(bigint), public.scheduling_listing_first_free(bigint), public.scheduling_normalize(text);""",
]


LISTING_POSTGRESQL_BACKFILL = [
    """INSERT INTO public.scheduling_listingclock (id, not_before) VALUES (1, now()) ON CONFLICT DO NOTHING;""",
    """SELECT public.scheduling_listing_rebuild(array_agg(id)) FROM public.scheduling_agenda;""",
]


LISTING_SQLITE = [
    """
CREATE TRIGGER scheduling_listing_slot_insert AFTER INSERT ON scheduling_slot
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id = NEW.agenda_id;
END;
""",
    """
CREATE TRIGGER scheduling_listing_slot_update AFTER UPDATE OF agenda_id, start, "end", status, rule_id, reserved_for, opens_to_all_at ON scheduling_slot
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (NEW.agenda_id, OLD.agenda_id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_slot_delete AFTER DELETE ON scheduling_slot
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id = OLD.agenda_id;
END;
""",
    """
CREATE TRIGGER scheduling_listing_booking_insert AFTER INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.status <> 'cancelled'
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id = (SELECT agenda_id FROM scheduling_slot WHERE id = NEW.slot_id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_booking_update AFTER UPDATE OF slot_id, status ON scheduling_booking
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN ((SELECT agenda_id FROM scheduling_slot WHERE id = NEW.slot_id), (SELECT agenda_id FROM scheduling_slot WHERE id = OLD.slot_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_booking_delete AFTER DELETE ON scheduling_booking
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id = (SELECT agenda_id FROM scheduling_slot WHERE id = OLD.slot_id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_rule_reason_insert AFTER INSERT ON scheduling_openingrule_reasons
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT agenda_id FROM scheduling_visitreason WHERE id IN (NEW.visitreason_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_rule_reason_update AFTER UPDATE ON scheduling_openingrule_reasons
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT agenda_id FROM scheduling_visitreason WHERE id IN (NEW.visitreason_id, OLD.visitreason_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_rule_reason_delete AFTER DELETE ON scheduling_openingrule_reasons
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT agenda_id FROM scheduling_visitreason WHERE id IN (OLD.visitreason_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_reason_update AFTER UPDATE OF agenda_id, online_bookable, duration_minutes ON scheduling_visitreason
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (NEW.agenda_id, OLD.agenda_id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_agenda_insert AFTER INSERT ON scheduling_agenda
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.id = NEW.id);
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.id = NEW.id) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.id = NEW.id) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.id = NEW.id) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.id = NEW.id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_agenda_update AFTER UPDATE OF is_active, practitioner_id, department_id ON scheduling_agenda
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.id = NEW.id);
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.id = NEW.id) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.id = NEW.id) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.id = NEW.id) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.id = NEW.id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_agenda_delete AFTER DELETE ON scheduling_agenda
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting WHERE agenda_id = OLD.id;
END;
""",
    """
CREATE TRIGGER scheduling_listing_department_update AFTER UPDATE OF name, specialty_id, establishment_id ON hospital_department
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id = NEW.id);
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.department_id = NEW.id) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.department_id = NEW.id) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.department_id = NEW.id) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id = NEW.id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_establishment_update AFTER UPDATE OF is_member, name, city, finess ON hospital_establishment
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id));
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id)) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id)) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id)) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_update AFTER UPDATE OF first_name, last_name, rpps ON hospital_practitioner
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id = NEW.id);
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.practitioner_id = NEW.id) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.practitioner_id = NEW.id) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.practitioner_id = NEW.id) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id = NEW.id);
END;
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_specialty_insert AFTER INSERT ON hospital_practitioner_specialties
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id IN (NEW.practitioner_id));
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.practitioner_id IN (NEW.practitioner_id)) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.practitioner_id IN (NEW.practitioner_id)) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.practitioner_id IN (NEW.practitioner_id)) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id IN (NEW.practitioner_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_specialty_update AFTER UPDATE ON hospital_practitioner_specialties
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id IN (NEW.practitioner_id, OLD.practitioner_id));
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.practitioner_id IN (NEW.practitioner_id, OLD.practitioner_id)) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.practitioner_id IN (NEW.practitioner_id, OLD.practitioner_id)) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.practitioner_id IN (NEW.practitioner_id, OLD.practitioner_id)) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id IN (NEW.practitioner_id, OLD.practitioner_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_practitioner_specialty_delete AFTER DELETE ON hospital_practitioner_specialties
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id IN (OLD.practitioner_id));
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.practitioner_id IN (OLD.practitioner_id)) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.practitioner_id IN (OLD.practitioner_id)) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.practitioner_id IN (OLD.practitioner_id)) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.practitioner_id IN (OLD.practitioner_id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_specialty_update AFTER UPDATE OF name ON hospital_specialty
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id IN (SELECT id FROM hospital_department WHERE specialty_id = NEW.id) OR a.practitioner_id IN (SELECT practitioner_id FROM hospital_practitioner_specialties WHERE specialty_id = NEW.id));
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.department_id IN (SELECT id FROM hospital_department WHERE specialty_id = NEW.id) OR a.practitioner_id IN (SELECT practitioner_id FROM hospital_practitioner_specialties WHERE specialty_id = NEW.id)) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.department_id IN (SELECT id FROM hospital_department WHERE specialty_id = NEW.id) OR a.practitioner_id IN (SELECT practitioner_id FROM hospital_practitioner_specialties WHERE specialty_id = NEW.id)) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.department_id IN (SELECT id FROM hospital_department WHERE specialty_id = NEW.id) OR a.practitioner_id IN (SELECT practitioner_id FROM hospital_practitioner_specialties WHERE specialty_id = NEW.id)) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id IN (SELECT id FROM hospital_department WHERE specialty_id = NEW.id) OR a.practitioner_id IN (SELECT practitioner_id FROM hospital_practitioner_specialties WHERE specialty_id = NEW.id));
END;
""",
    """
CREATE TRIGGER scheduling_listing_clock_insert AFTER INSERT ON scheduling_listingclock
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE first_start < NEW.not_before;
END;
""",
    """
CREATE TRIGGER scheduling_listing_clock_update AFTER UPDATE ON scheduling_listingclock
FOR EACH ROW 
BEGIN
    UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE first_start < NEW.not_before OR NEW.not_before < OLD.not_before OR agenda_id IN (SELECT s.agenda_id FROM scheduling_slot s WHERE s.reserved_for <> '' AND s.status = 'open' AND s.opens_to_all_at > strftime('%Y-%m-%d %H:%M:%f', julianday(OLD.not_before) - julianday(NEW.not_before) + julianday('now')) AND s.opens_to_all_at <= strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
""",
    """
CREATE VIEW IF NOT EXISTS scheduling_listing_clock_input AS
SELECT not_before FROM scheduling_listingclock WHERE 0;
""",
    """
CREATE TRIGGER scheduling_listing_clock_input INSTEAD OF INSERT ON scheduling_listing_clock_input
BEGIN
    SELECT RAISE(ABORT, 'listing clock: too far from now')
     WHERE NEW.not_before IS NULL
        OR julianday(NEW.not_before) < julianday('now', '-1 day')
        OR julianday(NEW.not_before) > julianday('now', '+31 days');
    INSERT OR IGNORE INTO scheduling_listingclock (id, not_before) VALUES (1, NEW.not_before);
    UPDATE scheduling_listingclock SET not_before = NEW.not_before WHERE id = 1;
END;
""",
]


LISTING_SQLITE_REVERSE = [
    """DROP TRIGGER IF EXISTS scheduling_listing_slot_insert;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_slot_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_slot_delete;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_booking_insert;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_booking_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_booking_delete;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_insert;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_delete;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_reason_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_agenda_insert;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_agenda_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_agenda_delete;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_department_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_establishment_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_specialty_insert;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_specialty_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_practitioner_specialty_delete;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_specialty_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_clock_insert;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_clock_update;""",
    """DROP TRIGGER IF EXISTS scheduling_listing_clock_input;""",
    """DROP VIEW IF EXISTS scheduling_listing_clock_input;""",
]


LISTING_SQLITE_BACKFILL = [
    """INSERT OR IGNORE INTO scheduling_listingclock (id, not_before) VALUES (1, strftime('%Y-%m-%d %H:%M:%f', 'now'));""",
    """DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE 1);""",
    """INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (1) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (1) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (1) AND a.is_active AND e.is_member;""",
    """UPDATE scheduling_agendalisting SET first_start = (
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE 1);""",
]



def _install_listing(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = LISTING_SQLITE_REVERSE + LISTING_SQLITE
    else:
        statements = [
            s
            for s in LISTING_POSTGRESQL
            if "CREATE TRIGGER" not in s and "CREATE CONSTRAINT TRIGGER" not in s
        ]
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0041_channel_reservation")]

    operations = [
        migrations.AddIndex(
            model_name="slot",
            index=models.Index(
                condition=models.Q(("reserved_for", ""), _negated=True),
                fields=["opens_to_all_at"],
                name="scheduling_slot_release",
            ),
        ),
        migrations.RunPython(_install_listing, migrations.RunPython.noop),
    ]
