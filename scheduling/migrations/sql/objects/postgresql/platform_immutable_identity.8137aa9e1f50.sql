-- object: function platform_immutable_identity
-- drop: DROP FUNCTION IF EXISTS public.platform_immutable_identity() CASCADE;
CREATE OR REPLACE FUNCTION public.platform_immutable_identity() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'institution rule: the identity of a % row never changes', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
