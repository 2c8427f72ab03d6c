-- object: function scheduling_booking_hold_maker
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_hold_maker() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_hold_maker() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_acting text := coalesce(current_setting('scheduling.acting_for', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'pending' AND (NEW.held_by = '' OR NEW.held_by <> v_acting) THEN
            RAISE EXCEPTION 'institution rule: a hold records who made it, as its transaction declares' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF NEW.status <> 'pending' AND NEW.held_by <> '' THEN
            RAISE EXCEPTION 'institution rule: only a hold records who made it' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.held_by IS DISTINCT FROM OLD.held_by THEN
        RAISE EXCEPTION 'institution rule: who made a hold never changes' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status = 'pending' AND NEW.status = 'booked'
       AND (OLD.held_by = '' OR OLD.held_by <> v_acting) THEN
        RAISE EXCEPTION 'institution rule: a hold is confirmed only by who made it' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
