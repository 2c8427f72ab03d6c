-- object: function audit_row_change
-- drop: DROP FUNCTION IF EXISTS public.audit_row_change() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_row_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_old jsonb; v_new jsonb; v_changes jsonb; k text;
BEGIN
    IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
    IF TG_OP = 'INSERT' THEN
        v_changes := v_new;
    ELSIF TG_OP = 'DELETE' THEN
        v_changes := v_old;
    ELSE
        SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{}')
          INTO v_changes
          FROM jsonb_each(v_new) n JOIN jsonb_each(v_old) o ON o.key = n.key
         WHERE n.value IS DISTINCT FROM o.value;
    END IF;
    -- Masked after comparing: each hash has its own nonce.
    FOREACH k IN ARRAY coalesce(TG_ARGV, '{}'::text[]) LOOP
        IF NOT v_changes ? k THEN
            CONTINUE;
        ELSIF TG_OP = 'UPDATE' THEN
            v_changes := jsonb_set(v_changes, ARRAY[k], jsonb_build_array(
                public.audit_mask_json(v_changes -> k -> 0), public.audit_mask_json(v_changes -> k -> 1)));
        ELSE
            v_changes := jsonb_set(v_changes, ARRAY[k], public.audit_mask_json(v_changes -> k));
        END IF;
    END LOOP;
    PERFORM public.audit_write(lower(TG_OP), TG_TABLE_NAME, coalesce(v_new, v_old) ->> 'id', v_changes::text);
    RETURN NULL;
END $$;
