-- object: function scheduling_listing_on_department
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_department() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_department() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.department_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.name, n.specialty_id, n.establishment_id) IS DISTINCT FROM (o.name, o.specialty_id, o.establishment_id));
    RETURN NULL;
END $$;
