-- object: function scheduling_slot_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.start <= clock_timestamp() THEN
            RAISE EXCEPTION 'institution rule: no slot is opened in the past'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.start <= clock_timestamp() THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'institution rule: this slot has started: it is never deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (OLD.agenda_id, OLD.start, OLD."end", OLD.status, OLD.reserved_for, OLD.opens_to_all_at)
           IS DISTINCT FROM
           (NEW.agenda_id, NEW.start, NEW."end", NEW.status, NEW.reserved_for, NEW.opens_to_all_at) THEN
            RAISE EXCEPTION 'institution rule: this slot has started: its agenda, times, status and reservation never change'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.start <= clock_timestamp() AND (OLD.agenda_id, OLD.start, OLD."end")
                                IS DISTINCT FROM (NEW.agenda_id, NEW.start, NEW."end") THEN
        RAISE EXCEPTION 'institution rule: a slot is never moved into the past'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
