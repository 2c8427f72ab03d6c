-- object: function scheduling_listing_on_specialty
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_specialty() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_specialty() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_rebuild(array_agg(a.id))
       FROM public.scheduling_agenda a
      WHERE a.department_id IN (SELECT d.id FROM public.hospital_department d
                                 WHERE d.specialty_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.name) IS DISTINCT FROM (o.name)))
         OR a.practitioner_id IN (SELECT ps.practitioner_id FROM public.hospital_practitioner_specialties ps
                                   WHERE ps.specialty_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.name) IS DISTINCT FROM (o.name)));
    RETURN NULL;
END $$;
