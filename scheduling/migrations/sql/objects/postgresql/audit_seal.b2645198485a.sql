-- object: function audit_seal
-- drop: DROP FUNCTION IF EXISTS public.audit_seal() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_seal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_seq bigint; v_prev text; v_hash text; v_pending public.audit_pending[]; r public.audit_pending;
BEGIN
    WITH taken AS (
        DELETE FROM public.audit_pending WHERE txid = pg_current_xact_id()
        RETURNING audit_pending AS p
    )
    SELECT array_agg(p ORDER BY (p).id) INTO v_pending FROM taken;
    IF v_pending IS NULL THEN RETURN NULL; END IF;
    SELECT seq, hash INTO v_seq, v_prev FROM public.audit_chain_head WHERE id = 1 FOR UPDATE;
    FOREACH r IN ARRAY v_pending LOOP
        v_seq := v_seq + 1;
        v_hash := public.audit_hash(v_prev, v_seq, r.occurred_at, r.actor, r.channel,
                                    r.request_id, r.action, r.object_type, r.object_id,
                                    r.changes);
        INSERT INTO public.audit_event (seq, occurred_at, actor, channel, request_id, action, object_type, object_id, changes, prev_hash, hash)
        VALUES (v_seq, r.occurred_at, r.actor, r.channel, r.request_id, r.action,
                r.object_type, r.object_id, r.changes, v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    UPDATE public.audit_chain_head SET seq = v_seq, hash = v_prev WHERE id = 1;
    RETURN NULL;
END $$;
