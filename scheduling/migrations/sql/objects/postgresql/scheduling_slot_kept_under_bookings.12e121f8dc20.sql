-- object: function scheduling_slot_kept_under_bookings
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_kept_under_bookings() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_kept_under_bookings() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b WHERE b.slot_id = OLD.id) THEN
        RAISE EXCEPTION 'institution rule: bookings were made on this slot: it is never deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END
$$;
