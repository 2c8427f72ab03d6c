-- object: function scheduling_reason_move_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_reason_move_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_reason_move_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE reason_id = NEW.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: bookings, past or upcoming, use this visit reason: it stays in its agenda'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
