-- object: function audit_table_truncate
-- drop: DROP FUNCTION IF EXISTS public.audit_table_truncate() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_table_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.audit_write('truncate', TG_TABLE_NAME, '', '{}');
    RETURN NULL;
END $$;
