-- object: function scheduling_slot_reservation
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_reservation() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_reservation() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.reserved_for <> '' AND now() < OLD.opens_to_all_at
       AND (NEW.reserved_for IS DISTINCT FROM OLD.reserved_for
            OR NEW.opens_to_all_at IS NULL OR NEW.opens_to_all_at < OLD.opens_to_all_at) THEN
        RAISE EXCEPTION 'institution rule: a reservation is never loosened before its release' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE slot_id = OLD.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: a booked slot keeps its reservation' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
