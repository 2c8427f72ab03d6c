-- object: function scheduling_invariant_on_affiliation
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_affiliation() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_affiliation() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a WHERE (a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id) OR (a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id)) UNION SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status <> 'cancelled' AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a WHERE a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id) AND public.scheduling_local_date(s.start) BETWEEN OLD.start_date AND coalesce(OLD.end_date, 'infinity'::date) AND NOT coalesce((NEW.practitioner_id, NEW.department_id) = (OLD.practitioner_id, OLD.department_id) AND public.scheduling_local_date(s.start) BETWEEN NEW.start_date AND coalesce(NEW.end_date, 'infinity'::date), false)
    ), 'this change to an affiliation');
    RETURN NULL;
END
$$;
