-- object: function audit_event_append_only
-- drop: DROP FUNCTION IF EXISTS public.audit_event_append_only() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_event_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Only the sealing trigger writes events; a hand-made event, even with a
        -- well-computed hash, is refused.
        IF pg_trigger_depth() > 1 THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'audit trail: events are written by the database only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
