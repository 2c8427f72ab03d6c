-- object: function hospital_affiliation_history
-- drop: DROP FUNCTION IF EXISTS public.hospital_affiliation_history() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_affiliation_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM public.scheduling_booking b
          JOIN public.scheduling_slot s ON s.id = b.slot_id
          JOIN public.scheduling_agenda a ON a.id = s.agenda_id
         WHERE a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id
           AND b.status <> 'cancelled' AND s.start <= clock_timestamp()
           AND public.scheduling_local_date(s.start) BETWEEN NEW.start_date AND coalesce(NEW.end_date, 'infinity'::date)
           AND NOT (TG_OP = 'UPDATE'
                    AND (OLD.practitioner_id, OLD.department_id) = (NEW.practitioner_id, NEW.department_id)
                    AND public.scheduling_local_date(s.start) BETWEEN OLD.start_date AND coalesce(OLD.end_date, 'infinity'::date))
           AND NOT EXISTS (
               SELECT 1 FROM public.hospital_affiliation o
                WHERE o.id <> NEW.id AND o.practitioner_id = NEW.practitioner_id
                  AND o.department_id = NEW.department_id
                  AND public.scheduling_local_date(s.start) BETWEEN o.start_date AND coalesce(o.end_date, 'infinity'::date))) THEN
        RAISE EXCEPTION 'institution rule: bookings of the past resolved outside the institution on these dates: an affiliation never covers them afterwards'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
