-- object: function scheduling_local_date
-- drop: DROP FUNCTION IF EXISTS public.scheduling_local_date(timestamptz) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_local_date(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT (ts AT TIME ZONE '__TIME_ZONE__')::date
$$;
