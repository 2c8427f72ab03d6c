-- object: function audit_write
-- drop: DROP FUNCTION IF EXISTS public.audit_write(text, text, text, text) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_write(p_action text, p_type text, p_id text, p_changes text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO public.audit_pending (txid, occurred_at, actor, channel, request_id, action,
                                      object_type, object_id, changes)
    VALUES (pg_current_xact_id(),
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            coalesce(nullif(current_setting('audit.actor', true), ''), 'db:' || session_user),
            coalesce(nullif(current_setting('audit.channel', true), ''), 'sql'),
            coalesce(current_setting('audit.request_id', true), ''),
            p_action, p_type, coalesce(p_id, ''), p_changes);
    -- The transaction's one request to be sealed (the first event's; the
    -- others find it there).
    INSERT INTO public.audit_seal_request (txid) VALUES (pg_current_xact_id())
    ON CONFLICT (txid) DO NOTHING;
$$;
