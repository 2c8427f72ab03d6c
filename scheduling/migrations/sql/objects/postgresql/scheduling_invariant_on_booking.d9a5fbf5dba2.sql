-- object: function scheduling_invariant_on_booking
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_booking() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_booking() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY[NEW.id], 'this booking');
    RETURN NULL;
END
$$;
