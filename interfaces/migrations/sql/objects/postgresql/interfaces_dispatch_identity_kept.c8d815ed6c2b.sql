-- object: function interfaces_dispatch_identity_kept
-- drop: DROP FUNCTION IF EXISTS public.interfaces_dispatch_identity_kept() CASCADE;
CREATE OR REPLACE FUNCTION public.interfaces_dispatch_identity_kept() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'outbound feed: a dispatch keeps its event, endpoint and booking; only its delivery state changes' USING ERRCODE = 'integrity_constraint_violation';
END $$;
