-- object: function audit_seal
-- drop: DROP FUNCTION IF EXISTS public.audit_seal() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_seal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_seq bigint; v_prev text; v_hash text; r record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.audit_pending) THEN RETURN NULL; END IF;
    SELECT seq, hash INTO v_seq, v_prev FROM public.audit_chain_head WHERE id = 1 FOR UPDATE;
    FOR r IN SELECT * FROM public.audit_pending ORDER BY id LOOP
        v_seq := v_seq + 1;
        v_hash := public.audit_hash(v_prev, v_seq, r.occurred_at, r.actor, r.channel,
                                    r.request_id, r.action, r.object_type, r.object_id,
                                    r.changes);
        INSERT INTO public.audit_event (seq, occurred_at, actor, channel, request_id, action, object_type, object_id, changes, prev_hash, hash)
        VALUES (v_seq, r.occurred_at, r.actor, r.channel, r.request_id, r.action,
                r.object_type, r.object_id, r.changes, v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    DELETE FROM public.audit_pending;
    UPDATE public.audit_chain_head SET seq = v_seq, hash = v_prev WHERE id = 1;
    RETURN NULL;
END $$;
