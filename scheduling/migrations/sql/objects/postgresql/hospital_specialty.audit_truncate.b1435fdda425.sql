-- object: trigger hospital_specialty.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_specialty;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_specialty FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
