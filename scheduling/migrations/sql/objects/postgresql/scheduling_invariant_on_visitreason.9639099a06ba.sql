-- object: function scheduling_invariant_on_visitreason
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_visitreason() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_visitreason() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b WHERE b.reason_id IN (OLD.id, NEW.id) AND b.status IN ('booked', 'pending')
    ), 'this change to a visit reason');
    RETURN NULL;
END
$$;
