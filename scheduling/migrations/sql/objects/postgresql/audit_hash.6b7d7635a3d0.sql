-- object: function audit_hash
-- drop: DROP FUNCTION IF EXISTS public.audit_hash(text, bigint, text, text, text, text, text, text, text, text) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_hash(prev text, seq bigint, occurred text, actor text, channel text, request_id text, action text, otype text, oid text, changes text) RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31), prev, seq::text, occurred, actor, channel,
                                              request_id, action, otype, oid, changes), 'UTF8')), 'hex')
$$;
