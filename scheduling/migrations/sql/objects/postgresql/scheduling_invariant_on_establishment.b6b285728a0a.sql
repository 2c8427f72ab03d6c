-- object: function scheduling_invariant_on_establishment
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_establishment() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_establishment() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id IN (OLD.id, NEW.id))
    ), 'this change to an establishment');
    RETURN NULL;
END
$$;
