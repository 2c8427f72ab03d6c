-- object: function audit_mask_json
-- drop: DROP FUNCTION IF EXISTS public.audit_mask_json(jsonb) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_mask_json(p_value jsonb) RETURNS jsonb LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE WHEN p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN p_value
                ELSE to_jsonb(public.audit_mask(p_value #>> '{}')) END
$$;
