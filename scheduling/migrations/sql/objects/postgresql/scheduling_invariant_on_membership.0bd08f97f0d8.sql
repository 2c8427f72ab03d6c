-- object: function scheduling_invariant_on_membership
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_membership() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_membership() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id IN (OLD.establishment_id, NEW.establishment_id)) UNION SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status <> 'cancelled' AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id IN (OLD.establishment_id)) AND public.scheduling_local_date(s.start) BETWEEN OLD.starts_on AND coalesce(OLD.ends_on, 'infinity'::date) AND NOT coalesce(NEW.establishment_id = OLD.establishment_id AND public.scheduling_local_date(s.start) BETWEEN NEW.starts_on AND coalesce(NEW.ends_on, 'infinity'::date), false)
    ), 'this change to a membership period');
    RETURN NULL;
END
$$;
