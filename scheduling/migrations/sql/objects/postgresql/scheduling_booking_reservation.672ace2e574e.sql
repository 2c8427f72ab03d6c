-- object: function scheduling_booking_reservation
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_reservation() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_reservation() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_reserved text; v_opens timestamptz;
BEGIN
    IF NEW.status = 'cancelled' OR (TG_OP = 'UPDATE'
       AND OLD.slot_id IS NOT DISTINCT FROM NEW.slot_id
       AND OLD.channel IS NOT DISTINCT FROM NEW.channel) THEN
        RETURN NEW;
    END IF;
    -- Shared: a reservation being changed is waited for, then read as committed.
    SELECT s.reserved_for, s.opens_to_all_at INTO v_reserved, v_opens
      FROM public.scheduling_slot s WHERE s.id = NEW.slot_id FOR SHARE;
    IF v_reserved IS NOT NULL AND now() < v_opens
       AND NOT (v_reserved = '' OR (v_reserved = 'phone' AND NEW.channel IN ('phone', 'call_centre', 'portal')) OR (v_reserved = 'partners' AND NEW.channel IN ('api', 'partner', 'portal'))) THEN
        RAISE EXCEPTION 'institution rule: this slot is reserved for other channels until its release' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
