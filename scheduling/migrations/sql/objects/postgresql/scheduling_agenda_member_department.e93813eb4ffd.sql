-- object: function scheduling_agenda_member_department
-- drop: DROP FUNCTION IF EXISTS public.scheduling_agenda_member_department() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_agenda_member_department() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM public.hospital_department d
      JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
     WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(clock_timestamp()))
       FOR SHARE OF d, m;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'institution rule: an agenda can only be opened in an establishment that is or will be a member'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
