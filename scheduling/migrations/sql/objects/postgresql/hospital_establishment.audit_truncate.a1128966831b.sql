-- object: trigger hospital_establishment.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_establishment;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_establishment FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
