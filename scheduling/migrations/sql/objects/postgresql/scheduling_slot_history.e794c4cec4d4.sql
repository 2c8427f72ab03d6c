-- object: function scheduling_slot_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.start <= clock_timestamp() THEN
        RAISE EXCEPTION 'institution rule: this slot has started: its agenda and times never change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.start <= clock_timestamp() THEN
        RAISE EXCEPTION 'institution rule: a slot is never moved into the past'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
