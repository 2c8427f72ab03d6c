-- object: function audit_log_input_insert
-- drop: DROP FUNCTION IF EXISTS public.audit_log_input_insert() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_log_input_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v jsonb;
BEGIN
    IF NEW.action NOT IN ('read', 'permission', 'override', 'decision') THEN
        RAISE EXCEPTION 'audit trail: the application records only % events; row changes are recorded by the database', 'read/permission/override/decision'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v := NEW.changes::jsonb;
    IF jsonb_typeof(v -> 'masked') = 'object' THEN
        v := jsonb_set(v, '{masked}', (
            SELECT coalesce(jsonb_object_agg(m.key, public.audit_mask_json(m.value)), '{}')
              FROM jsonb_each(v -> 'masked') m));
    END IF;
    PERFORM public.audit_write(NEW.action, NEW.object_type, NEW.object_id, v::text);
    RETURN NEW;
END $$;
