-- object: function scheduling_listing_on_practitioner
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_practitioner() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_practitioner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.practitioner_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.first_name, n.last_name, n.rpps) IS DISTINCT FROM (o.first_name, o.last_name, o.rpps));
    RETURN NULL;
END $$;
