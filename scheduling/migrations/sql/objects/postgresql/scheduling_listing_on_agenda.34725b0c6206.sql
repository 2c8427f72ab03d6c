-- object: function scheduling_listing_on_agenda
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_agenda() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_agenda() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM public.scheduling_listing_rebuild(array_agg(id)) FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM public.scheduling_agendalisting WHERE agenda_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM public.scheduling_listing_rebuild(array_agg(n.id))
           FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.is_active, n.practitioner_id, n.department_id) IS DISTINCT FROM (o.is_active, o.practitioner_id, o.department_id);
    END IF;
    RETURN NULL;
END $$;
