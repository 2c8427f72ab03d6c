-- object: function scheduling_listing_set_first
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_set_first(bigint) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_set_first(p_agenda bigint) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_first timestamptz;
BEGIN
    v_first := public.scheduling_listing_first_free(p_agenda);
    UPDATE public.scheduling_agendalisting SET first_start = v_first
     WHERE agenda_id = p_agenda AND first_start IS DISTINCT FROM v_first;
END $$;
