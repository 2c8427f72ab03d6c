-- object: function scheduling_listing_on_establishment
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_establishment() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_establishment() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id
      WHERE d.establishment_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.is_member, n.name, n.city, n.finess) IS DISTINCT FROM (o.is_member, o.name, o.city, o.finess));
    RETURN NULL;
END $$;
