-- object: function hospital_establishment_member_flag
-- drop: DROP FUNCTION IF EXISTS public.hospital_establishment_member_flag() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_establishment_member_flag() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.is_member IS DISTINCT FROM EXISTS (
           SELECT 1 FROM public.hospital_membership m
            WHERE m.establishment_id = NEW.id AND m.ends_on IS NULL) THEN
        RAISE EXCEPTION 'institution rule: is_member follows the membership periods; change the periods'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
