-- object: function scheduling_slot_booked_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_booked_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_booked_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE slot_id = OLD.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: this slot is booked; move the booking, not the slot'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
