-- object: function scheduling_listing_on_practitioner_specialty
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_practitioner_specialty() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_practitioner_specialty() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agendas bigint[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(a.id) INTO v_agendas FROM public.scheduling_agenda a
         WHERE a.practitioner_id IN (SELECT practitioner_id FROM new_rows);
        PERFORM public.scheduling_listing_rebuild(v_agendas);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT array_agg(a.id) INTO v_agendas FROM public.scheduling_agenda a
         WHERE a.practitioner_id IN (SELECT practitioner_id FROM old_rows);
        PERFORM public.scheduling_listing_rebuild(v_agendas);
    END IF;
    RETURN NULL;
END $$;
