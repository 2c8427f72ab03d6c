-- object: trigger hospital_practitioner.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_practitioner;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_practitioner FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
