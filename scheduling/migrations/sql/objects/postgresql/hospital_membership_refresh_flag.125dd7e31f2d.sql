-- object: function hospital_membership_refresh_flag
-- drop: DROP FUNCTION IF EXISTS public.hospital_membership_refresh_flag() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_membership_refresh_flag() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE public.hospital_establishment e
       SET is_member = EXISTS (SELECT 1 FROM public.hospital_membership m
                                WHERE m.establishment_id = e.id AND m.ends_on IS NULL)
     WHERE e.id IN (OLD.establishment_id, NEW.establishment_id)
       AND e.is_member IS DISTINCT FROM EXISTS (
           SELECT 1 FROM public.hospital_membership m
            WHERE m.establishment_id = e.id AND m.ends_on IS NULL);
    RETURN NULL;
END
$$;
