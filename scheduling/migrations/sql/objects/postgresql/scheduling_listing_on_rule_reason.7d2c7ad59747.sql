-- object: function scheduling_listing_on_rule_reason
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_rule_reason() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_rule_reason() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agendas bigint[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(r.agenda_id) INTO v_agendas
          FROM new_rows x JOIN public.scheduling_visitreason r ON r.id = x.visitreason_id;
        PERFORM public.scheduling_listing_refresh(v_agendas, NULL);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT array_agg(r.agenda_id) INTO v_agendas
          FROM old_rows x JOIN public.scheduling_visitreason r ON r.id = x.visitreason_id;
        PERFORM public.scheduling_listing_refresh(v_agendas, NULL);
    END IF;
    RETURN NULL;
END $$;
