-- object: function scheduling_listing_on_booking
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_booking() CASCADE;
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
