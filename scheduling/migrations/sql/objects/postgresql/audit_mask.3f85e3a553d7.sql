-- object: function audit_mask
-- drop: DROP FUNCTION IF EXISTS public.audit_mask(text) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_mask(p_value text) RETURNS text LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT 'hmac:' || n.nonce || ':'
           || left(encode(sha256(k.outer_key || sha256(k.inner_key
                  || convert_to(n.nonce || ':' || p_value, 'UTF8'))), 'hex'), 32)
      FROM public.audit_secret k,
           (SELECT left(replace(gen_random_uuid()::text, '-', ''), 16) AS nonce) n
$$;
