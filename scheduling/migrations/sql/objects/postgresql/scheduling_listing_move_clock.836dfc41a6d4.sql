-- object: function scheduling_listing_move_clock
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_move_clock(timestamptz) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_move_clock(p_not_before timestamptz)
RETURNS timestamptz LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF p_not_before IS NULL OR p_not_before < now() - interval '1 day'
       OR p_not_before > now() + interval '31 days' THEN
        RAISE EXCEPTION 'listing clock: % is too far from now', p_not_before
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO public.scheduling_listingclock (id, not_before) VALUES (1, p_not_before)
    ON CONFLICT (id) DO UPDATE SET not_before = EXCLUDED.not_before;
    RETURN p_not_before;
END $$;
