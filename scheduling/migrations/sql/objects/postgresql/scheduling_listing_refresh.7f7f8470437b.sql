-- object: function scheduling_listing_refresh
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_refresh(bigint[], timestamptz[]) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_refresh(p_agendas bigint[], p_starts timestamptz[])
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agenda bigint; v_changed timestamptz; v_always boolean; v_current timestamptz;
BEGIN
    FOR v_agenda, v_changed, v_always IN
        SELECT u.agenda, min(u.start), bool_or(u.start IS NULL)
          FROM unnest(p_agendas, p_starts) AS u(agenda, start)
         WHERE u.agenda IS NOT NULL GROUP BY u.agenda ORDER BY u.agenda
    LOOP
        SELECT first_start INTO v_current FROM public.scheduling_agendalisting
         WHERE agenda_id = v_agenda AND specialty_id IS NULL FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        IF v_always OR v_current IS NULL OR v_changed <= v_current THEN
            PERFORM public.scheduling_listing_set_first(v_agenda);
        END IF;
    END LOOP;
END $$;
