-- object: trigger hospital_affiliation.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_affiliation;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_affiliation FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
