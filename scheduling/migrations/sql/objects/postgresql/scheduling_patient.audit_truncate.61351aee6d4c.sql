-- object: trigger scheduling_patient.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_patient;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_patient FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
