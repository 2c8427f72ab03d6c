-- object: trigger hospital_department.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_department;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_department FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
