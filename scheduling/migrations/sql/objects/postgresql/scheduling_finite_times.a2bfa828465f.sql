-- object: function scheduling_finite_times
-- drop: DROP FUNCTION IF EXISTS public.scheduling_finite_times() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_finite_times() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'institution rule: dates and times are finite: no infinity in %', TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END
$$;
