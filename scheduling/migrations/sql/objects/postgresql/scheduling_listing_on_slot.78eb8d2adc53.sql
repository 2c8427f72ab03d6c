-- object: function scheduling_listing_on_slot
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_slot() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_slot() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT agenda_id, min(start) AS start FROM new_rows GROUP BY agenda_id) c;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT agenda_id, min(start) AS start FROM old_rows GROUP BY agenda_id) c;
    ELSE
        PERFORM public.scheduling_listing_refresh(array_agg(c.agenda_id), array_agg(c.start))
           FROM (SELECT n.agenda_id, n.start FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.start, n."end", n.status, n.rule_id, n.reserved_for, n.opens_to_all_at) IS DISTINCT FROM (o.agenda_id, o.start, o."end", o.status, o.rule_id, o.reserved_for, o.opens_to_all_at)
                 UNION ALL
                 SELECT o.agenda_id, o.start FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.agenda_id, n.start, n."end", n.status, n.rule_id, n.reserved_for, n.opens_to_all_at) IS DISTINCT FROM (o.agenda_id, o.start, o."end", o.status, o.rule_id, o.reserved_for, o.opens_to_all_at)) c;
    END IF;
    RETURN NULL;
END $$;
