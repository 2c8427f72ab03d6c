-- object: function scheduling_invariant_on_agenda
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_agenda() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_agenda() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (OLD.id, NEW.id)
    ), 'this change to an agenda');
    RETURN NULL;
END
$$;
