-- object: function scheduling_establishment_finess_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_establishment_finess_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_establishment_finess_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                 JOIN public.scheduling_slot s ON s.id = b.slot_id
                 JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                 JOIN public.hospital_department d ON d.id = a.department_id
                WHERE d.establishment_id = NEW.id AND b.status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: bookings resolve to this establishment: its FINESS number never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
