-- object: function hospital_membership_history
-- drop: DROP FUNCTION IF EXISTS public.hospital_membership_history() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_membership_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_today date := public.scheduling_local_date(clock_timestamp());
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.ends_on < v_today THEN
        RAISE EXCEPTION 'institution rule: this membership period has ended: it never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.starts_on <= v_today THEN
            RAISE EXCEPTION 'institution rule: this membership period has started: it is never deleted; give it an end date'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.starts_on <= v_today AND NEW.starts_on IS DISTINCT FROM OLD.starts_on THEN
        RAISE EXCEPTION 'institution rule: this membership period has started: its start never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.ends_on < v_today AND (TG_OP = 'INSERT' OR NEW.ends_on IS DISTINCT FROM OLD.ends_on) THEN
        RAISE EXCEPTION 'institution rule: a membership ends today or later: the past is not rewritten'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- A period starts today or later: one starting earlier would say the
    -- establishment was a member over days it was not (after it left, or
    -- before it joined), which the report counts. Only its first period,
    -- before it has any booking, starts earlier (the seed's, an import's).
    IF NEW.starts_on < v_today AND (TG_OP = 'INSERT' OR NEW.starts_on < OLD.starts_on) AND (
           EXISTS (SELECT 1 FROM public.hospital_membership o
                    WHERE o.establishment_id = NEW.establishment_id AND o.id <> NEW.id)
        OR EXISTS (SELECT 1 FROM public.scheduling_booking b
                     JOIN public.scheduling_slot s ON s.id = b.slot_id
                     JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                     JOIN public.hospital_department d ON d.id = a.department_id
                    WHERE d.establishment_id = NEW.establishment_id)) THEN
        RAISE EXCEPTION 'institution rule: a membership period starts today or later: only the first period of an establishment without bookings starts earlier'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Today's appointments that have started are the past too: a period
    -- starting today never covers this morning's booking that resolved outside.
    IF NEW.starts_on <= v_today AND (TG_OP = 'INSERT' OR NEW.starts_on IS DISTINCT FROM OLD.starts_on) THEN
        IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                     JOIN public.scheduling_slot s ON s.id = b.slot_id
                     JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                     JOIN public.hospital_department d ON d.id = a.department_id
                    WHERE d.establishment_id = NEW.establishment_id AND b.status <> 'cancelled'
                      AND s.start <= clock_timestamp()
                      AND public.scheduling_local_date(s.start) BETWEEN NEW.starts_on AND coalesce(NEW.ends_on, 'infinity'::date)) THEN
            RAISE EXCEPTION 'institution rule: bookings of the past resolved outside the institution on these dates: a new period never covers them'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
