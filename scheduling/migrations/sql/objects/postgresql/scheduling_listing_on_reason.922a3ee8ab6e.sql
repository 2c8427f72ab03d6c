-- object: function scheduling_listing_on_reason
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_reason() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_reason() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), NULL)
       FROM (SELECT n.agenda_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.online_bookable, n.duration_minutes) IS DISTINCT FROM (o.agenda_id, o.online_bookable, o.duration_minutes)
             UNION
             SELECT o.agenda_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.online_bookable, n.duration_minutes) IS DISTINCT FROM (o.agenda_id, o.online_bookable, o.duration_minutes)) c;
    RETURN NULL;
END $$;
