-- object: function scheduling_listing_on_clock
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_on_clock() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_on_clock() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agenda bigint; v_back boolean := TG_OP = 'UPDATE' AND NEW.not_before < OLD.not_before;
BEGIN
    FOR v_agenda IN SELECT agenda_id FROM public.scheduling_agendalisting
                     WHERE specialty_id IS NULL AND (first_start < NEW.not_before OR v_back
                        OR (TG_OP = 'UPDATE' AND agenda_id IN (SELECT s.agenda_id FROM public.scheduling_slot s
                     WHERE s.reserved_for <> '' AND s.status = 'open'
                       AND s.opens_to_all_at > OLD.not_before - (NEW.not_before - now())
                       AND s.opens_to_all_at <= now())))
                     ORDER BY agenda_id FOR UPDATE SKIP LOCKED
    LOOP
        PERFORM public.scheduling_listing_set_first(v_agenda);
    END LOOP;
    RETURN NULL;
END $$;
