-- object: function scheduling_normalize
-- drop: DROP FUNCTION IF EXISTS public.scheduling_normalize(text) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_normalize(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT ' ' || btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, p_text)),
                                       '[^a-z0-9]+', ' ', 'g')) || ' '
$$;
