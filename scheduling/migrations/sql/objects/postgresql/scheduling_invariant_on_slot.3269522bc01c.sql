-- object: function scheduling_invariant_on_slot
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_slot() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_slot() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b WHERE b.slot_id IN (OLD.id, NEW.id) AND b.status <> 'cancelled'
    ), 'this change to a slot');
    RETURN NULL;
END
$$;
