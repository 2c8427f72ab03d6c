-- object: trigger hospital_membership.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_membership;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_membership FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
