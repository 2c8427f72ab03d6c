-- object: function audit_seal_later
-- drop: DROP FUNCTION IF EXISTS public.audit_seal_later() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_seal_later() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    DELETE FROM public.audit_seal_request WHERE txid = NEW.txid;
    RETURN NULL;
END $$;
