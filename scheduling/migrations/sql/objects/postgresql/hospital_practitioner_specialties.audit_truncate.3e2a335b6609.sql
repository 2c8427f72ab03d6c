-- object: trigger hospital_practitioner_specialties.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_practitioner_specialties;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_practitioner_specialties FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
