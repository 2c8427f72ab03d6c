-- object: function hospital_establishment_kept_under_bookings
-- drop: DROP FUNCTION IF EXISTS public.hospital_establishment_kept_under_bookings() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_establishment_kept_under_bookings() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b WHERE b.slot_id = ANY (ARRAY(SELECT s.id FROM public.scheduling_slot s WHERE s.agenda_id = ANY (ARRAY(SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id = OLD.id))))) THEN
        RAISE EXCEPTION 'institution rule: bookings were made in this establishment: it is never deleted; end its membership instead'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END
$$;
